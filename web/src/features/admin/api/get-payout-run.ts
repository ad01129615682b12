import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/admin/payouts/runs/{date}`: one day's payouts, reader by reader. */
export function usePayoutRun(date: string) {
  const { api } = useApp();
  return useQuery({
    queryKey: keys.admin.payoutRun(date),
    queryFn: () => ok(api.GET("/api/admin/payouts/runs/{date}", { params: { path: { date } } })),
  });
}
