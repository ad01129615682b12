import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { ok } from "../api/client";
import type { ReadingType } from "../api/types";
import { useApp } from "../app/context";
import { BusyButton, ErrorNote, Spinner, Stars, StatusBadge, useAction, useLoad } from "../components/ui";
import { perMinute, when } from "../format";
import { rememberIceServers } from "../reading/ice";

const TYPES: { type: ReadingType; label: string }[] = [
  { type: "chat", label: "Start chat" },
  { type: "voice", label: "Start voice" },
  { type: "video", label: "Start video" },
];

export default function ReaderProfilePage() {
  const { readerId = "" } = useParams();
  const { api, me, socket } = useApp();
  const navigate = useNavigate();
  const reader = useLoad(
    () => ok(api.GET("/api/readers/{id}", { params: { path: { id: readerId } } })),
    [readerId],
  );
  const reviews = useLoad(
    () => ok(api.GET("/api/readers/{id}/reviews", { params: { path: { id: readerId }, query: { limit: 10 } } })),
    [readerId],
  );
  const [favorite, setFavorite] = useState<boolean | null>(null);
  const [notifyAsked, setNotifyAsked] = useState(false);
  const isClient = me?.role === "client";

  useEffect(() => {
    if (!isClient) return;
    ok(api.GET("/api/me/favorites"))
      .then((body) => setFavorite(body.items.some((f) => f.reader_id === readerId)))
      .catch(() => setFavorite(null));
  }, [isClient, api, readerId]);

  // The status badge follows the reader live: refresh when they come online or become free.
  useEffect(() => {
    const refresh = (event: { reader_id: string }) => {
      if (event.reader_id === readerId) void reader.reload();
    };
    const a = socket.on("reader-online", refresh);
    const b = socket.on("reader-available", refresh);
    const timer = setInterval(() => document.visibilityState === "visible" && void reader.reload(), 8000);
    return () => {
      a();
      b();
      clearInterval(timer);
    };
  }, [socket, readerId, reader]);

  const start = useAction(async (type: ReadingType) => {
    const started = await ok(api.POST("/api/sessions/start", { body: { reader_id: readerId, type } }));
    rememberIceServers(started.session.session_id, started.ice_servers);
    navigate(`/readings/${started.session.session_id}`);
  });
  const toggleFavorite = useAction(async () => {
    const params = { params: { path: { reader_id: readerId } } };
    await ok(favorite ? api.DELETE("/api/me/favorites/{reader_id}", params) : api.PUT("/api/me/favorites/{reader_id}", params));
    setFavorite(!favorite);
  });
  const notify = useAction(async () => {
    await ok(api.POST("/api/readers/{id}/notify-when-free", { params: { path: { id: readerId } } }));
    setNotifyAsked(true);
  });

  if (reader.loading && !reader.data) return <Spinner label="Loading the reader" />;
  if (!reader.data)
    return (
      <section className="page">
        <ErrorNote error={reader.error} onRetry={() => void reader.reload()} />
      </section>
    );
  const r = reader.data;
  const rates: Record<ReadingType, number> = {
    chat: r.rates.chat_cents,
    voice: r.rates.voice_cents,
    video: r.rates.video_cents,
  };
  return (
    <section className="page stack">
      <div className="row">
        {r.avatar_url && <img className="avatar" src={r.avatar_url} alt="" />}
        <h1>{r.display_name}</h1>
        <StatusBadge status={r.status} />
      </div>
      <p>
        <Stars value={r.rating.average} /> <span className="muted">({r.rating.count} reviews)</span>
      </p>
      <p>{r.bio}</p>
      <p className="muted">{r.specialties.join(" · ")}</p>
      <div className="card stack">
        <h2>Start a reading</h2>
        {!me && (
          <p>
            <Link to="/sign-in">Sign in</Link> to start a reading.
          </p>
        )}
        <div className="row">
          {TYPES.map(({ type, label }) => (
            <BusyButton
              key={type}
              type="button"
              busy={start.busy}
              busyLabel="Asking the reader"
              disabled={!isClient || r.status !== "online"}
              onClick={() => void start.run(type)}
            >
              {label} · {perMinute(rates[type])}
            </BusyButton>
          ))}
        </div>
        {r.status !== "online" && <p className="muted">{r.display_name} is not available right now.</p>}
        <ErrorNote error={start.error} />
        {isClient && r.status !== "online" && (
          <div>
            {notifyAsked ? (
              <p className="success" role="status">
                We will tell you when {r.display_name} is free.
              </p>
            ) : (
              <BusyButton type="button" className="secondary" busy={notify.busy} onClick={() => void notify.run()}>
                Notify me when free
              </BusyButton>
            )}
            <ErrorNote error={notify.error} />
          </div>
        )}
        {isClient && favorite !== null && (
          <div>
            <BusyButton
              type="button"
              className="secondary"
              busy={toggleFavorite.busy}
              aria-pressed={favorite}
              onClick={() => void toggleFavorite.run()}
            >
              {favorite ? "★ Favorite (remove)" : "☆ Add to favorites"}
            </BusyButton>
            <ErrorNote error={toggleFavorite.error} />
          </div>
        )}
      </div>
      <div className="card">
        <h2>Reviews</h2>
        <ErrorNote error={reviews.error} />
        {reviews.data?.items.length === 0 && <p className="muted">No reviews yet.</p>}
        <ul className="stack" aria-label="Reviews" style={{ listStyle: "none", padding: 0 }}>
          {reviews.data?.items.map((review) => (
            <li key={review.session_id} className="review">
              <Stars value={review.rating} /> <strong>{review.client_display_name || "Anonymous"}</strong>{" "}
              <span className="muted small">{when(review.reviewed_at)}</span>
              <p>{review.text}</p>
              {review.reply && (
                <p className="small">
                  <strong>{r.display_name} replied:</strong> {review.reply}
                </p>
              )}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
