import { RequireSignIn } from "../../components/RequireSignIn";
import { OrdersTable } from "../../features/orders/components/OrdersTable";

export default function OrdersPage() {
  return (
    <RequireSignIn>
      <section className="page stack">
        <h1>My orders</h1>
        <OrdersTable />
      </section>
    </RequireSignIn>
  );
}
