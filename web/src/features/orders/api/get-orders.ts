import { ok } from "../../../api/client";
import { usePaged } from "../../../components/paging";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/orders`: the caller's orders, newest first, a page at a time. */
export function useOrders(limit: number) {
  const { api } = useApp();
  return usePaged(
    (cursor) => keys.orders.page(cursor),
    (cursor) => ok(api.GET("/api/orders", { params: { query: { limit, cursor } } })),
  );
}
