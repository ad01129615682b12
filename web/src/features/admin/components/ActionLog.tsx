import { ErrorNote, Spinner } from "../../../components/ui";
import { when } from "../../../lib/format";
import type { components } from "../../../api/schema";
import { useActions } from "../api/get-actions";

type Action = components["schemas"]["ActionView"];

export function ActionLog() {
  const actions = useActions();
  return (
    <div className="card" data-testid="action-log">
      <ErrorNote error={actions.error} />
      {actions.isPending && <Spinner />}
      {actions.data && <ActionRows items={actions.data.items} />}
    </div>
  );
}

export function ActionRows({ items }: { items: Action[] }) {
  if (items.length === 0) return <p className="muted">No actions yet.</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr><th>When</th><th>Who</th><th>What</th><th>On</th><th>Why</th><th>State</th></tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.action_id} data-action={a.action}>
              <td>{when(a.at)}</td>
              <td>{a.actor_id}</td>
              <td>{a.action.replaceAll("_", " ")}</td>
              <td>{a.target_id ?? a.subject ?? "—"}</td>
              <td>{a.reason ?? "—"}</td>
              <td>{a.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
