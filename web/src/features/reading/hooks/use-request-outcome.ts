import { useState } from "react";
import { useSocketEvent } from "../../../ws/use-socket-event";
import { declinedText, EXPIRED_TEXT } from "../lib/refusals";

/** What the reader did with the client's request, as the events say it: accepted, or why not (in words). */
export function useRequestOutcome(sessionId: string) {
  const [accepted, setAccepted] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  useSocketEvent("reading-accepted", (e) => {
    if (e.session_id === sessionId) setAccepted(true);
  });
  useSocketEvent("reading-declined", (e) => {
    if (e.session_id === sessionId) setRefused(declinedText(e.reason));
  });
  useSocketEvent("reading-expired", (e) => {
    if (e.session_id === sessionId) setRefused(EXPIRED_TEXT);
  });
  return { accepted, refused };
}
