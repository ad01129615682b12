import { Link } from "react-router-dom";
import { ErrorNote, Spinner } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { useLiveNow } from "../api/get-home";

/** The newest live streams: free to watch, gifts optional. */
export function LiveNow() {
  const streams = useLiveNow();
  const items = streams.data?.items ?? [];
  return (
    <section className="stack" aria-labelledby="live-title">
      <div className="row spread">
        <h2 id="live-title">Live now</h2>
        <Link to={paths.streams.to()}>All live streams</Link>
      </div>
      <ErrorNote error={streams.error} onRetry={() => void streams.refetch()} />
      {streams.isPending && <Spinner label="Loading live streams" />}
      {streams.data && items.length === 0 && <p className="muted">Nobody is streaming right now; streams are free to watch when they are.</p>}
      <ul className="grid compact" aria-label="Live now">
        {items.map((s) => (
          <li key={s.stream_id} className="card stack tight">
            <p className="small">
              <span className="badge badge-live">Live</span> {s.viewer_count} watching
            </p>
            <h3>
              <Link to={paths.stream.to(s.stream_id)}>{s.title || `${s.reader_name} is live`}</Link>
            </h3>
            <p className="small muted">with {s.reader_name}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
