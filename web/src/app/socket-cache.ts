/** Socket events keep the server-state cache current: each event updates what it carries and invalidates
 * what it changed, so every page showing that data re-renders (or reads it again) without a poll. Feature
 * hooks handle only what is not server state (a call's SDP, chat lines being typed, a toast). */
import type { QueryClient } from "@tanstack/react-query";
import type { Balance, ChatPage, ReadingRequest, RecentGifts, SessionDetails, Stream } from "../api/types";
import { keys } from "../lib/query-keys";
import type { ServerEvent } from "../ws/events";
import type { SoulSocket } from "../ws/socket";

/** A request leaves the reader's console list at once (then the list is read again). */
function dropRequest(queryClient: QueryClient, sessionId: string): void {
  queryClient.setQueryData<RequestList>(
    keys.openRequests,
    (old) => old && { ...old, items: old.items.filter((i) => i.session_id !== sessionId) },
  );
}

interface RequestList {
  items: ReadingRequest[];
}

export function applyEvent(queryClient: QueryClient, event: ServerEvent): void {
  const invalidate = (queryKey: readonly unknown[]) => void queryClient.invalidateQueries({ queryKey });
  switch (event.event) {
    case "reading-requested": {
      const request: ReadingRequest = {
        session_id: event.session_id,
        client: { user_id: event.client.user_id, display_name: event.client.display_name ?? "Client" },
        type: event.type,
        rate_cents: event.rate_cents,
        free_minutes: event.free_minutes,
        expires_at: String(event.expires_at),
      };
      queryClient.setQueryData<RequestList>(
        keys.openRequests,
        (old) => old && { ...old, items: [request, ...old.items.filter((i) => i.session_id !== event.session_id)] },
      );
      invalidate(keys.readings.all);
      invalidate(keys.openRequests);
      return;
    }
    case "reading-accepted":
    case "reading-declined":
    case "reading-expired":
    case "reading-cancelled":
      dropRequest(queryClient, event.session_id);
      invalidate(keys.readings.all); // the reading's status, and the lists that show it
      invalidate(keys.me); // the open reading the bar on every page shows
      invalidate(keys.openRequests);
      return;
    case "user-joined":
    case "reading-minute":
      invalidate(keys.readings.one(event.session_id));
      if (event.event === "user-joined") invalidate(keys.me);
      if (event.event === "reading-minute") invalidate(keys.balance);
      return;
    case "balance-low":
      queryClient.setQueryData<Balance>(keys.balance, (old) => old && { ...old, balance_cents: event.balance_cents });
      return;
    case "balance-updated":
      queryClient.setQueryData<Balance>(keys.balance, (old) => old && { ...old, balance_cents: event.balance_cents });
      invalidate(keys.transactions.all);
      invalidate(keys.history.all);
      invalidate(keys.savedCard); // a top-up may have saved its card, or let the next automatic one go
      return;
    case "auto-topup-failed":
      queryClient.setQueryData<Balance>(keys.balance, (old) => old && { ...old, balance_cents: event.balance_cents });
      invalidate(keys.savedCard); // paused, with the reason
      return;
    case "session-ended":
      queryClient.setQueryData<SessionDetails>(keys.readings.one(event.session_id), (old) => old && { ...old, ...event.summary });
      dropRequest(queryClient, event.session_id);
      invalidate(keys.readings.all);
      invalidate(keys.balance);
      invalidate(keys.me);
      return;
    case "reader-online":
    case "reader-available":
      invalidate(keys.readers.one(event.reader_id));
      invalidate(keys.readers.all);
      invalidate(keys.favorites);
      return;
    case "gift":
      queryClient.setQueryData<RecentGifts>(keys.streams.recentGifts(event.stream_id), (old) =>
        old && !old.items.some((g) => g.gift_id === event.gift_id)
          ? {
              items: [
                {
                  gift_id: event.gift_id,
                  gift: event.gift,
                  label: event.label ?? event.gift,
                  icon: event.icon ?? "",
                  from_user_id: event.from_user_id,
                  from_name: event.from_name ?? "A viewer",
                  amount_cents: event.amount_cents,
                  sent_at: event.sent_at ?? new Date().toISOString(),
                },
                ...old.items,
              ].slice(0, 50),
            }
          : old,
      );
      invalidate(keys.streams.one(event.stream_id));
      return;
    case "stream-chat": {
      const message = {
        stream_id: event.stream_id,
        message_id: event.message_id,
        user_id: event.user_id,
        display_name: event.display_name,
        role: event.role,
        text: event.text,
        sent_at: event.sent_at,
      };
      queryClient.setQueryData<ChatPage>(keys.streams.chat(event.stream_id), (old) =>
        old && !old.items.some((m) => m.message_id === message.message_id)
          ? { ...old, items: [...old.items, message].slice(-100) }
          : old,
      );
      return;
    }
    case "stream-chat-muted":
      invalidate(keys.streams.mutes(event.stream_id));
      return;
    case "stream-chat-removed":
      queryClient.setQueryData<ChatPage>(
        keys.streams.chat(event.stream_id),
        (old) => old && { ...old, items: old.items.filter((m) => m.message_id !== event.message_id) },
      );
      return;
    case "upload-processed": // a photo or product image in its sizes: every card and page showing it
      invalidate(keys.readers.all);
      invalidate(keys.products.all);
      invalidate(keys.me);
      return;
    case "order-updated":
      invalidate(keys.orders.all);
      return;
    case "stream-viewers":
      queryClient.setQueryData<Stream>(keys.streams.one(event.stream_id), (old) => old && { ...old, viewer_count: event.viewer_count });
      return;
    case "stream-ended":
      queryClient.setQueryData<Stream>(keys.streams.one(event.stream.stream_id), (old) => ({ ...old, ...event.stream }));
      invalidate(keys.streams.one(event.stream.stream_id));
      invalidate(keys.streams.live);
      return;
    default:
      return;
  }
}

/** Subscribes the cache to every event that carries server state; returns the unsubscribe. */
export function syncCacheWithSocket(socket: SoulSocket, queryClient: QueryClient): () => void {
  const names: ServerEvent["event"][] = [
    "reading-requested",
    "reading-accepted",
    "reading-declined",
    "reading-expired",
    "reading-cancelled",
    "user-joined",
    "reading-minute",
    "balance-low",
    "balance-updated",
    "auto-topup-failed",
    "session-ended",
    "reader-online",
    "reader-available",
    "gift",
    "upload-processed",
    "order-updated",
    "stream-viewers",
    "stream-ended",
    "stream-chat",
    "stream-chat-removed",
    "stream-chat-muted",
  ];
  const offs = names.map((name) => socket.on(name, (event) => applyEvent(queryClient, event)));
  return () => offs.forEach((off) => off());
}
