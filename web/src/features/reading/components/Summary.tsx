import { useState } from "react";
import { Link } from "react-router-dom";
import type { SessionDetails } from "../../../api/types";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { money } from "../../../lib/format";
import { useDisputeReading } from "../api/dispute-reading";
import { useReviewReading } from "../api/review-reading";
import { endReasonText } from "../lib/end-reasons";
import type { ChatLine } from "./Chat";

const DISPUTE_WINDOW_MS = 72 * 3600 * 1000;


/** The ended (or cancelled) reading: what it cost, its transcript, the client's review and dispute. The
 * session already carries the summary (the end's answer or the `session-ended` event put it there). */
export function Summary({ session, role, lines }: { session: SessionDetails; role: "client" | "reader"; lines: ChatLine[] }) {
  const s = session;
  const [rating, setRating] = useState(5);
  const [text, setText] = useState("");
  const [anonymous, setAnonymous] = useState(false);
  const [reviewed, setReviewed] = useState(session.rating !== null);
  const [reason, setReason] = useState("");
  const [disputed, setDisputed] = useState(false);

  const review = useReviewReading(session.session_id, session.reader_id);
  const dispute = useDisputeReading(session.session_id);

  const endedAt = session.ended_at ? Date.parse(session.ended_at) : Date.now();
  const canDispute = role === "client" && s.total_cents > 0 && Date.now() - endedAt < DISPUTE_WINDOW_MS;
  const cancelled = session.status === "cancelled";

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
              <dd>{endReasonText(s.end_reason, role)}</dd>
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
              Thank you for your review. <Link to={paths.reader.to(session.reader_id)}>See it on the profile</Link>
            </p>
          ) : s.paid_minutes < 1 ? (
            <p className="muted">Readings with at least one paid minute can be reviewed.</p>
          ) : (
            <form
              className="stack"
              onSubmit={(e) => {
                e.preventDefault();
                review.mutate({ rating, text, anonymous }, { onSuccess: () => setReviewed(true) });
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
              <BusyButton type="submit" busy={review.isPending} busyLabel="Sending">
                Send review
              </BusyButton>
              <ErrorNote error={review.error} />
            </form>
          )}
        </div>
      )}
      {role === "client" && s.report && (
        <div className="card stack" data-testid="report-outcome">
          <h2>Your report</h2>
          <p>“{s.report.reason}”</p>
          {s.report.status === "open" && <p role="status">Our team is looking into it.</p>}
          {s.report.status === "refunded" && (
            <p className="success" role="status">
              Refunded {money(s.report.refund_cents)} to your balance{s.report.note ? `: ${s.report.note}` : "."}
            </p>
          )}
          {s.report.status === "rejected" && (
            <p role="status">Not refunded{s.report.note ? `: ${s.report.note}` : "."}</p>
          )}
        </div>
      )}
      {canDispute && !s.report && (
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
                dispute.mutate(reason, { onSuccess: () => setDisputed(true) });
              }}
            >
              <div className="field">
                <label htmlFor="dispute-reason">What went wrong?</label>
                <textarea id="dispute-reason" rows={3} required minLength={3} value={reason} onChange={(e) => setReason(e.target.value)} />
              </div>
              <BusyButton type="submit" className="secondary" busy={dispute.isPending} busyLabel="Sending">
                Report a problem
              </BusyButton>
              <ErrorNote error={dispute.error} />
            </form>
          )}
        </div>
      )}
      <p>
        <Link to={role === "reader" ? paths.console.to() : paths.reader.to(session.reader_id)}>
          {role === "reader" ? "Back to the console" : "Back to the reader"}
        </Link>
      </p>
    </section>
  );
}
