import { ok } from "../../../api/client";
import { usePaged } from "../../../components/paging";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

export type LedgerAccount = "balance" | "earnings";

/** `GET /api/payments/transactions`: one account's entries, newest first, a page at a time. */
export function useTransactions(account: LedgerAccount, limit: number) {
  const { api } = useApp();
  return usePaged(
    (cursor) => keys.transactions.page(account, cursor),
    (cursor) => ok(api.GET("/api/payments/transactions", { params: { query: { account, limit, cursor } } })),
  );
}
