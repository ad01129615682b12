import { Link } from "react-router-dom";
import { Pager } from "../../../components/paging";
import { ErrorNote, Spinner } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { money, when } from "../../../lib/format";
import { useOrders } from "../api/get-orders";

export function OrdersTable() {
  const orders = useOrders(10);
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
        <div className="table-wrap">
          <table>
            <caption className="sr-only">Orders, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Product</th>
                <th scope="col">Qty</th>
                <th scope="col">Total</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {orders.data.items.map((o) => (
                <tr key={o.order_id}>
                  <td>{when(o.created_at)}</td>
                  <td>
                    <Link to={paths.product.to(o.product_id)}>{o.product_name}</Link>
                  </td>
                  <td>{o.quantity}</td>
                  <td>{money(o.total_cents)}</td>
                  <td>{o.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager paged={orders} />
    </>
  );
}
