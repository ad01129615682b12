import { useState } from "react";
import { BusyButton, ErrorNote, Spinner } from "../../../components/ui";
import { money, parseDollars, when } from "../../../lib/format";
import { useDisputeCase } from "../api/get-dispute";
import { useDisputes } from "../api/get-disputes";
import { useResolveDispute } from "../api/resolve-dispute";

export function Disputes() {
  const [status, setStatus] = useState<"open" | "refunded" | "rejected">("open");
  const disputes = useDisputes(status);
  return (
    <div className="stack">
      <div className="row" role="group" aria-label="Dispute status">
        {(["open", "refunded", "rejected"] as const).map((s) => (
          <button key={s} type="button" className={s === status ? "" : "secondary"} aria-pressed={s === status} onClick={() => setStatus(s)}>
            {s}
          </button>
        ))}
      </div>
      <ErrorNote error={disputes.error} />
      {disputes.isPending && <Spinner />}
      {disputes.data?.items.length === 0 && <p className="muted">Nothing here.</p>}
      {disputes.data?.items.map((d) => <Case key={d.dispute_id} disputeId={d.dispute_id} />)}
    </div>
  );
}

function Case({ disputeId }: { disputeId: string }) {
  const found = useDisputeCase(disputeId);
  const resolve = useResolveDispute(disputeId);
  const [amount, setAmount] = useState("");
  const [note, setNote] = useState("");
  if (found.isPending) return <Spinner />;
  if (found.error) return <ErrorNote error={found.error} />;
  const { dispute: d, reading: r } = found.data;
  const refund = (full: boolean) => {
    const cents = full ? undefined : parseDollars(amount);
    if (cents === null) return;
    resolve.mutate({ outcome: "refund", amount_cents: cents, note });
  };
  return (
    <article className="card stack" data-testid={`dispute-${d.dispute_id}`}>
      <h3>
        {d.client_id} about {d.reader_id} <span className="muted">· {d.status}</span>
      </h3>
      <p>“{d.reason}” <span className="small muted">{when(d.opened_at)}</span></p>
      <p className="small">
        {r.type} reading · {r.paid_minutes} paid of {r.minutes} min at {money(r.rate_cents)}/min · charged <strong>{money(r.total_cents)}</strong> · reader's share {money(r.reader_share_cents)} · ended {r.end_reason ?? ""}
      </p>
      <details>
        <summary>Transcript ({r.transcript.length} lines)</summary>
        <ol className="transcript">
          {r.transcript.map((line) => (
            <li key={line.message_id}><strong>{line.from}:</strong> {line.text}</li>
          ))}
        </ol>
      </details>
      {d.status === "open" ? (
        <form className="stack" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor={`note-${d.dispute_id}`}>Note to the client</label>
            <input id={`note-${d.dispute_id}`} required value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <div className="row">
            <label>
              Partial refund $ <input size={7} value={amount} onChange={(e) => setAmount(e.target.value)} aria-label="Partial refund in dollars" />
            </label>
            <BusyButton type="button" busy={resolve.isPending} disabled={!note || !amount} onClick={() => refund(false)}>Refund part</BusyButton>
            <BusyButton type="button" className="secondary" busy={resolve.isPending} disabled={!note} onClick={() => refund(true)}>Refund all {money(d.session_total_cents)}</BusyButton>
            <BusyButton type="button" className="danger" busy={resolve.isPending} disabled={!note} onClick={() => resolve.mutate({ outcome: "reject", note })}>Reject</BusyButton>
          </div>
          <ErrorNote error={resolve.error} />
        </form>
      ) : (
        <p>Resolved {when(d.resolved_at)}: {d.status === "refunded" ? `refunded ${money(d.refund_cents)}` : "rejected"} — {d.note}</p>
      )}
    </article>
  );
}
