/** Server -> client events of the WebSocket API (README "The WebSocket API"; presence events of issue 12). */
import type { ReadingType, SessionSummary, Stream } from "../api/types";

// `session-ended` carries the same summary as `POST /api/sessions/end/{id}` (the REST schema's SessionSummary).

export type ServerEvent =
  | {
      event: "reading-requested";
      session_id: string;
      client: { user_id: string; display_name: string | null };
      type: ReadingType;
      rate_cents: number;
      free_minutes: number;
      expires_at: string | number;
    }
  | { event: "reading-accepted"; session_id: string }
  | { event: "reading-declined"; session_id: string; reason?: string | null }
  | { event: "reading-expired"; session_id: string }
  | { event: "reading-cancelled"; session_id: string; reason?: string | null }
  | {
      event: "user-joined";
      session_id: string;
      role: "client" | "reader";
      user_id: string;
      status: string;
      peer_present: boolean;
    }
  | { event: "offer"; session_id: string; sdp: string; from: string }
  | { event: "answer"; session_id: string; sdp: string; from: string }
  | { event: "ice-candidate"; session_id: string; candidate: RTCIceCandidateInit | null; from: string }
  | {
      event: "chat-message";
      session_id: string;
      message_id: number;
      from: "client" | "reader";
      text: string;
      sent_at: string;
    }
  | { event: "chat-ack"; session_id: string; message_id: number }
  | {
      event: "balance-low";
      session_id: string;
      balance_cents: number;
      minutes_left: number;
      limited_by?: "balance" | "limit";
    }
  | { event: "reading-minute"; session_id: string; minutes: number }
  | { event: "balance-updated"; balance_cents: number; movement_id: string; payment_intent_id: string }
  | { event: "auto-topup-failed"; amount_cents: number; balance_cents: number; message: string }
  | { event: "session-ended"; session_id: string; summary: SessionSummary }
  | { event: "reader-online"; reader_id: string; display_name?: string }
  | { event: "reader-available"; reader_id: string; display_name?: string }
  | {
      event: "gift";
      stream_id: string;
      gift_id: string;
      gift: string;
      label?: string;
      icon?: string;
      from_name?: string;
      amount_cents: number;
      from_user_id: string;
      sent_at?: string;
    }
  | { event: "stream-joined"; stream_id: string; viewer_count?: number; [key: string]: unknown }
  | { event: "stream-left"; stream_id: string }
  | { event: "stream-viewers"; stream_id: string; viewer_count: number }
  | { event: "stream-ended"; stream: Stream }
  | {
      event: "stream-chat";
      stream_id: string;
      message_id: string;
      user_id: string;
      display_name: string;
      role: string;
      text: string;
      sent_at: string;
    }
  | { event: "stream-chat-removed"; stream_id: string; message_id: string }
  | { event: "stream-chat-muted"; stream_id: string; user_id: string; muted: boolean }
  | { event: "upload-processed"; upload_id: string; purpose: string; item: unknown }
  | { event: "upload-failed"; upload_id: string; purpose: string; reason: string }
  | { event: "order-updated"; order: { order_id: string; status: string } }
  | { event: "heartbeat"; at: number }
  | { event: "error"; code: string; message?: string; session_id?: string };

export type EventName = ServerEvent["event"];
export type EventOf<N extends EventName> = Extract<ServerEvent, { event: N }>;

export type ClientAction =
  | { action: "heartbeat" }
  | { action: "join-reading"; session_id: string }
  | { action: "offer"; session_id: string; sdp: string }
  | { action: "answer"; session_id: string; sdp: string }
  | { action: "ice-candidate"; session_id: string; candidate: RTCIceCandidateInit | null }
  | { action: "chat-message"; session_id: string; text: string }
  | { action: "end-session"; session_id: string }
  | { action: "accept-reading"; session_id: string }
  | { action: "decline-reading"; session_id: string; reason?: string }
  | { action: "join-stream"; stream_id: string }
  | { action: "leave-stream"; stream_id: string }
  | { action: "stream-chat"; stream_id: string; text: string };

const KNOWN: ReadonlySet<string> = new Set<EventName>([
  "reading-requested",
  "reading-accepted",
  "reading-declined",
  "reading-expired",
  "reading-cancelled",
  "user-joined",
  "offer",
  "answer",
  "ice-candidate",
  "chat-message",
  "chat-ack",
  "balance-low",
  "reading-minute",
  "balance-updated",
  "auto-topup-failed",
  "session-ended",
  "reader-online",
  "reader-available",
  "gift",
  "stream-joined",
  "stream-left",
  "stream-viewers",
  "stream-ended",
  "stream-chat",
  "stream-chat-removed",
  "stream-chat-muted",
  "upload-processed",
  "upload-failed",
  "order-updated",
  "heartbeat",
  "error",
]);

/** A frame from the server, or null when it is not a JSON object with a known `event`. */
export function parseEvent(data: unknown): ServerEvent | null {
  if (typeof data !== "string") return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const name = (value as { event?: unknown }).event;
  return typeof name === "string" && KNOWN.has(name) ? (value as ServerEvent) : null;
}
