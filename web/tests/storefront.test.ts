import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { applyEvent } from "../src/app/socket-cache";
import { parseConfig } from "../src/config/runtime";
import { keys } from "../src/lib/query-keys";
import { contentTypeOf } from "../src/lib/upload";

const BASE = { apiUrl: "http://api/", wsUrl: "ws://ws", auth: { mode: "dev", devIssuerUrl: "http://i" }, payments: { mode: "local", publishableKey: "pk", stripeApiUrl: "http://s" } };

describe("the storefront's config.json part", () => {
  it("carries the free intro minutes and the satisfaction policy", () => {
    const config = parseConfig({ ...BASE, storefront: { freeIntroMinutes: 3, satisfactionPolicy: "Refunds within 72 hours." } });
    expect(config.storefront).toEqual({ freeIntroMinutes: 3, satisfactionPolicy: "Refunds within 72 hours." });
  });

  it("is null when a stage has not written it (the home page then says less, never a made-up number)", () => {
    expect(parseConfig(BASE).storefront).toBeNull();
    expect(parseConfig({ ...BASE, storefront: { freeIntroMinutes: "3" } }).storefront).toBeNull();
  });
});

describe("an upload's content type", () => {
  const file = (name: string, type: string) => new File(["x"], name, { type });

  it("is the browser's, or the API's name for a ZIP, or found from the extension when the browser gives none", () => {
    expect(contentTypeOf(file("a.pdf", "application/pdf"))).toBe("application/pdf");
    expect(contentTypeOf(file("a.zip", "application/x-zip-compressed"))).toBe("application/zip");
    expect(contentTypeOf(file("Book.EPUB", ""))).toBe("application/epub+zip");
    expect(contentTypeOf(file("notes", ""))).toBe("application/octet-stream");
  });
});

describe("the home page's lists", () => {
  it("are refreshed by the events that refresh every reader and live-stream list", async () => {
    const client = new QueryClient();
    client.setQueryData(keys.readers.onlineNow, { items: [], next_cursor: null });
    client.setQueryData(keys.streams.liveNow, { items: [], next_cursor: null });
    applyEvent(client, { event: "reader-online", reader_id: "r1", display_name: "Luna" });
    applyEvent(client, { event: "stream-ended", stream: { stream_id: "s1" } } as never);
    await Promise.resolve();
    expect(client.getQueryState(keys.readers.onlineNow)?.isInvalidated).toBe(true);
    expect(client.getQueryState(keys.streams.liveNow)?.isInvalidated).toBe(true);
  });
});
