import { useApp } from "../../../lib/app-context";
import { money } from "../../../lib/format";
import { useRecentGifts } from "../api/get-recent-gifts";

/** The stream's newest gifts, read from the server (so they agree with the gift count, signed out too);
 * `gift` events add to them live. */
export function GiftFeed({ streamId }: { streamId: string }) {
  const { me } = useApp();
  const gifts = useRecentGifts(streamId);
  const items = gifts.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="gift-feed-heading">
      <h2 id="gift-feed-heading">Gifts</h2>
      <ul className="gift-feed" aria-label="Gift feed" aria-live="polite">
        {gifts.isSuccess && items.length === 0 && <li className="muted">No gifts yet.</li>}
        {items.map((g) => (
          <li key={g.gift_id}>
            {g.from_user_id === me?.user_id ? "You" : g.from_name} sent a <strong>{g.label.toLowerCase()}</strong>{" "}
            {g.icon && <span aria-hidden="true">{g.icon}</span>} ({money(g.amount_cents)})
          </li>
        ))}
      </ul>
    </section>
  );
}
