import { useEffect, useRef, useState } from "react";
import type { GiftCatalog } from "../../../api/types";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { useApp } from "../../../lib/app-context";
import { money } from "../../../lib/format";
import { useGiftCatalog } from "../api/get-gift-catalog";
import { useSendGift } from "../api/send-gift";

type Gift = GiftCatalog["items"][number];

/** A viewer's gift buttons (one per catalog gift); a gift dearer than the catalog's `confirm_above_cents`
 * asks first ("Send Full moon for $25.00?"). Signed out, the buttons are shown but disabled. */
export function GiftPanel({ streamId }: { streamId: string }) {
  const { me } = useApp();
  const catalog = useGiftCatalog();
  const gift = useSendGift(streamId);
  const [asking, setAsking] = useState<Gift | null>(null);
  const threshold = catalog.data?.confirm_above_cents ?? 0;
  const send = (g: Gift) => gift.mutate(g.gift, { onSettled: () => setAsking(null) });
  return (
    <section className="card stack" aria-labelledby="gift-panel-heading">
      <h2 id="gift-panel-heading">Send a gift</h2>
      <div className="row">
        {catalog.data?.items.map((g) => (
          <BusyButton
            key={g.gift}
            type="button"
            className="secondary"
            busy={gift.isPending && gift.variables === g.gift}
            disabled={!me || gift.isPending}
            onClick={() => (g.price_cents > threshold ? setAsking(g) : send(g))}
          >
            {g.label} <span aria-hidden="true">{g.icon}</span> · {money(g.price_cents)}
          </BusyButton>
        ))}
      </div>
      {asking && <ConfirmGift gift={asking} busy={gift.isPending} onSend={() => send(asking)} onCancel={() => setAsking(null)} />}
      <ErrorNote error={gift.error} />
    </section>
  );
}

function ConfirmGift(props: { gift: Gift; busy: boolean; onSend: () => void; onCancel: () => void }) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), [props.gift.gift]);
  const { gift: g } = props;
  return (
    <div className="notice stack" role="alertdialog" aria-labelledby="confirm-gift-question">
      <p id="confirm-gift-question">
        Send {g.label} <span aria-hidden="true">{g.icon}</span> for {money(g.price_cents)}?
      </p>
      <div className="row">
        <button ref={first} type="button" disabled={props.busy} aria-busy={props.busy} onClick={props.onSend}>
          {props.busy ? "Sending…" : `Send ${g.label}`}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
