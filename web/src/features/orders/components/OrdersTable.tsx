import { Link } from "react-router-dom";
import { Pager } from "../../../components/paging";
import { BusyButton, ErrorNote, Spinner } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { useOrders } from "../api/get-orders";
import { useDownload } from "../api/order-actions";
import { ChangeAddress } from "./ChangeAddress";
import { OrderCard } from "./OrderCard";

/** The buyer's orders as cards: status and tracking kept current by `order-updated`; digital ones download;
 * a physical one's address can be changed until it ships. */
export function OrdersTable() {
  const orders = useOrders(10);
  const download = useDownload();
  return (
    <>
      <ErrorNote error={orders.error} />
      {orders.loading && <Spinner label="Loading orders" />}
      {orders.data?.items.length === 0 && (
        <p className="muted">
          No orders yet. <Link to={paths.shop.to()}>Visit the shop</Link>
        </p>
      )}
      {orders.data && orders.data.items.length > 0 && (
        <ul className="stack plain" aria-label="Orders">
          {orders.data.items.map((o) => (
            <OrderCard key={o.order_id} order={o}>
              {o.kind === "digital" && (
                <BusyButton type="button" busy={download.isPending && download.variables === o.order_id} busyLabel="Preparing"
                  onClick={() => download.mutate(o.order_id)}>
                  Download {o.product_name}
                </BusyButton>
              )}
              {o.kind === "physical" && o.status === "paid" && o.shipping_address && <ChangeAddress order={o} />}
            </OrderCard>
          ))}
        </ul>
      )}
      <ErrorNote error={download.error} />
      <Pager paged={orders} />
    </>
  );
}
