import { useState, type ReactNode } from "react";
import type { SessionDetails } from "../../../api/types";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { useApp } from "../../../lib/app-context";
import { money } from "../../../lib/format";
import type { ReadingState } from "../hooks/use-reading";
import { Chat } from "./Chat";
import { Media } from "./Media";
import { Meter } from "./Meter";

const TITLES: Record<SessionDetails["type"], string> = { chat: "Chat", voice: "Voice", video: "Video" };

/** The open reading: call, chat, meter and the end button. `topUp` is what the low-balance warning offers
 * (the wallet's Add funds form, composed by the page). */
export function ReadingRoom({
  reading,
  session,
  balanceCents,
  topUp,
}: {
  reading: ReadingState;
  session: SessionDetails;
  balanceCents: number | null;
  topUp: ReactNode;
}) {
  const { socketState } = useApp();
  const { role, call, chat, end } = reading;
  const kind = session.type;
  const [confirming, setConfirming] = useState(false);
  const left = reading.minutesLeft;
  return (
    <section className="page stack">
      <h1>
        {TITLES[kind]} reading
        {session.status === "requested" ? " (connecting)" : ""}
      </h1>
      {socketState !== "open" && (
        <p className="notice" role="status">
          Connection lost; reconnecting… Billing pauses while you are away.
        </p>
      )}
      {role === "client" && left !== null && left.minutes <= 1 && session.status === "active" && (
        <p className="notice" role="status" aria-label="Ending soon">
          <strong>
            {left.minutes === 0 ? "Your reading ends in about a minute" : "Your reading ends in about 2 minutes"}
          </strong>{" "}
          {left.limitedBy === "limit" ? "(your spending limit)." : "unless you top up."}
        </p>
      )}
      {role === "client" && session.limit_cents !== null && (
        <p className="muted small">Spending limit for this reading: {money(session.limit_cents)}</p>
      )}
      {role === "client" && reading.lowBalance && (
        <div className="notice stack" role="alert" aria-label="Low balance">
          <p>
            <strong>Your balance is running low.</strong> Top up now to keep the reading going.
          </p>
          {topUp}
        </div>
      )}
      <div className="room">
        <div className="stack">
          {kind !== "chat" && <Media kind={kind} local={call.local} remote={call.remote} state={call.state} />}
          <ErrorNote error={call.error} />
          <Chat lines={chat.lines} me={role ?? "client"} onSend={chat.send} disabled={session.status !== "active" && kind === "chat"} />
        </div>
        <div className="stack">
          <Meter
            input={{
              minutes: session.minutes,
              free_minutes: session.free_minutes,
              rate_cents: session.rate_cents,
              total_cents: session.total_cents,
              started_at: session.started_at,
              balance_cents: role === "client" ? balanceCents : null,
            }}
          />
          {confirming ? (
            <div className="row" role="group" aria-label="End this reading?">
              <span>End this reading?</span>
              <BusyButton type="button" className="danger" busy={end.isPending} busyLabel="Ending" onClick={() => end.mutate()}>
                Yes, end it
              </BusyButton>
              <button type="button" className="secondary" onClick={() => setConfirming(false)}>
                Keep going
              </button>
            </div>
          ) : (
            <button type="button" className="danger" onClick={() => setConfirming(true)}>
              End reading
            </button>
          )}
          <ErrorNote error={end.error} />
        </div>
      </div>
    </section>
  );
}
