import { Link } from "react-router-dom";
import type { GiftSent } from "../../../api/types";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { useApp } from "../../../lib/app-context";
import { money } from "../../../lib/format";
import { useGiftCatalog } from "../api/get-gift-catalog";
import { useSendGift } from "../api/send-gift";

/** A viewer's gift buttons (one per catalog gift). */
export function GiftPanel({ streamId, onSent }: { streamId: string; onSent: (sent: GiftSent) => void }) {
  const { me } = useApp();
  const catalog = useGiftCatalog();
  const gift = useSendGift(streamId);
  return (
    <div className="card stack">
      <h2>Send a gift</h2>
      {!me && (
        <p>
          <Link to={paths.signIn.to(paths.stream.to(streamId))}>Sign in</Link> to send gifts.
        </p>
      )}
      <div className="row">
        {catalog.data?.items.map((g) => (
          <BusyButton
            key={g.gift}
            type="button"
            className="secondary"
            busy={gift.isPending}
            disabled={!me}
            onClick={() => gift.mutate(g.gift, { onSuccess: onSent })}
          >
            <span className="capitalize">{g.label.toLowerCase()}</span> <span aria-hidden="true">{g.icon}</span> · {money(g.price_cents)}
          </BusyButton>
        ))}
      </div>
      <ErrorNote error={gift.error} />
    </div>
  );
}
