import { Link } from "react-router-dom";
import { ok } from "../api/client";
import { useApp } from "../app/context";
import { RequireSignIn } from "../components/RequireSignIn";
import { Pager, usePaged } from "../components/paging";
import { ErrorNote, Spinner } from "../components/ui";
import { money, when } from "../format";

export default function ReadingsPage() {
  return (
    <RequireSignIn>
      <Readings />
    </RequireSignIn>
  );
}

function Readings() {
  const { api } = useApp();
  const readings = usePaged((cursor) => ok(api.GET("/api/sessions", { params: { query: { limit: 10, cursor } } })), []);
  return (
    <section className="page stack">
      <h1>My readings</h1>
      <ErrorNote error={readings.error} />
      {readings.loading && <Spinner label="Loading readings" />}
      {readings.data?.items.length === 0 && <p className="muted">No readings yet.</p>}
      <ul className="stack" style={{ listStyle: "none", padding: 0 }}>
        {readings.data?.items.map((s) => (
          <li key={s.session_id} className="card">
            <Link to={`/readings/${s.session_id}`}>
              {s.type} reading · {when(s.created_at)}
            </Link>
            <p className="small muted">
              {s.status} · {s.minutes} min · {money(s.total_cents)}
            </p>
          </li>
        ))}
      </ul>
      <Pager paged={readings} />
    </section>
  );
}
