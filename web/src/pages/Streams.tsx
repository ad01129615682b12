import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { ok } from "../api/client";
import { useApp } from "../app/context";
import { BusyButton, ErrorNote, Spinner, useAction, useLoad } from "../components/ui";
import { when } from "../format";

export default function StreamsPage() {
  const { api, me } = useApp();
  const navigate = useNavigate();
  const streams = useLoad(() => ok(api.GET("/api/streams/live", { params: { query: { limit: 24 } } })), []);
  const [title, setTitle] = useState("");
  const goLive = useAction(async () => {
    const grant = await ok(api.POST("/api/streams/create", { body: { title } }));
    navigate(`/live/${grant.stream.stream_id}`);
  });

  return (
    <section className="page stack">
      <h1>Live now</h1>
      {me?.role === "reader" && (
        <form
          className="card stack"
          aria-label="Go live"
          onSubmit={(e) => {
            e.preventDefault();
            void goLive.run();
          }}
        >
          <h2>Go live</h2>
          <div className="field">
            <label htmlFor="stream-title">Stream title</label>
            <input id="stream-title" maxLength={120} value={title} onChange={(e) => setTitle(e.target.value)} />
          </div>
          <ErrorNote error={goLive.error} />
          <BusyButton type="submit" busy={goLive.busy} busyLabel="Starting">
            Go live
          </BusyButton>
        </form>
      )}
      <ErrorNote error={streams.error} onRetry={() => void streams.reload()} />
      {streams.loading && !streams.data && <Spinner label="Loading streams" />}
      {streams.data?.items.length === 0 && <p className="muted">Nobody is live right now.</p>}
      <ul className="grid" aria-label="Live streams">
        {streams.data?.items.map((s) => (
          <li key={s.stream_id} className="card">
            <h2>
              <Link to={`/live/${s.stream_id}`}>{s.title || `${s.reader_name} is live`}</Link>
            </h2>
            <p>{s.reader_name}</p>
            <p className="small muted">
              {s.viewer_count} watching · started {when(s.started_at)}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
