import { useState } from "react";
import { Pager } from "../../../components/paging";
import { BusyButton, ErrorNote, Spinner } from "../../../components/ui";
import { useSales } from "../api/get-sales";
import { useDeliver, useShip } from "../api/order-actions";
import { OrderCard } from "./OrderCard";

function ShipForm({ orderId, productName }: { orderId: string; productName: string }) {
  const [tracking, setTracking] = useState("");
  const ship = useShip();
  return (
    <form
      className="row"
      aria-label={`Ship ${productName}`}
      onSubmit={(e) => {
        e.preventDefault();
        ship.mutate({ orderId, tracking });
      }}
    >
      <div className="field">
        <label htmlFor={`tracking-${orderId}`}>Carrier and tracking number</label>
        <input id={`tracking-${orderId}`} required maxLength={200} value={tracking} onChange={(e) => setTracking(e.target.value)} />
      </div>
      <BusyButton type="submit" busy={ship.isPending} busyLabel="Saving">
        Mark shipped
      </BusyButton>
      <ErrorNote error={ship.error} />
    </form>
  );
}

/** The seller's sales: where each physical order goes, and "Mark shipped" / "Mark delivered". */
export function SalesList() {
  const sales = useSales(10);
  const deliver = useDeliver();
  return (
    <>
      <ErrorNote error={sales.error ?? deliver.error} />
      {sales.loading && <Spinner label="Loading sales" />}
      {sales.data?.items.length === 0 && <p className="muted">No sales yet.</p>}
      <ul className="stack plain" aria-label="Sales">
        {sales.data?.items.map((o) => (
          <OrderCard key={o.order_id} order={o}>
            {o.kind === "physical" && o.status === "paid" && <ShipForm orderId={o.order_id} productName={o.product_name} />}
            {o.status === "shipped" && (
              <BusyButton type="button" busy={deliver.isPending} busyLabel="Saving" onClick={() => deliver.mutate(o.order_id)}>
                Mark delivered
              </BusyButton>
            )}
          </OrderCard>
        ))}
      </ul>
      <Pager paged={sales} />
    </>
  );
}
