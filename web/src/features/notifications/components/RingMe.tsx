import { useState } from "react";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { useAddPushSubscription } from "../api/add-push-subscription";
import { useNotificationSettings } from "../api/get-notifications";
import { useUpdateNotifications } from "../api/update-notifications";
import { notificationsSupported } from "../../../lib/browser-push";

/** "Ring me when I'm away": the reader allows notifications, this browser subscribes to pushes, and
 * requests ring them with the console closed (they stay available to clients). */
export function RingMe() {
  const settings = useNotificationSettings();
  const subscribe = useAddPushSubscription();
  const update = useUpdateNotifications();
  const [asked, setAsked] = useState(false);
  const on = settings.data?.ring_when_away === true && (settings.data?.push_subscriptions ?? 0) > 0;
  const permission = notificationsSupported() ? Notification.permission : "unsupported";

  async function turnOn() {
    setAsked(true);
    await subscribe.mutateAsync();
    await update.mutateAsync({ ring_when_away: true, push_enabled: true });
  }

  return (
    <section className="card stack" aria-label="Ring me when I'm away">
      <h2>Ring me when I&apos;m away</h2>
      <p className="muted">
        {on
          ? "On: clients can request you while the console is closed; each request rings this browser. Three unanswered rings in a row take you offline."
          : "Get a notification for every request, even with the console closed. Your browser will ask to allow notifications from SoulSeer."}
      </p>
      {permission === "denied" && (
        <p role="alert">Notifications are blocked for this site. Allow them in the browser&apos;s site settings.</p>
      )}
      <div className="row">
        {on ? (
          <BusyButton type="button" className="secondary" busy={update.isPending} onClick={() => update.mutate({ ring_when_away: false })}>
            Stop ringing me when away
          </BusyButton>
        ) : (
          <BusyButton
            type="button"
            busy={subscribe.isPending || update.isPending}
            disabled={permission === "denied" || permission === "unsupported"}
            onClick={() => void turnOn().catch(() => undefined)}
          >
            Allow notifications and ring me
          </BusyButton>
        )}
      </div>
      {asked && <ErrorNote error={subscribe.error ?? update.error} />}
    </section>
  );
}
