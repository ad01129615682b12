import { useState } from "react";
import { Link } from "react-router-dom";
import { ok } from "../api/client";
import type { SessionDetails, SessionSummary } from "../api/types";
import { useApp } from "../app/context";
import { BusyButton, ErrorNote, useAction } from "../components/ui";
import { money } from "../format";
import type { ChatLine } from "./Chat";

const DISPUTE_WINDOW_MS = 72 * 3600 * 1000;

const REASONS: Record<string, string> = {
  client_ended: "You or the client ended it.",
  reader_ended: "The reader ended it.",
  insufficient_funds: "The balance ran out.",
  not_answered: "The reader did not answer.",
  declined: "The reader declined.",
  withdrawn: "The request was withdrawn.",
};

export function Summary({
  session,
  summary,
  role,
  lines,
  onChanged,
}: {
  session: SessionDetails;
  summary: SessionSummary | null;
  role: "client" | "reader";
  lines: ChatLine[];
  onChanged: () => void;
}) {
  const { api } = useApp();
  const s = summary ?? session;
  const [rating, setRating] = useState(5);
  const [text, setText] = useState("");
  const [anonymous, setAnonymous] = useState(false);
  const [reviewed, setReviewed] = useState(session.rating !== null);
  const [reason, setReason] = useState("");
  const [disputed, setDisputed] = useState(false);

  const review = useAction(async () => {
    await ok(api.POST("/api/sessions/{id}/review", { params: { path: { id: session.session_id } }, body: { rating, text, anonymous } }));
    setReviewed(true);
    onChanged();
  });
  const dispute = useAction(async () => {
    await ok(api.POST("/api/sessions/{id}/dispute", { params: { path: { id: session.session_id } }, body: { reason } }));
    setDisputed(true);
  });

  const endedAt = session.ended_at ? Date.parse(session.ended_at) : Date.now();
  const canDispute = role === "client" && s.total_cents > 0 && Date.now() - endedAt < DISPUTE_WINDOW_MS;
  const cancelled = session.status === "cancelled" || s.status === "cancelled";

  return (
    <section className="page stack" aria-labelledby="summary-title">
      <h1 id="summary-title">{cancelled ? "Request cancelled" : "Reading summary"}</h1>
      <div className="card" data-testid="reading-summary">
        <dl>
          <dt>Minutes</dt>
          <dd data-testid="summary-minutes">{s.minutes}</dd>
          <dt>Paid minutes</dt>
          <dd>{s.paid_minutes}</dd>
          <dt>{role === "client" ? "Total charged" : "Total billed"}</dt>
          <dd data-testid="summary-total">{money(s.total_cents)}</dd>
          {role === "reader" && (
            <>
              <dt>Your earnings</dt>
              <dd>{money(s.reader_share_cents)}</dd>
            </>
          )}
          {s.end_reason && (
            <>
              <dt>Why it ended</dt>
              <dd>{REASONS[s.end_reason] ?? s.end_reason.replace(/_/g, " ")}</dd>
            </>
          )}
        </dl>
      </div>
      {lines.length > 0 && (
        <details className="card">
          <summary>Chat transcript ({lines.length} messages)</summary>
          <ol className="chat-log">
            {lines.map((l) => (
              <li key={l.key}>
                <strong>{l.from === role ? "You" : l.from}:</strong> {l.text}
              </li>
            ))}
          </ol>
        </details>
      )}
      {role === "client" && !cancelled && (
        <div className="card stack">
          <h2>Your review</h2>
          {reviewed ? (
            <p className="success" role="status">
              Thank you for your review. <Link to={`/readers/${session.reader_id}`}>See it on the profile</Link>
            </p>
          ) : s.paid_minutes < 1 ? (
            <p className="muted">Readings with at least one paid minute can be reviewed.</p>
          ) : (
            <form
              className="stack"
              onSubmit={(e) => {
                e.preventDefault();
                void review.run();
              }}
            >
              <fieldset>
                <legend>Rating</legend>
                <div className="row">
                  {[1, 2, 3, 4, 5].map((n) => (
                    <label key={n} className="row" style={{ fontWeight: 400 }}>
                      <input
                        type="radio"
                        name="rating"
                        value={n}
                        checked={rating === n}
                        onChange={() => setRating(n)}
                        style={{ width: "auto" }}
                      />
                      {n} star{n > 1 ? "s" : ""}
                    </label>
                  ))}
                </div>
              </fieldset>
              <div className="field">
                <label htmlFor="review-text">Your words (optional)</label>
                <textarea id="review-text" rows={3} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} />
              </div>
              <label className="row" style={{ fontWeight: 400 }}>
                <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} style={{ width: "auto" }} />
                Show my review as “Anonymous”
              </label>
              <BusyButton type="submit" busy={review.busy} busyLabel="Sending">
                Send review
              </BusyButton>
              <ErrorNote error={review.error} />
            </form>
          )}
        </div>
      )}
      {canDispute && (
        <div className="card stack">
          <h2>Report a problem</h2>
          {disputed ? (
            <p className="success" role="status">
              Thank you. Our team will look into it and get back to you.
            </p>
          ) : (
            <form
              className="stack"
              onSubmit={(e) => {
                e.preventDefault();
                void dispute.run();
              }}
            >
              <div className="field">
                <label htmlFor="dispute-reason">What went wrong?</label>
                <textarea id="dispute-reason" rows={3} required minLength={3} value={reason} onChange={(e) => setReason(e.target.value)} />
              </div>
              <BusyButton type="submit" className="secondary" busy={dispute.busy} busyLabel="Sending">
                Report a problem
              </BusyButton>
              <ErrorNote error={dispute.error} />
            </form>
          )}
        </div>
      )}
      <p>
        <Link to={role === "reader" ? "/console" : `/readers/${session.reader_id}`}>
          {role === "reader" ? "Back to the console" : "Back to the reader"}
        </Link>
      </p>
    </section>
  );
}
