import { useState } from "react";
import type { Address, Order } from "../../../api/types";
import { AddressFields } from "../../../components/AddressFields";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { useChangeAddress } from "../api/order-actions";

/** "Change the address" on a paid physical order: the buyer's fix before the seller ships (409 after). */
export function ChangeAddress({ order }: { order: Order }) {
  const [open, setOpen] = useState(false);
  const [address, setAddress] = useState<Address>(() => ({ ...order.shipping_address! }));
  const change = useChangeAddress();
  if (!open)
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        Change the address
      </button>
    );
  return (
    <form
      className="stack"
      aria-label={`New address for ${order.product_name}`}
      onSubmit={(e) => {
        e.preventDefault();
        change.mutate({ orderId: order.order_id, address }, { onSuccess: () => setOpen(false) });
      }}
    >
      <AddressFields value={address} onChange={setAddress} idPrefix={`order-${order.order_id}`} />
      <div className="row">
        <BusyButton type="submit" busy={change.isPending} busyLabel="Saving">
          Save the address
        </BusyButton>
        <button type="button" className="secondary" onClick={() => setOpen(false)} disabled={change.isPending}>
          Keep the old one
        </button>
      </div>
      <ErrorNote error={change.error} />
    </form>
  );
}
