import { useCallback, useEffect, useRef, useState } from "react";
import type { ReadingType } from "../../../api/types";
import { useApp } from "../../../lib/app-context";
import { useSocketEvent } from "../../../ws/use-socket-event";
import { fetchIceServers } from "../api/get-ice-servers";
import { Call, type CallState } from "../lib/rtc";
import type { Role } from "./use-reading";

const OFFER_DEBOUNCE_MS = 250;

/** The voice or video call of an open reading, from the room's first render until it ends or the page
 * closes: media, the client's offer when the reader is there, the reader's answer, ICE candidates. */
export function useCall(sessionId: string, kind: ReadingType | undefined, role: Role | null, open: boolean) {
  const { api, socket } = useApp();
  const call = useRef<Call | null>(null);
  const offerTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [local, setLocal] = useState<MediaStream | null>(null);
  const [remote, setRemote] = useState<MediaStream | null>(null);
  const [state, setState] = useState<CallState>("idle");
  const [error, setError] = useState<unknown>(null);

  const close = useCallback(() => {
    call.current?.close();
    call.current = null;
  }, []);

  useEffect(() => {
    if (!open) {
      close();
      return;
    }
    if (!kind || kind === "chat" || call.current) return;
    call.current = new Call({
      sessionId,
      kind,
      iceServers: () => fetchIceServers(api, sessionId),
      send: (message) => socket.send(message),
      onLocal: setLocal,
      onRemote: setRemote,
      onState: setState,
    });
    if (role) call.current.media().catch(setError);
  }, [open, kind, sessionId, socket, role, api, close]);
  useEffect(() => close, [close]);

  const scheduleOffer = () => {
    if (offerTimer.current) clearTimeout(offerTimer.current);
    offerTimer.current = setTimeout(() => void call.current?.offer().catch(setError), OFFER_DEBOUNCE_MS);
  };
  const mine = (e: { session_id?: string }) => open && role !== null && e.session_id === sessionId;
  useSocketEvent("user-joined", (e) => {
    if (mine(e) && role === "client" && (e.role === "reader" || e.peer_present)) scheduleOffer();
  });
  useSocketEvent("offer", (e) => {
    if (mine(e) && role === "reader") void call.current?.answer(e.sdp).catch(setError);
  });
  useSocketEvent("answer", (e) => {
    if (mine(e)) void call.current?.accept(e.sdp).catch(setError);
  });
  useSocketEvent("ice-candidate", (e) => {
    if (mine(e)) void call.current?.candidate(e.candidate);
  });
  useSocketEvent("session-ended", (e) => {
    if (e.session_id === sessionId) close();
  });

  return { local, remote, state, error };
}
