import { Link } from "react-router-dom";
import { ErrorNote, Spinner, Stars, StatusBadge } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { perMinute } from "../../../lib/format";
import { useReaders, type ReaderFilters } from "../api/get-readers";

/** The readers matching the filters, with live badges and "Show more readers". */
export function ReaderList({ filters }: { filters: ReaderFilters }) {
  const query = useReaders(filters);
  const seen = new Set<string>();
  const readers = (query.data?.pages ?? []).flatMap((page) => page.items).filter((r) => !seen.has(r.reader_id) && seen.add(r.reader_id));
  return (
    <>
      <ErrorNote error={query.error} onRetry={() => void query.refetch()} />
      {query.isPending && <Spinner label="Loading readers" />}
      {query.data && readers.length === 0 && <p>No readers match these filters.</p>}
      <ul className="grid" aria-label="Readers">
        {readers.map((reader) => (
          <li key={reader.reader_id} className="card stack" data-reader-id={reader.reader_id}>
            <div className="row">
              <h2>
                <Link to={paths.reader.to(reader.reader_id)}>{reader.display_name}</Link>
              </h2>
              <StatusBadge status={reader.status} />
            </div>
            <Stars value={reader.rating.average} />
            <span className="muted small"> ({reader.rating.count} reviews)</span>
            <p className="small">{reader.specialties.join(" · ")}</p>
            <p className="small">
              Chat {perMinute(reader.rates.chat_cents)} · Voice {perMinute(reader.rates.voice_cents)} · Video{" "}
              {perMinute(reader.rates.video_cents)}
            </p>
          </li>
        ))}
      </ul>
      {query.hasNextPage && (
        <button type="button" className="secondary" onClick={() => void query.fetchNextPage()}>
          Show more readers
        </button>
      )}
    </>
  );
}
