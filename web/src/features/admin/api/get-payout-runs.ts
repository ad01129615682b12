import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/admin/payouts/runs`: the runs of the last 30 days, newest first. */
export function usePayoutRuns() {
  const { api } = useApp();
  return useQuery({ queryKey: keys.admin.payoutRuns, queryFn: () => ok(api.GET("/api/admin/payouts/runs")) });
}
