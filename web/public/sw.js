/* SoulSeer's service worker: shows web pushes as notifications and opens the right page on a click.
   A push carries the event as the WebSocket does plus `notification` {title, body, url, tag, actions}.
   When a SoulSeer window is visible the page itself tells the person, so no notification is shown then
   (except a ring: a reader may be looking at another tab of the app). */
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

async function visibleWindow() {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  return windows.find((w) => w.visibilityState === "visible" && w.focused);
}

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  const shown = data.notification || { title: "SoulSeer", body: "", url: "/" };
  event.waitUntil(
    (async () => {
      if (data.event !== "reading-requested" && (await visibleWindow())) return;
      await self.registration.showNotification(shown.title, {
        body: shown.body,
        tag: shown.tag,
        renotify: Boolean(shown.tag),
        requireInteraction: Boolean(shown.require_interaction),
        actions: shown.actions || [],
        data: { url: shown.url || "/", event: data.event, session_id: data.session_id },
      });
    })(),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const data = event.notification.data || {};
  let url = data.url || "/";
  if (event.action === "accept" || event.action === "decline") {
    url += (url.includes("?") ? "&" : "?") + "answer=" + event.action;
  }
  const target = new URL(url, self.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const same = windows.find((w) => w.url === target) || windows[0];
      if (same) {
        await same.focus();
        if (same.url !== target && "navigate" in same) await same.navigate(target);
        return;
      }
      await self.clients.openWindow(target);
    })(),
  );
});
