import { Link } from "react-router-dom";
import { Pager } from "../../../components/paging";
import { ErrorNote, Spinner } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { money, when } from "../../../lib/format";
import { useSessionsPaged } from "../api/get-sessions";
import { readingKind, statusWords } from "../lib/status";

export function ReadingList() {
  const readings = useSessionsPaged(10);
  return (
    <>
      <ErrorNote error={readings.error} />
      {readings.loading && <Spinner label="Loading readings" />}
      {readings.data?.items.length === 0 && <p className="muted">No readings yet.</p>}
      <ul className="stack" style={{ listStyle: "none", padding: 0 }}>
        {readings.data?.items.map((s) => (
          <li key={s.session_id} className="card">
            <Link to={paths.reading.to(s.session_id)}>
              {readingKind(s.type)} · {when(s.created_at)}
            </Link>
            <p className="small muted">
              {statusWords(s.status)} · {s.minutes} min · {money(s.total_cents)}
            </p>
          </li>
        ))}
      </ul>
      <Pager paged={readings} />
    </>
  );
}
