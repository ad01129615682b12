import { useEffect, useState } from "react";
import type { ReadingType, Session } from "../../../api/types";
import { chime } from "../../../lib/chime";
import { alertInBackground } from "../../../lib/browser-push";
import { useSocketEvent } from "../../../ws/use-socket-event";

export interface Incoming {
  session_id: string;
  client_name: string;
  type: ReadingType;
  rate_cents: number;
  free_minutes: number;
  expires_at: number | null;
}

function toEpochMs(value: string | number | null | undefined): number | null {
  if (value == null) return null;
  if (typeof value === "number") return value < 1e12 ? value * 1000 : value;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}

/** The requests ringing on the console: those already waiting when it opened (`waiting`, from the reader's
 * readings), then each `reading-requested` (with a chime) until it expires, ends or is answered. */
export function useIncomingRequests(waiting: Session[] | undefined) {
  const [incoming, setIncoming] = useState<Incoming[]>([]);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000); // the "s left" countdown, not a fetch
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    const requested = (waiting ?? []).filter((s) => s.status === "requested");
    if (requested.length === 0) return;
    setIncoming((all) => [
      ...all,
      ...requested
        .filter((s) => !all.some((i) => i.session_id === s.session_id))
        .map((s) => ({
          session_id: s.session_id,
          client_name: "A client",
          type: s.type,
          rate_cents: s.rate_cents,
          free_minutes: s.free_minutes,
          expires_at: null,
        })),
    ]);
  }, [waiting]);

  const drop = (sessionId: string) => setIncoming((all) => all.filter((i) => i.session_id !== sessionId));
  useSocketEvent("reading-requested", (e) => {
    chime();
    void alertInBackground({
      title: `${e.client.display_name || "A client"} asks for a ${e.type} reading`,
      body: "Answer in the SoulSeer console before it expires.",
      tag: `request-${e.session_id}`,
      url: `/console?request=${encodeURIComponent(e.session_id)}`,
    });
    setIncoming((all) => [
      ...all.filter((i) => i.session_id !== e.session_id),
      {
        session_id: e.session_id,
        client_name: e.client.display_name || "A client",
        type: e.type,
        rate_cents: e.rate_cents,
        free_minutes: e.free_minutes,
        expires_at: toEpochMs(e.expires_at),
      },
    ]);
  });
  useSocketEvent("reading-expired", (e) => drop(e.session_id));
  useSocketEvent("session-ended", (e) => drop(e.session_id));

  const live = incoming.filter((i) => i.expires_at === null || i.expires_at > now);
  return { live, now, drop };
}
