import { useEffect, useRef, useState } from "react";
import type { TranscriptLine } from "../../../api/types";
import { useApp } from "../../../lib/app-context";
import { useSocketEvent } from "../../../ws/use-socket-event";
import type { ChatLine } from "../components/Chat";
import type { Role } from "./use-reading";

/** The room's chat: the stored transcript first, then lines as they arrive; a line sent is shown at once
 * as "sending" and confirmed by the server's `chat-ack`. */
export function useChat(sessionId: string, role: Role | null, transcript: TranscriptLine[] | undefined) {
  const { socket } = useApp();
  const [lines, setLines] = useState<ChatLine[]>([]);
  const pending = useRef<string[]>([]);

  useEffect(() => {
    if (!transcript) return;
    setLines((current) =>
      current.length > 0
        ? current
        : transcript.map((t) => ({
            key: `t${t.message_id}`,
            from: t.from === "reader" ? "reader" : "client",
            text: t.text,
            sentAt: t.sent_at,
          })),
    );
  }, [transcript]);

  useSocketEvent("chat-message", (e) => {
    if (e.session_id !== sessionId) return;
    setLines((all) => [...all, { key: `m${e.message_id}`, from: e.from, text: e.text, sentAt: e.sent_at }]);
  });
  useSocketEvent("chat-ack", (e) => {
    if (e.session_id !== sessionId || !role) return;
    const text = pending.current.shift();
    setLines((all) => {
      const index = all.findIndex((l) => l.pending);
      if (index < 0) return text ? [...all, { key: `m${e.message_id}`, from: role, text, sentAt: new Date().toISOString() }] : all;
      const copy = [...all];
      copy[index] = { ...(copy[index] as ChatLine), key: `m${e.message_id}`, pending: false };
      return copy;
    });
  });

  const send = (text: string): boolean => {
    const sent = socket.send({ action: "chat-message", session_id: sessionId, text });
    if (sent) {
      pending.current.push(text);
      setLines((all) => [...all, { key: `p${Date.now()}${all.length}`, from: role ?? "client", text, sentAt: new Date().toISOString(), pending: true }]);
    }
    return sent;
  };
  return { lines, send };
}
