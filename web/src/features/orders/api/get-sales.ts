import { ok } from "../../../api/client";
import { usePaged } from "../../../components/paging";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/orders/sales`: the seller's orders with the addresses to ship to, newest first. */
export function useSales(limit: number) {
  const { api } = useApp();
  return usePaged(
    (cursor) => [...keys.orders.all, "sales", cursor ?? null] as const,
    (cursor) => ok(api.GET("/api/orders/sales", { params: { query: { limit, cursor } } })),
  );
}
