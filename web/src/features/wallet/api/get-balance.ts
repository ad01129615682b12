import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/payments/balance`: the balance (a reader's also carries the earnings). `balance-low` sets it,
 * `reading-minute` and `session-ended` refresh it. */
export function useBalance(enabled = true) {
  const { api } = useApp();
  return useQuery({ queryKey: keys.balance, queryFn: () => ok(api.GET("/api/payments/balance")), enabled });
}
