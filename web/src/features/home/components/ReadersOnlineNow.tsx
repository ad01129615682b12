import { Link } from "react-router-dom";
import { ReaderAvatar } from "../../../components/ReaderAvatar";
import { ErrorNote, Spinner, Stars } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { count, perMinute } from "../../../lib/format";
import { useReadersOnline } from "../api/get-home";

/** The readers a visitor can start a reading with now: photo, name, rating, specialties, lowest rate. */
export function ReadersOnlineNow() {
  const readers = useReadersOnline();
  const items = readers.data?.items ?? [];
  return (
    <section className="stack" aria-labelledby="online-title">
      <div className="row spread">
        <h2 id="online-title">Readers online now</h2>
        <Link to={`${paths.readers.to()}?status=online`}>See everyone online</Link>
      </div>
      <ErrorNote error={readers.error} onRetry={() => void readers.refetch()} />
      {readers.isPending && <Spinner label="Loading readers online" />}
      {readers.data && items.length === 0 && (
        <p className="muted">
          Nobody is online this minute. <Link to={paths.readers.to()}>Browse every reader</Link> and favorite one to hear when
          they are back.
        </p>
      )}
      <ul className="grid compact" aria-label="Readers online now">
        {items.map((reader) => (
          <li key={reader.reader_id} className="card home-reader" data-reader-id={reader.reader_id}>
            <ReaderAvatar reader={reader} />
            <div className="stack tight">
              <h3>
                <Link to={paths.reader.to(reader.reader_id)}>{reader.display_name}</Link>
              </h3>
              <p className="small">
                <Stars value={reader.rating.average} />
                <span className="muted"> ({count(reader.rating.count, "review")})</span>
              </p>
              <p className="small muted">{reader.specialties.slice(0, 3).join(" · ")}</p>
              <p className="small">
                From{" "}
                {perMinute(Math.min(reader.rates.chat_cents, reader.rates.voice_cents, reader.rates.video_cents))}
              </p>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
