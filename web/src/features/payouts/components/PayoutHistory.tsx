import { ErrorNote, Spinner } from "../../../components/ui";
import { money, when } from "../../../lib/format";
import { useMyPayouts } from "../api/get-my-payouts";

/** A reader's payouts: each run's amount, transfer and date, a failure's reason, and the next run. */
export function PayoutHistory() {
  const payouts = useMyPayouts();
  const p = payouts.data;
  return (
    <div className="card stack" data-testid="payout-history">
      <h2>Payouts</h2>
      <ErrorNote error={payouts.error} />
      {payouts.isPending && <Spinner label="Loading payouts" />}
      {p && (
        <>
          <p>
            Next payout {p.next_payout_at ? when(p.next_payout_at) : "with the next daily run"}:{" "}
            <strong>{p.available_cents >= p.minimum_cents ? money(p.available_cents) : "nothing yet"}</strong>
            {p.available_cents < p.minimum_cents && <span className="muted"> (paid once you are owed {money(p.minimum_cents)})</span>}
          </p>
          {p.items.length === 0 ? (
            <p className="muted">No payouts yet.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead><tr><th>Day</th><th>Amount</th><th>Status</th><th>Transfer</th></tr></thead>
                <tbody>
                  {p.items.map((item) => (
                    <tr key={item.payout_id}>
                      <td>{item.payout_date}</td>
                      <td>{money(item.amount_cents)}</td>
                      <td>{item.status}{item.last_error && <span className="small muted"> · {item.last_error}</span>}</td>
                      <td>{item.transfer_id ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  );
}
