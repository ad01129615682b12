import { Link } from "react-router-dom";
import { ok } from "../api/client";
import { useApp } from "../app/context";
import { RequireSignIn } from "../components/RequireSignIn";
import { Pager, usePaged } from "../components/paging";
import { ErrorNote, Spinner } from "../components/ui";
import { money, when } from "../format";

export default function OrdersPage() {
  return (
    <RequireSignIn>
      <Orders />
    </RequireSignIn>
  );
}

function Orders() {
  const { api } = useApp();
  const orders = usePaged((cursor) => ok(api.GET("/api/orders", { params: { query: { limit: 10, cursor } } })), []);
  return (
    <section className="page stack">
      <h1>My orders</h1>
      <ErrorNote error={orders.error} />
      {orders.loading && <Spinner label="Loading orders" />}
      {orders.data?.items.length === 0 && (
        <p className="muted">
          No orders yet. <Link to="/shop">Visit the shop</Link>
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
                    <Link to={`/shop/${o.product_id}`}>{o.product_name}</Link>
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
    </section>
  );
}
