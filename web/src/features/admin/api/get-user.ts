import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/admin/users/{id}`: role, block, money, ledger, readings, orders, disputes, actions. */
export function useAdminUser(userId: string) {
  const { api } = useApp();
  return useQuery({
    queryKey: keys.admin.user(userId),
    queryFn: () => ok(api.GET("/api/admin/users/{id}", { params: { path: { id: userId } } })),
  });
}
