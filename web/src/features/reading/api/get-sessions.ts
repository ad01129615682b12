import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { usePaged } from "../../../components/paging";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/sessions`: the caller's readings, newest first, a page at a time. */
export function useSessionsPaged(limit: number) {
  const { api } = useApp();
  return usePaged(
    (cursor) => keys.readings.list(limit, cursor),
    (cursor) => ok(api.GET("/api/sessions", { params: { query: { limit, cursor } } })),
  );
}

/** The newest `limit` readings only (the console's list). */
export function useRecentSessions(limit: number) {
  const { api } = useApp();
  return useQuery({
    queryKey: keys.readings.list(limit, undefined),
    queryFn: () => ok(api.GET("/api/sessions", { params: { query: { limit } } })),
  });
}
