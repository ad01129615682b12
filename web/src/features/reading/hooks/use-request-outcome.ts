import { useState } from "react";
import { useSocketEvent } from "../../../ws/use-socket-event";

/** What the reader did with the client's request, as the events say it: accepted, or why not. */
export function useRequestOutcome(sessionId: string) {
  const [accepted, setAccepted] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  useSocketEvent("reading-accepted", (e) => {
    if (e.session_id === sessionId) setAccepted(true);
  });
  useSocketEvent("reading-declined", (e) => {
    if (e.session_id !== sessionId) return;
    setRefused(e.reason ? `The reader declined: ${e.reason}` : "The reader declined this request. You were not charged.");
  });
  useSocketEvent("reading-expired", (e) => {
    if (e.session_id === sessionId) setRefused("The reader did not answer in time. You were not charged.");
  });
  return { accepted, refused };
}
