import { useCallback, useState, type ReactNode } from "react";
import type { SessionDetails } from "../../../api/types";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { useApp } from "../../../lib/app-context";
import { money } from "../../../lib/format";
import type { ReadingState } from "../hooks/use-reading";
import { Chat } from "./Chat";
import { Media } from "./Media";
import { Meter } from "./Meter";
import { TopUpSheet } from "./TopUpSheet";

const TITLES: Record<SessionDetails["type"], string> = { chat: "Chat", voice: "Voice", video: "Video" };

/** The open reading: meter and End (kept in view on a phone), the ending-soon warning, call and chat.
 * `topUp` is what the low-balance warning offers in a compact sheet (the wallet's form, composed by the page). */
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
  const [sheetOpen, setSheetOpen] = useState(false);
  const closeSheet = useCallback(() => setSheetOpen(false), []);
  const left = reading.minutesLeft;
  const me = role ?? "client";
  const names = { client: session.client_name, reader: session.reader_name };
  const other = me === "client" ? session.reader_name : session.client_name;
  return (
    <section className="page stack room-page">
      <h1>
        {TITLES[kind]} reading with {other}
        {session.status !== "active" ? " (connecting)" : ""}
      </h1>
      {socketState !== "open" && (
        <p className="notice" role="status">
          Connection lost; reconnecting… Billing pauses while you are away.
        </p>
      )}
      <div className="room">
        <div className="room-side stack">
          <Meter
            input={{
              minutes: session.minutes,
              free_minutes: session.free_minutes,
              rate_cents: session.rate_cents,
              total_cents: session.total_cents,
              started_at: session.started_at,
              balance_cents: role === "client" ? balanceCents : null,
              limit_cents: session.limit_cents,
            }}
          />
          {role === "client" && left !== null && left.minutes <= 1 && session.status === "active" && (
            <p className="notice" role="status" aria-label="Ending soon">
              <strong>{left.minutes === 0 ? "Ending in 1 minute" : "Ending in 2 minutes"}</strong>{" "}
              {left.limitedBy === "limit" ? "(your spending limit)." : "unless you top up."}
            </p>
          )}
          {role === "client" && reading.lowBalance && (
            <div className="notice row" role="alert" aria-label="Low balance">
              <span>
                <strong>Balance running low.</strong> Top up to keep going.
              </span>
              <button type="button" className="small-button" onClick={() => setSheetOpen(true)} aria-expanded={sheetOpen}>
                Top up
              </button>
            </div>
          )}
          {role === "client" && session.limit_cents !== null && (
            <p className="muted small">Spending limit for this reading: {money(session.limit_cents)}</p>
          )}
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
        <div className="room-main stack">
          {kind !== "chat" && (
            <Media kind={kind} local={call.local} remote={call.remote} state={call.state} names={{ me: names[me], other }} />
          )}
          <ErrorNote error={call.error} />
          <Chat lines={chat.lines} me={me} names={names} onSend={chat.send} disabled={session.status !== "active" && kind === "chat"} />
        </div>
      </div>
      {role === "client" && (
        <TopUpSheet open={sheetOpen && reading.lowBalance} onClose={closeSheet}>
          {topUp}
        </TopUpSheet>
      )}
    </section>
  );
}
