import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import type { Reader } from "../../../api/types";
import { ReaderAvatar } from "../../../components/ReaderAvatar";
import { ErrorNote, Spinner, Stars, StatusBadge } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { useApp } from "../../../lib/app-context";
import { count, perMinute } from "../../../lib/format";
import { useReaders, type ReaderFilters } from "../api/get-readers";

/** The readers matching the filters as cards (photo, live badge, rating, what they offer and at what rate),
 * with "Show more readers"; `actions` renders what a visitor can do on a card (start a reading). */
export function ReaderList({ filters, actions }: { filters: ReaderFilters; actions?: (reader: Reader) => ReactNode }) {
  const query = useReaders(filters);
  const { me, config } = useApp();
  const freeMinutes = me?.role === "reader" || me?.role === "admin" ? 0 : (config.storefront?.freeIntroMinutes ?? 0);
  const seen = new Set<string>();
  const readers = (query.data?.pages ?? []).flatMap((page) => page.items).filter((r) => !seen.has(r.reader_id) && seen.add(r.reader_id));
  return (
    <>
      <ErrorNote error={query.error} onRetry={() => void query.refetch()} />
      {query.isPending && <Spinner label="Loading readers" />}
      {query.data && readers.length === 0 && <p>No readers match these filters.</p>}
      <ul className="grid" aria-label="Readers">
        {readers.map((reader) => (
          <li key={reader.reader_id} className="card stack reader-card" data-reader-id={reader.reader_id}>
            <div className="row">
              <ReaderAvatar reader={reader} />
              <div className="stack tight">
                <h2>
                  <Link to={paths.reader.to(reader.reader_id)}>{reader.display_name}</Link>
                </h2>
                <div className="row">
                  <StatusBadge status={reader.status} />
                  {reader.is_new && <span className="badge new">New</span>}
                </div>
              </div>
            </div>
            <p className="small">
              <Stars value={reader.rating.average} />
              <span className="muted"> ({count(reader.rating.count, "review")})</span>
            </p>
            <p className="small">{reader.specialties.join(" · ")}</p>
            <p className="small" aria-label="Reading types and rates">
              Chat {perMinute(reader.rates.chat_cents)} · Call {perMinute(reader.rates.voice_cents)} · Video{" "}
              {perMinute(reader.rates.video_cents)}
            </p>
            {freeMinutes > 0 && <p className="small free-intro">{freeMinutes} free minutes for new clients</p>}
            {actions?.(reader)}
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
