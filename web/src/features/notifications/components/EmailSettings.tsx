import { useState, type FormEvent } from "react";
import { BusyButton, ErrorNote, Spinner } from "../../../components/ui";
import { useNotificationSettings } from "../api/get-notifications";
import { useUpdateNotifications } from "../api/update-notifications";

const RECEIPTS = [
  ["topup", "Funds added"],
  ["reading", "Readings"],
  ["order", "Orders"],
  ["refund", "Refunds"],
  ["dispute", "Reports about a reading"],
  ["payout", "Payouts sent (readers)"],
] as const;

/** Where receipts go, which ones, and push on or off. */
export function EmailSettings() {
  const settings = useNotificationSettings();
  const update = useUpdateNotifications();
  const [email, setEmail] = useState<string | null>(null);
  if (!settings.data) return <Spinner label="Loading your notification settings" />;
  const data = settings.data;
  const shown = email ?? data.email ?? "";

  function save(event: FormEvent) {
    event.preventDefault();
    update.mutate({ email: shown.trim(), emails_enabled: true });
  }

  return (
    <section className="card stack" aria-label="Notifications">
      <h2>Notifications</h2>
      <form className="stack" aria-label="Email for receipts" onSubmit={save}>
        <label>
          Email for receipts
          <input type="email" value={shown} onChange={(e) => setEmail(e.target.value)} autoComplete="email" />
        </label>
        {data.email_suppressed && <p role="alert">Emails to this address bounced; we stopped sending. Check it and save again.</p>}
        {!data.emails_enabled && data.email && <p className="muted">You unsubscribed from emails. Saving turns them on again.</p>}
        <BusyButton type="submit" busy={update.isPending}>Save email</BusyButton>
      </form>
      <fieldset className="stack">
        <legend>Send me receipts for</legend>
        {RECEIPTS.map(([kind, label]) => (
          <label key={kind} className="check">
            <input
              type="checkbox"
              checked={data.receipts[kind]}
              onChange={(e) => update.mutate({ receipts: { [kind]: e.target.checked } })}
            />
            {label}
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={data.push_enabled} onChange={(e) => update.mutate({ push_enabled: e.target.checked })} />
        Browser notifications ({data.push_subscriptions} device{data.push_subscriptions === 1 ? "" : "s"})
      </label>
      <ErrorNote error={update.error ?? settings.error} />
    </section>
  );
}
