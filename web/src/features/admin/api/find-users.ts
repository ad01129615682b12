import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/admin/users?q=`: users whose id, display name or email contains `q`. */
export function useFindUsers(q: string) {
  const { api } = useApp();
  return useQuery({
    queryKey: keys.admin.users(q),
    queryFn: () => ok(api.GET("/api/admin/users", { params: { query: { q } } })),
  });
}
