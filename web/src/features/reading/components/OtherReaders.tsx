import { Link } from "react-router-dom";
import { Spinner, Stars } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { perMinute } from "../../../lib/format";
import { useOtherReaders } from "../api/get-other-readers";

/** After a decline or an expiry: readers of the same specialty who are online now (never the one who said no). */
export function OtherReaders({ readerId }: { readerId: string }) {
  const query = useOtherReaders(readerId);
  const found = query.data;
  return (
    <section className="card stack" aria-label="Other readers online now">
      <h2>Other readers online now</h2>
      {query.isPending && <Spinner label="Finding readers online" />}
      {found && found.readers.length === 0 && (
        <p className="muted">
          No other {found.specialties.join(" or ")} reader is online right now.{" "}
          <Link to={paths.readers.to()}>See all readers</Link>
        </p>
      )}
      {found && found.readers.length > 0 && (
        <>
          <p className="muted small">Also reading {found.specialties.join(" and ")}:</p>
          <ul className="plain stack" aria-label="Suggested readers">
            {found.readers.map((reader) => (
              <li key={reader.reader_id} className="row suggestion" data-reader-id={reader.reader_id}>
                <Link to={paths.reader.to(reader.reader_id)}>
                  <strong>{reader.display_name}</strong>
                </Link>
                <span className="small">
                  <Stars value={reader.rating.average} /> <span className="muted">({reader.rating.count})</span>
                </span>
                <span className="small muted">
                  {reader.specialties.join(" · ")} · chat {perMinute(reader.rates.chat_cents)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
