import { useEffect } from "react";
import { Link } from "react-router-dom";
import { paths } from "../config/paths";
import { useApp } from "../lib/app-context";
import { money } from "../lib/format";

/** reader-online / reader-available announcements, and any other toast a page raises. */
export function Toasts() {
  const { toasts, dismissToast, socket, toast, me } = useApp();

  useEffect(() => {
    if (!me) return;
    const offOnline = socket.on("reader-online", (event) =>
      toast(`${event.display_name ?? "A reader you follow"} is online now.`, {
        to: paths.reader.to(event.reader_id),
        label: "See profile",
      }),
    );
    const offAvailable = socket.on("reader-available", (event) =>
      toast(`${event.display_name ?? "The reader you asked about"} is free now.`, {
        to: paths.reader.to(event.reader_id),
        label: "Start a reading",
      }),
    );
    const offAutoTopup = socket.on("auto-topup-failed", (event) =>
      toast(`Automatic top-up of ${money(event.amount_cents)} failed: ${event.message} It is paused; nothing was charged.`, {
        to: paths.wallet.to(),
        label: "Open wallet",
      }),
    );
    return () => {
      offOnline();
      offAvailable();
      offAutoTopup();
    };
  }, [socket, toast, me]);

  return (
    <div className="toasts" aria-live="polite" role="region" aria-label="Notifications">
      {toasts.map((t) => (
        <div key={t.id} className="toast">
          <span>{t.text}</span>
          {t.link && <Link to={t.link.to}>{t.link.label}</Link>}
          <button type="button" className="link" aria-label="Dismiss" onClick={() => dismissToast(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
