import { useState } from "react";
import { Link } from "react-router-dom";
import type { SessionDetails } from "../../../api/types";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { money } from "../../../lib/format";
import { useDisputeReading } from "../api/dispute-reading";
import { ChatLines, type ChatLine } from "./ChatLines";
import { OtherReaders } from "./OtherReaders";
import { ReviewForm } from "./ReviewForm";
import { SummaryFacts } from "./SummaryFacts";

const DISPUTE_WINDOW_MS = 72 * 3600 * 1000;


/** The ended (or cancelled) reading: what it cost, its transcript, the client's review and dispute. The
 * session already carries the summary (the end's answer or the `session-ended` event put it there). */
export function Summary({
  session,
  role,
  lines,
  balanceCents,
}: {
  session: SessionDetails;
  role: "client" | "reader";
  lines: ChatLine[];
  balanceCents: number | null;
}) {
  const s = session;
  const [reviewed, setReviewed] = useState(session.rating !== null);
  const [reason, setReason] = useState("");
  const [disputed, setDisputed] = useState(false);

  const dispute = useDisputeReading(session.session_id);

  const endedAt = session.ended_at ? Date.parse(session.ended_at) : Date.now();
  const canDispute = role === "client" && s.total_cents > 0 && Date.now() - endedAt < DISPUTE_WINDOW_MS;
  const cancelled = session.status === "cancelled";

  return (
    <section className="page stack" aria-labelledby="summary-title">
      <h1 id="summary-title">{cancelled ? "Request cancelled" : "Reading summary"}</h1>
      <SummaryFacts session={s} role={role} balanceCents={balanceCents} />
      {role === "client" && cancelled && (s.end_reason === "declined" || s.end_reason === "not_answered") && (
        <OtherReaders readerId={s.reader_id} />
      )}
      {lines.length > 0 && (
        <details className="card">
          <summary>Chat transcript ({lines.length} messages)</summary>
          <ChatLines lines={lines} me={role} names={{ client: s.client_name, reader: s.reader_name }} label="Transcript" />
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
            <ReviewForm sessionId={s.session_id} readerId={s.reader_id} onDone={() => setReviewed(true)} />
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
          {role === "reader" ? "Back to the console" : `Back to ${s.reader_name}`}
        </Link>
      </p>
    </section>
  );
}
