/** The browser's side of notifications: the service worker (public/sw.js), permission, push subscriptions,
 * and alerts for a request while the app is not in front (a notification and a flashing title). */

export function notificationsSupported(): boolean {
  return typeof window !== "undefined" && "Notification" in window && "serviceWorker" in navigator;
}

export function registerServiceWorker(): void {
  if (!notificationsSupported()) return;
  navigator.serviceWorker.register("/sw.js").catch(() => undefined); // the app works without it
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const padded = base64url.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (base64url.length % 4)) % 4);
  const raw = atob(padded);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/** Permission first (the browser's own prompt), then this browser's push subscription. */
export async function subscribeThisBrowser(vapidPublicKey: string | undefined): Promise<PushSubscription> {
  if (!notificationsSupported() || !("PushManager" in window) || !vapidPublicKey) {
    throw new Error("This browser cannot receive notifications when SoulSeer is closed.");
  }
  const permission = await Notification.requestPermission();
  if (permission !== "granted") {
    throw new Error("Notifications are blocked for SoulSeer. Allow them in the browser's site settings.");
  }
  const registration = await navigator.serviceWorker.ready;
  try {
    return (
      (await registration.pushManager.getSubscription()) ??
      (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(vapidPublicKey) }))
    );
  } catch {
    throw new Error("This browser could not reach its push service. Requests still ring while the console is open.");
  }
}

let flashing: number | undefined;

/** The tab's title alternates with `text` until the page is in front again. */
export function flashTitle(text: string): void {
  if (flashing !== undefined) window.clearInterval(flashing);
  const original = document.title;
  let on = false;
  flashing = window.setInterval(() => {
    if (document.visibilityState === "visible" && document.hasFocus()) {
      window.clearInterval(flashing);
      flashing = undefined;
      document.title = original;
      return;
    }
    on = !on;
    document.title = on ? text : original;
  }, 1000);
}

export interface Alert {
  title: string;
  body: string;
  tag: string;
  url: string;
}

/** While the app is not in front: a system notification (when allowed) and a flashing title. Shown
 * through the service worker, so a click focuses this tab on `url` (public/sw.js). */
export async function alertInBackground(alert: Alert): Promise<boolean> {
  if (document.visibilityState === "visible" && document.hasFocus()) return false;
  flashTitle(`🔔 ${alert.title}`);
  if (!notificationsSupported() || Notification.permission !== "granted") return false;
  const registration = await navigator.serviceWorker.getRegistration();
  const options = { body: alert.body, tag: alert.tag, data: { url: alert.url }, requireInteraction: true };
  if (registration) {
    await registration.showNotification(alert.title, options);
  } else {
    new Notification(alert.title, options);
  }
  return true;
}
