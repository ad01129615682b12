import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/admin/actions`: the action log, newest first (or one user's). */
export function useActions(userId?: string) {
  const { api } = useApp();
  return useQuery({
    queryKey: keys.admin.actions(userId),
    queryFn: () => ok(api.GET("/api/admin/actions", { params: { query: userId ? { user_id: userId } : {} } })),
  });
}
