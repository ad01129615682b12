import type { Balance } from "../../../api/types";
import { earningsOf } from "../../../api/types";
import { money } from "../../../lib/format";

export function BalanceCard({ balance }: { balance: Balance }) {
  const earnings = earningsOf(balance);
  return (
    <div className="card">
      <p>
        Balance: <strong data-testid="wallet-balance">{money(balance.balance_cents)}</strong>
      </p>
      {balance.owed_cents > 0 && <p className="error">You owe {money(balance.owed_cents)}.</p>}
      {earnings && (
        <p>
          Earnings pending {money(earnings.pending_cents)} · paid out {money(earnings.paid_out_cents)}
        </p>
      )}
    </div>
  );
}
