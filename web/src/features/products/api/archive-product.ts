import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `POST /api/products/{id}/archive`: takes a product off sale. */
export function useArchiveProduct(productId: string) {
  const { api } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => ok(api.POST("/api/products/{id}/archive", { params: { path: { id: productId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.products.all }),
  });
}
