import { useMutation, useQueryClient } from "@tanstack/react-query";
import { idempotencyKey, ok } from "../../../api/client";
import type { components } from "../../../api/schema";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

export type NewProduct = components["schemas"]["ProductInput"];

/** `POST /api/products`: a reader lists a new product. */
export function useCreateProduct() {
  const { api } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewProduct) => ok(api.POST("/api/products", { body, headers: { "Idempotency-Key": idempotencyKey() } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.products.all }),
  });
}
