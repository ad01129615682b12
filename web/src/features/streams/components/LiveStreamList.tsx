import { Link } from "react-router-dom";
import { ErrorNote, Spinner } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { when } from "../../../lib/format";
import { useLiveStreams } from "../api/get-live-streams";

export function LiveStreamList() {
  const streams = useLiveStreams();
  return (
    <>
      <ErrorNote error={streams.error} onRetry={() => void streams.refetch()} />
      {streams.isPending && <Spinner label="Loading streams" />}
      {streams.data?.items.length === 0 && <p className="muted">Nobody is live right now.</p>}
      <ul className="grid" aria-label="Live streams">
        {streams.data?.items.map((s) => (
          <li key={s.stream_id} className="card">
            <h2>
              <Link to={paths.stream.to(s.stream_id)}>{s.title || `${s.reader_name} is live`}</Link>
            </h2>
            <p>{s.reader_name}</p>
            <p className="small muted">
              {s.viewer_count} watching · started {when(s.started_at)}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
