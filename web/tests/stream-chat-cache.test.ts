import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { ChatPage, RecentGifts } from "../src/api/types";
import { applyEvent } from "../src/app/socket-cache";
import { keys } from "../src/lib/query-keys";

const line = (id: string, name: string, text: string) => ({
  stream_id: "str_1",
  message_id: id,
  user_id: `u_${name}`,
  display_name: name,
  role: "viewer",
  text,
  sent_at: "2026-12-07T20:00:00+00:00",
});

describe("stream events keep the stream's chat and gift feed current", () => {
  it("adds a chat message once, and a removed one leaves every page showing it", () => {
    const client = new QueryClient();
    client.setQueryData<ChatPage>(keys.streams.chat("str_1"), { items: [line("1", "Ana", "hi")], max_chars: 300 });
    applyEvent(client, { event: "stream-chat", ...line("2", "Ben", "hello Ana") });
    applyEvent(client, { event: "stream-chat", ...line("2", "Ben", "hello Ana") }); // heard twice (REST answer and event)
    expect(client.getQueryData<ChatPage>(keys.streams.chat("str_1"))?.items.map((m) => m.text)).toEqual(["hi", "hello Ana"]);
    applyEvent(client, { event: "stream-chat-removed", stream_id: "str_1", message_id: "1" });
    expect(client.getQueryData<ChatPage>(keys.streams.chat("str_1"))?.items.map((m) => m.display_name)).toEqual(["Ben"]);
  });

  it("puts a gift at the top of the feed with the sender's name", () => {
    const client = new QueryClient();
    client.setQueryData<RecentGifts>(keys.streams.recentGifts("str_1"), { items: [] });
    applyEvent(client, {
      event: "gift",
      stream_id: "str_1",
      gift_id: "g1",
      gift: "full-moon",
      label: "Full moon",
      icon: "🌕",
      from_name: "Ana",
      amount_cents: 2500,
      from_user_id: "u_ana",
    });
    const feed = client.getQueryData<RecentGifts>(keys.streams.recentGifts("str_1"));
    expect(feed?.items.map((g) => [g.from_name, g.label, g.amount_cents])).toEqual([["Ana", "Full moon", 2500]]);
  });
});
