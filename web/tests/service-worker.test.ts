import { describe, expect, it } from "vitest";
import source from "../public/sw.js?raw";

type Listener = (event: Record<string, unknown>) => void;

/** public/sw.js run against a stand-in `self`: its listeners, the windows it finds, what it opens. */
function worker(windows: { url: string; navigated?: string; focused?: boolean }[]) {
  const listeners: Record<string, Listener> = {};
  const opened: string[] = [];
  const self = {
    location: { origin: "https://soulseer.test" },
    addEventListener: (name: string, listener: Listener) => (listeners[name] = listener),
    clients: {
      matchAll: async () =>
        windows.map((w) => ({
          ...w,
          focus: async () => void (w.focused = true),
          navigate: async (url: string) => void (w.navigated = url),
        })),
      openWindow: async (url: string) => void opened.push(url),
    },
  };
  new Function("self", source)(self);
  const click = async (action: string, url: string) => {
    let done: Promise<unknown> = Promise.resolve();
    listeners.notificationclick?.({
      action,
      notification: { close: () => undefined, data: { url } },
      waitUntil: (p: Promise<unknown>) => (done = p),
    });
    await done;
  };
  return { click, opened };
}

describe("the service worker's notification buttons", () => {
  it("open the console on the request with the answer the console acts on", async () => {
    const none = worker([]);
    await none.click("accept", "/console?request=ses_1");
    await none.click("decline", "/console?request=ses_2");
    await none.click("", "/console?request=ses_3"); // the notification itself: no answer
    expect(none.opened).toEqual([
      "https://soulseer.test/console?request=ses_1&answer=accept",
      "https://soulseer.test/console?request=ses_2&answer=decline",
      "https://soulseer.test/console?request=ses_3",
    ]);
  });

  it("focus an open SoulSeer tab and take it to the request", async () => {
    const tab = { url: "https://soulseer.test/readers" } as { url: string; navigated?: string; focused?: boolean };
    const open = worker([tab]);
    await open.click("accept", "/console?request=ses_9");
    expect(open.opened).toEqual([]);
    expect(tab.focused).toBe(true);
    expect(tab.navigated).toBe("https://soulseer.test/console?request=ses_9&answer=accept");
  });
});
