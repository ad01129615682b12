import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/me/payouts`: the reader's payouts (amounts, transfer ids, dates) and the next run. */
export function useMyPayouts() {
  const { api } = useApp();
  return useQuery({ queryKey: keys.myPayouts, queryFn: () => ok(api.GET("/api/me/payouts")) });
}
