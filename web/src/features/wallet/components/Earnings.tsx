import type { ReactNode } from "react";
import { earningsOf } from "../../../api/types";
import { ErrorNote, Spinner } from "../../../components/ui";
import { money } from "../../../lib/format";
import { useBalance } from "../api/get-balance";

/** A reader's earnings: pending and paid out; `children` follows (the console puts the payout account there). */
export function Earnings({ children }: { children?: ReactNode }) {
  const balance = useBalance();
  const earnings = earningsOf(balance.data);
  return (
    <div className="card stack">
      <h2>Earnings</h2>
      <ErrorNote error={balance.error} />
      {balance.isPending && <Spinner label="Loading earnings" />}
      {earnings && (
        <p>
          Pending <strong data-testid="earnings-pending">{money(earnings.pending_cents)}</strong> · Paid out{" "}
          <strong>{money(earnings.paid_out_cents)}</strong>
          {earnings.owed_back_cents > 0 && <> · Owed back {money(earnings.owed_back_cents)}</>}
        </p>
      )}
      <p className="small muted">Payouts run daily once you are owed at least $15.00.</p>
      {children}
    </div>
  );
}
