import { useState } from "react";
import { ok } from "../api/client";
import { earningsOf } from "../api/types";
import { useApp } from "../app/context";
import { AddFunds } from "../components/AddFunds";
import { RequireSignIn } from "../components/RequireSignIn";
import { Pager, usePaged } from "../components/paging";
import { ErrorNote, Spinner, useLoad } from "../components/ui";
import { money, when } from "../format";

const PAGE = 10;

export default function WalletPage() {
  return (
    <RequireSignIn>
      <Wallet />
    </RequireSignIn>
  );
}

function Wallet() {
  const { api, me } = useApp();
  const balance = useLoad(() => ok(api.GET("/api/payments/balance")), []);
  const earnings = earningsOf(balance.data);
  const [account, setAccount] = useState<"balance" | "earnings">("balance");
  const txns = usePaged(
    (cursor) => ok(api.GET("/api/payments/transactions", { params: { query: { account, limit: PAGE, cursor } } })),
    [account],
  );

  return (
    <section className="page stack">
      <h1>Wallet</h1>
      <ErrorNote error={balance.error} onRetry={() => void balance.reload()} />
      {balance.data ? (
        <div className="card">
          <p>
            Balance: <strong data-testid="wallet-balance">{money(balance.data.balance_cents)}</strong>
          </p>
          {balance.data.owed_cents > 0 && <p className="error">You owe {money(balance.data.owed_cents)}.</p>}
          {earnings && (
            <p>
              Earnings pending {money(earnings.pending_cents)} · paid out {money(earnings.paid_out_cents)}
            </p>
          )}
        </div>
      ) : (
        balance.loading && <Spinner label="Loading your balance" />
      )}
      {me?.role === "client" && (
        <AddFunds
          onFunded={() => {
            void balance.reload();
            txns.first();
            void txns.reload();
          }}
        />
      )}
      <div className="card">
        <h2>Transactions</h2>
        {me?.role === "reader" && (
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
    </section>
  );
}
