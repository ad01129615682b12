import { useState } from "react";
import { BusyButton, ErrorNote, Spinner } from "../../../components/ui";
import { count, money, when } from "../../../lib/format";
import { usePayoutRun } from "../api/get-payout-run";
import { usePayoutRuns } from "../api/get-payout-runs";
import { useRetryPayout } from "../api/retry-payout";
import { useRunPayouts } from "../api/run-payouts";

export function Payouts() {
  const run = useRunPayouts();
  const runs = usePayoutRuns();
  const [shown, setShown] = useState<string | null>(null);
  const result = run.data;
  return (
    <div className="stack">
      <div className="card stack">
        <h3>Today's run</h3>
        <div className="row">
          <BusyButton type="button" className="secondary" busy={run.isPending && run.variables === true} onClick={() => run.mutate(true)}>Dry run</BusyButton>
          <BusyButton type="button" busy={run.isPending && run.variables === false} onClick={() => run.mutate(false)}>Run payouts now</BusyButton>
        </div>
        <ErrorNote error={run.error} />
        {result && (
          <p role="status" data-testid="payout-result">
            {result.dry_run ? `Would pay ${money(result.would_pay_cents)}` : `Paid ${count(result.paid_count, "reader")} ${money(result.paid_cents)}`}
            {result.failed_count > 0 && ` · ${result.failed_count} failed`} · {result.below_minimum_count} below the {money(result.minimum_cents)} minimum
          </p>
        )}
      </div>
      <div className="card table-wrap">
        <h3>History</h3>
        <ErrorNote error={runs.error} />
        {runs.isPending && <Spinner />}
        {runs.data?.items.length === 0 && <p className="muted">No runs yet.</p>}
        {runs.data && runs.data.items.length > 0 && (
          <table data-testid="payout-runs">
            <thead><tr><th>Day</th><th>Readers</th><th>Paid</th><th>Failed</th><th>Pending</th><th /></tr></thead>
            <tbody>
              {runs.data.items.map((r) => (
                <tr key={r.payout_date}>
                  <td>{r.payout_date}</td>
                  <td>{r.readers}</td>
                  <td>{r.paid_count} · {money(r.paid_cents)}</td>
                  <td>{r.failed_count}</td>
                  <td>{r.pending_count}</td>
                  <td><button type="button" className="link" onClick={() => setShown(r.payout_date)}>Details</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {shown && <RunDetail date={shown} />}
    </div>
  );
}

function RunDetail({ date }: { date: string }) {
  const run = usePayoutRun(date);
  const retry = useRetryPayout();
  return (
    <div className="card table-wrap" data-testid={`payout-run-${date}`}>
      <h3>Run of {date}</h3>
      <ErrorNote error={run.error ?? retry.error} />
      {run.isPending && <Spinner />}
      {run.data && (
        <table>
          <thead><tr><th>Reader</th><th>Amount</th><th>Status</th><th>Transfer</th><th>Updated</th><th /></tr></thead>
          <tbody>
            {run.data.payouts.map((p) => (
              <tr key={p.payout_id}>
                <td>{p.reader_id}</td>
                <td>{money(p.amount_cents)}</td>
                <td>{p.status}{p.last_error && <span className="small muted"> · {p.last_error}</span>}</td>
                <td>{p.transfer_id ?? "—"}</td>
                <td>{when(p.updated_at)}</td>
                <td>
                  {(p.status === "failed" || p.status === "pending") && (
                    <BusyButton type="button" className="secondary" busy={retry.isPending} onClick={() => retry.mutate({ payout_id: p.payout_id, reason: "Retried from the console" })}>
                      Retry
                    </BusyButton>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
