import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, render, renderHook, screen } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Api } from "../src/api/client";
import type { Balance, SessionDetails, Stream } from "../src/api/types";
import { applyEvent, syncCacheWithSocket } from "../src/app/socket-cache";
import { useSession } from "../src/features/reading/api/get-session";
import { useAddBalance } from "../src/features/wallet/api/add-balance";
import { AppContext, type AppState } from "../src/lib/app-context";
import { keys } from "../src/lib/query-keys";
import type { ServerEvent } from "../src/ws/events";
import type { SoulSocket } from "../src/ws/socket";

/** Just enough of SoulSocket to subscribe and to emit server events. */
class FakeSocket {
  private listeners = new Map<string, Set<(e: ServerEvent) => void>>();
  on(name: string, listener: (e: ServerEvent) => void) {
    const set = this.listeners.get(name) ?? new Set();
    set.add(listener);
    this.listeners.set(name, set);
    return () => set.delete(listener);
  }
  onOpen() {
    return () => undefined;
  }
  send() {
    return true;
  }
  state = "open";
  emit(event: ServerEvent) {
    for (const listener of this.listeners.get(event.event) ?? []) listener(event);
  }
}

const session = (over: Partial<SessionDetails> = {}) =>
  ({ session_id: "ses_1", status: "active", minutes: 2, paid_minutes: 2, total_cents: 798, transcript: [], ...over }) as SessionDetails;

afterEach(cleanup);

describe("socket events update the query cache", () => {
  it("balance-low sets the cached balance without a fetch", () => {
    const client = new QueryClient();
    client.setQueryData<Balance>(keys.balance, { balance_cents: 2500, owed_cents: 0 } as Balance);
    applyEvent(client, { event: "balance-low", session_id: "ses_1", balance_cents: 399, minutes_left: 1 });
    expect(client.getQueryData<Balance>(keys.balance)?.balance_cents).toBe(399);
  });

  it("auto-topup-failed sets the balance and marks the saved card (its paused reason) stale", () => {
    const client = new QueryClient();
    client.setQueryData<Balance>(keys.balance, { balance_cents: 2500, owed_cents: 0 } as Balance);
    client.setQueryData(keys.savedCard, { card: { brand: "visa", last4: "0341" }, auto_topup: null });
    applyEvent(client, { event: "auto-topup-failed", amount_cents: 2000, balance_cents: 120, message: "Your card was declined." });
    expect(client.getQueryData<Balance>(keys.balance)?.balance_cents).toBe(120);
    expect(client.getQueryState(keys.savedCard)?.isInvalidated).toBe(true);
  });

  it("balance-updated marks the money history and the saved card stale", () => {
    const client = new QueryClient();
    client.setQueryData(keys.history.page(undefined), { items: [], next_cursor: null });
    client.setQueryData(keys.savedCard, { card: null, auto_topup: null });
    applyEvent(client, { event: "balance-updated", balance_cents: 3500, movement_id: "topup:pi_1", payment_intent_id: "pi_1" });
    expect(client.getQueryState(keys.history.page(undefined))?.isInvalidated).toBe(true);
    expect(client.getQueryState(keys.savedCard)?.isInvalidated).toBe(true);
  });

  it("session-ended puts the summary into the cached reading and marks the lists stale", () => {
    const client = new QueryClient();
    client.setQueryData(keys.readings.one("ses_1"), session());
    client.setQueryData(keys.readings.list(10, undefined), { items: [], next_cursor: null });
    const summary = {
      session_id: "ses_1",
      status: "ended" as const,
      minutes: 3,
      paid_minutes: 3,
      total_cents: 1197,
      reader_share_cents: 838,
      end_reason: "ended_by_client",
    };
    applyEvent(client, { event: "session-ended", session_id: "ses_1", summary });
    const cached = client.getQueryData<SessionDetails>(keys.readings.one("ses_1"));
    expect(cached?.status).toBe("ended");
    expect(cached?.total_cents).toBe(1197);
    expect(client.getQueryState(keys.readings.list(10, undefined))?.isInvalidated).toBe(true);
  });

  it("a withdrawn, expired or declined request leaves the console's list at once, and the bar's reading is read again", () => {
    const client = new QueryClient();
    const request = (id: string) => ({
      session_id: id,
      client: { user_id: "c1", display_name: "Ada" },
      type: "chat" as const,
      rate_cents: 100,
      free_minutes: 0,
      expires_at: "2030-01-01T00:00:00+00:00",
    });
    client.setQueryData(keys.openRequests, { items: [request("ses_1"), request("ses_2"), request("ses_3"), request("ses_4")] });
    client.setQueryData(keys.me, { user_id: "r1" });
    applyEvent(client, { event: "reading-cancelled", session_id: "ses_1", reason: "withdrawn" });
    applyEvent(client, { event: "reading-expired", session_id: "ses_2" });
    applyEvent(client, { event: "reading-declined", session_id: "ses_3", reason: "on_a_break" });
    const left = client.getQueryData<{ items: { session_id: string }[] }>(keys.openRequests);
    expect(left?.items.map((i) => i.session_id)).toEqual(["ses_4"]);
    expect(client.getQueryState(keys.me)?.isInvalidated).toBe(true);
    applyEvent(client, {
      event: "reading-requested",
      session_id: "ses_5",
      client: { user_id: "c2", display_name: null },
      type: "video",
      rate_cents: 300,
      free_minutes: 3,
      expires_at: "2030-01-01T00:01:00+00:00",
    });
    const rung = client.getQueryData<{ items: { session_id: string; client: { display_name: string } }[] }>(keys.openRequests);
    expect(rung?.items[0]).toMatchObject({ session_id: "ses_5", client: { display_name: "Client" } });
  });

  it("stream-viewers sets the viewer count of that stream only", () => {
    const client = new QueryClient();
    client.setQueryData(keys.streams.one("str_1"), { stream_id: "str_1", viewer_count: 0 } as Stream);
    client.setQueryData(keys.streams.one("str_2"), { stream_id: "str_2", viewer_count: 5 } as Stream);
    applyEvent(client, { event: "stream-viewers", stream_id: "str_1", viewer_count: 1 });
    expect(client.getQueryData<Stream>(keys.streams.one("str_1"))?.viewer_count).toBe(1);
    expect(client.getQueryData<Stream>(keys.streams.one("str_2"))?.viewer_count).toBe(5);
  });

  it("a reading page reads the reading again on reading-minute, and never on a timer", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const served = [session({ minutes: 2 }), session({ minutes: 3, total_cents: 1197 })];
    const GET = vi.fn(async () => ({ data: served.shift(), response: new Response("{}", { status: 200 }) }));
    const socket = new FakeSocket();
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const stop = syncCacheWithSocket(socket as unknown as SoulSocket, client);
    const app = { api: { GET } as unknown as Api, socket } as unknown as AppState;
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={client}>
        <AppContext.Provider value={app}>{children}</AppContext.Provider>
      </QueryClientProvider>
    );
    function Minutes() {
      const { data } = useSession("ses_1");
      return <p data-testid="minutes">{data?.minutes ?? "-"}</p>;
    }
    render(<Minutes />, { wrapper });
    expect((await screen.findByText("2")).dataset.testid).toBe("minutes");
    await act(() => vi.advanceTimersByTimeAsync(60_000)); // a minute passes: no poll
    expect(GET).toHaveBeenCalledTimes(1);

    act(() => socket.emit({ event: "reading-minute", session_id: "ses_other", minutes: 9 }));
    act(() => socket.emit({ event: "reading-minute", session_id: "ses_1", minutes: 3 }));
    expect(await screen.findByText("3")).toBeTruthy();
    expect(GET).toHaveBeenCalledTimes(2);
    stop();
    vi.useRealTimers();
  });

  it("balance-updated sets the balance; a top-up finishes on the event for its own intent only", async () => {
    const socket = new FakeSocket();
    const client = new QueryClient();
    client.setQueryData<Balance>(keys.balance, { balance_cents: 100, owed_cents: 0 } as Balance);
    const stop = syncCacheWithSocket(socket as unknown as SoulSocket, client);
    const app = { api: {} as Api, socket } as unknown as AppState;
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={client}>
        <AppContext.Provider value={app}>{children}</AppContext.Provider>
      </QueryClientProvider>
    );
    const { result } = renderHook(() => useAddBalance(), { wrapper });
    const wait = result.current.waitForCredit("pi_mine");
    let credited: number | null = null;
    void wait.credited.then((cents) => (credited = cents));
    const updated = (payment_intent_id: string, balance_cents: number) =>
      socket.emit({ event: "balance-updated", payment_intent_id, balance_cents, movement_id: `topup:${payment_intent_id}` });
    updated("pi_other", 1100);
    await Promise.resolve();
    expect(credited).toBeNull();
    updated("pi_mine", 3600);
    await wait.credited;
    expect(credited).toBe(3600);
    expect(client.getQueryData<Balance>(keys.balance)?.balance_cents).toBe(3600);
    stop();
  });
});
