import type { SessionDetails } from "../../../api/types";
import { money, when } from "../../../lib/format";
import { endReasonText } from "../lib/end-reasons";

const KINDS: Record<SessionDetails["type"], string> = { chat: "Chat", voice: "Voice", video: "Video" };

/** What a reading was and cost: with whom, when, free and paid minutes, the total, and (for the client) the
 * balance left; for the reader, the earnings. */
export function SummaryFacts({
  session: s,
  role,
  balanceCents,
}: {
  session: SessionDetails;
  role: "client" | "reader";
  balanceCents: number | null;
}) {
  const freeUsed = Math.max(0, s.minutes - s.paid_minutes);
  return (
    <div className="card" data-testid="reading-summary">
      <dl className="summary-facts">
        <dt>{role === "client" ? "Reader" : "Client"}</dt>
        <dd data-testid="summary-with">{role === "client" ? s.reader_name : s.client_name}</dd>
        <dt>Reading</dt>
        <dd>
          {KINDS[s.type]} at {money(s.rate_cents)}/min
        </dd>
        <dt>Date</dt>
        <dd data-testid="summary-date">{when(s.started_at ?? s.created_at)}</dd>
        <dt>Minutes</dt>
        <dd data-testid="summary-minutes">{s.minutes}</dd>
        <dt>Free minutes</dt>
        <dd data-testid="summary-free-minutes">{freeUsed}</dd>
        <dt>Paid minutes</dt>
        <dd data-testid="summary-paid-minutes">{s.paid_minutes}</dd>
        <dt>{role === "client" ? "Total charged" : "Total billed"}</dt>
        <dd data-testid="summary-total">{money(s.total_cents)}</dd>
        {role === "client" && s.limit_cents !== null && (
          <>
            <dt>Spending limit</dt>
            <dd>{money(s.limit_cents)}</dd>
          </>
        )}
        {role === "client" && (
          <>
            <dt>Balance left</dt>
            <dd data-testid="summary-balance">{balanceCents === null ? "…" : money(balanceCents)}</dd>
          </>
        )}
        {role === "reader" && (
          <>
            <dt>Your earnings</dt>
            <dd>{money(s.reader_share_cents)}</dd>
          </>
        )}
        {s.end_reason && (
          <>
            <dt>Why it ended</dt>
            <dd data-testid="summary-end-reason">{endReasonText(s.end_reason, role)}</dd>
          </>
        )}
      </dl>
    </div>
  );
}
