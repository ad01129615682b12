import { RequireSignIn } from "../../components/RequireSignIn";
import { SalesList } from "../../features/orders/components/SalesList";

export default function SalesPage() {
  return (
    <RequireSignIn role="reader">
      <section className="page stack">
        <h1>My sales</h1>
        <SalesList />
      </section>
    </RequireSignIn>
  );
}
