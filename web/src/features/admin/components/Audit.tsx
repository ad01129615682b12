import { BusyButton, ErrorNote, Spinner } from "../../../components/ui";
import { money, when } from "../../../lib/format";
import { useAudit } from "../api/get-audit";
import { useRunAudit } from "../api/run-audit";

export function Audit() {
  const audit = useAudit();
  const run = useRunAudit();
  const report = audit.data;
  return (
    <div className="card stack">
      <div className="row">
        <BusyButton type="button" busy={run.isPending} onClick={() => run.mutate()}>Start an audit</BusyButton>
        <button type="button" className="secondary" onClick={() => void audit.refetch()}>Show the latest report</button>
      </div>
      {run.data && <p role="status">Audit requested {when(run.data.requested_at)}; the report replaces the one below when it finishes.</p>}
      <ErrorNote error={audit.error ?? run.error} />
      {audit.isPending && <Spinner />}
      {report?.status === "never_run" && <p>No audit has run yet.</p>}
      {report?.status === "done" && (
        <div data-testid="audit-report">
          <p className={report.clean ? "success" : "error"}>{report.clean ? "The ledger balances." : "Problems found."}</p>
          <p className="small muted">
            {report.accounts} accounts · {report.entries} entries · {report.movements} movements · total {money(report.entries_total_cents)} · finished {when(report.finished_at)}
          </p>
          {report.problems.length > 0 && <ul>{report.problems.map((p) => <li key={p}>{p}</li>)}</ul>}
        </div>
      )}
    </div>
  );
}
