import { useState } from "react";
import type { GiftSent } from "../../../api/types";
import { useSocketEvent } from "../../../ws/use-socket-event";

export interface FeedItem {
  gift_id: string;
  gift: string;
  amount_cents: number;
  from: string;
  name?: string; // the sender's display name ("A viewer" until they set one)
  label?: string;
  icon?: string;
}

/** The gifts seen on this page, newest first: each `gift` event, and the caller's own as soon as sent. */
export function useGiftFeed(streamId: string) {
  const [feed, setFeed] = useState<FeedItem[]>([]);
  const add = (item: FeedItem) => setFeed((all) => (all.some((f) => f.gift_id === item.gift_id) ? all : [item, ...all].slice(0, 50)));
  useSocketEvent("gift", (e) => {
    if (e.stream_id === streamId) add({
        gift_id: e.gift_id,
        gift: e.gift,
        amount_cents: e.amount_cents,
        from: e.from_user_id,
        name: e.from_name,
        label: e.label,
        icon: e.icon,
      });
  });
  const addSent = (sent: GiftSent, from: string) =>
    add({ gift_id: sent.gift_id, gift: sent.gift, amount_cents: sent.amount_cents, from });
  return { feed, addSent };
}
