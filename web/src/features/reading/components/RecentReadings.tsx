import { Link } from "react-router-dom";
import { ErrorNote } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { money, when } from "../../../lib/format";
import type { useRecentSessions } from "../api/get-sessions";
import { readingKind, statusWords } from "../lib/status";

/** The reader's newest readings on the console, with their share. */
export function RecentReadings({ readings }: { readings: ReturnType<typeof useRecentSessions> }) {
  return (
    <div className="card">
      <h2>My readings</h2>
      <ErrorNote error={readings.error} />
      {readings.data?.items.length === 0 && <p className="muted">No readings yet.</p>}
      <ul>
        {readings.data?.items.map((s) => (
          <li key={s.session_id}>
            <Link to={paths.reading.to(s.session_id)}>
              {readingKind(s.type)} · {statusWords(s.status)} · {when(s.created_at)}
            </Link>{" "}
            {s.total_cents > 0 && <span className="muted">({money(s.reader_share_cents)} to you)</span>}
          </li>
        ))}
      </ul>
      <Link to={paths.readings.to()}>All my readings</Link>
    </div>
  );
}
