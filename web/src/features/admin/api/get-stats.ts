import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/admin/stats`: readings active now, readers online, money windows, payouts due, open disputes. */
export function useAdminStats() {
  const { api } = useApp();
  return useQuery({ queryKey: keys.admin.stats, queryFn: () => ok(api.GET("/api/admin/stats")) });
}
