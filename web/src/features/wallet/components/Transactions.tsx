import { useState } from "react";
import { Pager } from "../../../components/paging";
import { ErrorNote, Spinner } from "../../../components/ui";
import { money, when } from "../../../lib/format";
import { useTransactions, type LedgerAccount } from "../api/get-transactions";

const PAGE = 10;

/** The ledger entries of the balance (and, for a reader, the earnings), newest first. */
export function Transactions({ isReader }: { isReader: boolean }) {
  const [account, setAccount] = useState<LedgerAccount>("balance");
  const txns = useTransactions(account, PAGE);
  return (
    <div className="card">
      <h2>Transactions</h2>
      {isReader && (
        <div className="row" role="group" aria-label="Account">
          {(["balance", "earnings"] as const).map((a) => (
            <button
              key={a}
              type="button"
              className="secondary"
              aria-pressed={account === a}
              onClick={() => {
                setAccount(a);
                txns.first();
              }}
            >
              {a === "balance" ? "Balance" : "Earnings"}
            </button>
          ))}
        </div>
      )}
      <ErrorNote error={txns.error} />
      {txns.loading && <Spinner label="Loading transactions" />}
      {txns.data && txns.data.items.length === 0 && <p className="muted">No transactions yet.</p>}
      {txns.data && txns.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">Transactions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Type</th>
                <th scope="col">Amount</th>
              </tr>
            </thead>
            <tbody>
              {txns.data.items.map((t) => (
                <tr key={t.id}>
                  <td>{when(t.created_at)}</td>
                  <td>{t.type}</td>
                  <td>{money(t.amount_cents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager paged={txns} />
    </div>
  );
}
