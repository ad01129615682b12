import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseEvent } from "../src/ws/events";
import { backoffDelay, SoulSocket } from "../src/ws/socket";

class FakeSocket {
  static OPEN = 1;
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onmessage: ((m: { data: unknown }) => void) | null = null;
  constructor(public url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  drop() {
    this.readyState = 3;
    this.onclose?.();
  }
  receive(value: unknown) {
    this.onmessage?.({ data: typeof value === "string" ? value : JSON.stringify(value) });
  }
}

const flush = () => vi.advanceTimersByTimeAsync(0);

describe("SoulSocket", () => {
  let tokens: string[];
  let socket: SoulSocket;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal("WebSocket", FakeSocket);
    FakeSocket.all = [];
    tokens = ["t1", "t2", "t3", "t4"];
    socket = new SoulSocket({
      url: "ws://127.0.0.1:3002/dev",
      token: async () => tokens.shift() ?? null,
      createSocket: (url) => new FakeSocket(url) as unknown as WebSocket,
      backoffMs: { initial: 1000, max: 8000 },
      random: () => 1,
    });
  });

  afterEach(() => {
    socket.stop();
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it("connects with the token in the query string", async () => {
    socket.start();
    await flush();
    expect(FakeSocket.all).toHaveLength(1);
    expect(FakeSocket.all[0]!.url).toBe("ws://127.0.0.1:3002/dev?token=t1");
  });

  it("sends a heartbeat every 20 seconds while open", async () => {
    socket.start();
    await flush();
    const ws = FakeSocket.all[0]!;
    ws.open();
    await vi.advanceTimersByTimeAsync(19_999);
    expect(ws.sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(ws.sent).toEqual([JSON.stringify({ action: "heartbeat" })]);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(ws.sent).toHaveLength(2);
  });

  it("hands typed events to their subscribers only, and ignores junk frames", async () => {
    const gifts: unknown[] = [];
    const ended: unknown[] = [];
    socket.on("gift", (e) => gifts.push(e.gift));
    const off = socket.on("session-ended", (e) => ended.push(e.summary.total_cents));
    socket.start();
    await flush();
    const ws = FakeSocket.all[0]!;
    ws.open();
    ws.receive({ event: "gift", stream_id: "s", gift_id: "g", gift: "rose", amount_cents: 100, from_user_id: "u" });
    ws.receive("not json");
    ws.receive([1, 2]);
    ws.receive({ event: "made-up" });
    ws.receive({ event: "session-ended", session_id: "x", summary: { total_cents: 798 } });
    off();
    ws.receive({ event: "session-ended", session_id: "x", summary: { total_cents: 1 } });
    expect(gifts).toEqual(["rose"]);
    expect(ended).toEqual([798]);
  });

  it("reconnects with growing backoff and a fresh token, and says it reconnected", async () => {
    const opens: boolean[] = [];
    const states: string[] = [];
    socket.onOpen((again) => opens.push(again));
    socket.onState((s) => states.push(s));
    socket.start();
    await flush();
    FakeSocket.all[0]!.open();
    FakeSocket.all[0]!.drop();
    await vi.advanceTimersByTimeAsync(999);
    expect(FakeSocket.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.all).toHaveLength(2);
    expect(FakeSocket.all[1]!.url).toContain("token=t2");
    FakeSocket.all[1]!.drop(); // never opened: the next wait doubles
    await vi.advanceTimersByTimeAsync(1999);
    expect(FakeSocket.all).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.all).toHaveLength(3);
    FakeSocket.all[2]!.open();
    expect(opens).toEqual([false, true]);
    expect(states).toContain("reconnecting");
    expect(socket.state).toBe("open");
  });

  it("does not send while disconnected and stops for good on stop()", async () => {
    socket.start();
    await flush();
    expect(socket.send({ action: "heartbeat" })).toBe(false);
    FakeSocket.all[0]!.open();
    expect(socket.send({ action: "join-reading", session_id: "ses_1" })).toBe(true);
    socket.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(socket.state).toBe("closed");
  });
});

describe("backoff and parsing", () => {
  it("caps the backoff and never waits zero", () => {
    expect(backoffDelay(0, 500, 15_000, () => 0)).toBe(250);
    expect(backoffDelay(10, 500, 15_000, () => 1)).toBe(15_000);
    expect(backoffDelay(10, 500, 15_000, () => 0)).toBe(7500);
  });

  it("parses only JSON objects with a known event", () => {
    expect(parseEvent('{"event":"reader-online","reader_id":"r"}')).toEqual({ event: "reader-online", reader_id: "r" });
    expect(parseEvent('{"event":"nope"}')).toBeNull();
    expect(parseEvent("null")).toBeNull();
    expect(parseEvent(42)).toBeNull();
  });
});
