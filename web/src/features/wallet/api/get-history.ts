import { ok } from "../../../api/client";
import { usePaged } from "../../../components/paging";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/me/history`: the money in words, one line per reading, gift, order and top-up, newest first. */
export function useHistory(limit: number) {
  const { api } = useApp();
  return usePaged(
    (cursor) => keys.history.page(cursor),
    (cursor) => ok(api.GET("/api/me/history", { params: { query: { limit, cursor } } })),
  );
}
