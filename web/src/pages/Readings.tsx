import { useState } from "react";
import { Link } from "react-router-dom";
import { ok } from "../api/client";
import { useApp } from "../app/context";
import { RequireSignIn } from "../components/RequireSignIn";
import { ErrorNote, Spinner, useLoad } from "../components/ui";
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
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const readings = useLoad(() => ok(api.GET("/api/sessions", { params: { query: { limit: 10, cursor } } })), [cursor]);
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
      <div className="row">
        <button type="button" className="secondary" disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Newer
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!readings.data?.next_cursor}
          onClick={() => setCursors((c) => [...c, readings.data?.next_cursor ?? undefined])}
        >
          Older
        </button>
      </div>
    </section>
  );
}
