import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `PUT /api/products/{id}`: new price and stock. */
export function useUpdateProduct(productId: string) {
  const { api } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { price_cents: number; inventory: number }) =>
      ok(api.PUT("/api/products/{id}", { params: { path: { id: productId } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.products.all }),
  });
}
