import { useMutation, useQueryClient } from "@tanstack/react-query";
import { idempotencyKey, ok } from "../../../api/client";
import type { Address } from "../../../api/types";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `POST /api/products/{id}/purchase`: pays from the balance; the order and the new balance come back. */
export function usePurchaseProduct(productId: string) {
  const { api } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ quantity, address }: { quantity: number; address: Address | null }) =>
      ok(
        api.POST("/api/products/{id}/purchase", {
          params: { path: { id: productId } },
          body: { quantity, shipping_address: address },
          headers: { "Idempotency-Key": idempotencyKey() },
        }),
      ),
    onSuccess: async () => {
      void queryClient.invalidateQueries({ queryKey: keys.balance });
      void queryClient.invalidateQueries({ queryKey: keys.orders.all });
      await queryClient.invalidateQueries({ queryKey: keys.products.all });
    },
  });
}
