import { useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { ok } from "../api/client";
import type { Reader, ReaderStatus } from "../api/types";
import { useApp } from "../app/context";
import { ErrorNote, Spinner, Stars, StatusBadge, useLoad } from "../components/ui";
import { perMinute } from "../format";

const SPECIALTIES = ["tarot", "love", "astrology", "career", "mediumship", "dreams"];
const REFRESH_MS = 8000;

export function ReadersPage() {
  const { api } = useApp();
  const [params, setParams] = useSearchParams();
  const status = (params.get("status") ?? "") as ReaderStatus | "";
  const specialty = params.get("specialty") ?? "";
  const [cursor, setCursor] = useState<string | null>(null);
  const [more, setMore] = useState<Reader[]>([]);

  const { data, error, loading, reload } = useLoad(
    () =>
      ok(
        api.GET("/api/readers", {
          params: { query: { status: status || undefined, specialty: specialty || undefined, limit: 24 } },
        }),
      ),
    [status, specialty],
  );

  useEffect(() => {
    setMore([]);
    setCursor(null);
  }, [status, specialty]);
  useEffect(() => setCursor(data?.next_cursor ?? null), [data]);

  // Live badges: the first page refreshes on its own while the page is open and visible.
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") void reload();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  const loadMore = async () => {
    if (!cursor) return;
    const page = await ok(
      api.GET("/api/readers", {
        params: { query: { status: status || undefined, specialty: specialty || undefined, limit: 24, cursor } },
      }),
    );
    setMore((all) => [...all, ...page.items]);
    setCursor(page.next_cursor);
  };

  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const readers = [...(data?.items ?? []), ...more.filter((m) => !data?.items.some((d) => d.reader_id === m.reader_id))];
  return (
    <section className="page">
      <h1>Find your reader</h1>
      <form className="inline-fields" onSubmit={(e) => e.preventDefault()} aria-label="Filter readers">
        <div className="field">
          <label htmlFor="filter-specialty">Specialty</label>
          <select id="filter-specialty" value={specialty} onChange={(e) => set("specialty", e.target.value)}>
            <option value="">All specialties</option>
            {SPECIALTIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" value={status} onChange={(e) => set("status", e.target.value)}>
            <option value="">Anyone</option>
            <option value="online">Online now</option>
            <option value="busy">In a reading</option>
            <option value="offline">Offline</option>
          </select>
        </div>
      </form>
      <ErrorNote error={error} onRetry={() => void reload()} />
      {loading && !data && <Spinner label="Loading readers" />}
      {data && readers.length === 0 && <p>No readers match these filters.</p>}
      <ul className="grid" aria-label="Readers">
        {readers.map((reader) => (
          <li key={reader.reader_id} className="card stack" data-reader-id={reader.reader_id}>
            <div className="row">
              <h2>
                <Link to={`/readers/${reader.reader_id}`}>{reader.display_name}</Link>
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
      {cursor && (
        <button type="button" className="secondary" onClick={() => void loadMore()}>
          Show more readers
        </button>
      )}
    </section>
  );
}
