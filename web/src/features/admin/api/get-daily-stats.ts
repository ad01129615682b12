import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/admin/stats/daily?days=`: one point per day (revenue, billed minutes, top-ups, refunds, payouts). */
export function useDailyStats(days: number) {
  const { api } = useApp();
  return useQuery({
    queryKey: keys.admin.daily(days),
    queryFn: () => ok(api.GET("/api/admin/stats/daily", { params: { query: { days } } })),
  });
}
