import { useApp } from "../../../lib/app-context";
import { money } from "../../../lib/format";
import type { FeedItem } from "../hooks/use-gift-feed";

export function GiftFeed({ feed }: { feed: FeedItem[] }) {
  const { me } = useApp();
  return (
    <div className="card">
      <h2>Gifts</h2>
      <ul className="gift-feed" aria-label="Gift feed" aria-live="polite">
        {feed.length === 0 && <li className="muted">No gifts yet.</li>}
        {feed.map((f) => (
          <li key={f.gift_id}>
            {f.from === me?.user_id ? "You" : (f.name ?? "A viewer")} sent a <strong>{(f.label ?? f.gift).toLowerCase()}</strong>{" "}
            {f.icon && <span aria-hidden="true">{f.icon}</span>} ({money(f.amount_cents)})
          </li>
        ))}
      </ul>
    </div>
  );
}
