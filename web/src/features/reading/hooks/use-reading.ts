import { useState } from "react";
import type { SessionDetails } from "../../../api/types";
import { useApp } from "../../../lib/app-context";
import { useSocketEvent } from "../../../ws/use-socket-event";
import { useEndReading } from "../api/end-reading";
import { useSession } from "../api/get-session";
import { isOpen } from "../lib/status";
import { useCall } from "./use-call";
import { useChat } from "./use-chat";
import { useJoinRoom } from "./use-join-room";
import { useRequestOutcome } from "./use-request-outcome";

export type Role = "client" | "reader";

function roleIn(session: SessionDetails | undefined, userId: string | undefined): Role | null {
  if (!session || !userId) return null;
  return userId === session.reader_id ? "reader" : "client";
}

/** Everything the reading page shows, for one reading: the cached session (kept current by socket events),
 * the caller's role, the room, chat, call, the request's outcome, the low-balance warning, and ending. */
export function useReading(sessionId: string) {
  const { me } = useApp();
  const query = useSession(sessionId);
  const session = query.data;
  const role = roleIn(session, me?.user_id);
  const open = session ? isOpen(session.status) : false;
  const [lowBalance, setLowBalance] = useState(false);
  // the paid minutes the balance (or the spending limit) still covers after the current one
  const [minutesLeft, setMinutesLeft] = useState<{ minutes: number; limitedBy: string } | null>(null);

  useJoinRoom(sessionId, role !== null && open);
  const chat = useChat(sessionId, role, session?.transcript);
  const call = useCall(sessionId, session?.type, role, open);
  const outcome = useRequestOutcome(sessionId);
  const end = useEndReading(sessionId);
  useSocketEvent("balance-low", (e) => {
    if (e.session_id !== sessionId) return;
    setLowBalance(e.limited_by !== "limit"); // a top-up helps only when the balance is what ends it
    setMinutesLeft({ minutes: e.minutes_left, limitedBy: e.limited_by ?? "balance" });
  });

  return {
    session,
    loadError: query.error,
    reload: () => void query.refetch(),
    role,
    open,
    chat,
    call,
    outcome,
    end,
    lowBalance,
    minutesLeft,
    dismissLowBalance: () => setLowBalance(false),
  };
}

export type ReadingState = ReturnType<typeof useReading>;
