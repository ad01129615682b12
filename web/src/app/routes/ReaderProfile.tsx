import { Link, useParams } from "react-router-dom";
import { ErrorNote, Spinner } from "../../components/ui";
import { paths } from "../../config/paths";
import { FavoriteButton } from "../../features/favorites/components/FavoriteButton";
import { useReader } from "../../features/readers/api/get-reader";
import { NotifyWhenFree } from "../../features/readers/components/NotifyWhenFree";
import { ReaderHeader } from "../../features/readers/components/ReaderHeader";
import { ReaderReviews } from "../../features/readers/components/ReaderReviews";
import { StartReading } from "../../features/reading/components/StartReading";
import { useApp } from "../../lib/app-context";

export default function ReaderProfilePage() {
  const { readerId = "" } = useParams();
  const { me } = useApp();
  const reader = useReader(readerId); // its status badge follows reader-online / reader-available events
  const isClient = me?.role === "client";

  if (reader.isPending) return <Spinner label="Loading the reader" />;
  if (!reader.data)
    return (
      <section className="page">
        <ErrorNote error={reader.error} onRetry={() => void reader.refetch()} />
      </section>
    );
  const r = reader.data;
  return (
    <section className="page stack">
      <ReaderHeader reader={r} />
      <div className="card stack">
        <h2>Start a reading</h2>
        {!me && (
          <p>
            <Link to={paths.signIn.to()}>Sign in</Link> to start a reading.
          </p>
        )}
        <StartReading reader={r} canStart={isClient} />
        {isClient && r.status !== "online" && <NotifyWhenFree readerId={r.reader_id} readerName={r.display_name} />}
        {isClient && <FavoriteButton readerId={r.reader_id} />}
      </div>
      <ReaderReviews readerId={r.reader_id} readerName={r.display_name} />
    </section>
  );
}
