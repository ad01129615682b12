import { RequireSignIn } from "../../components/RequireSignIn";
import { ErrorNote, Spinner } from "../../components/ui";
import { useReaderProducts } from "../../features/products/api/get-products";
import { NewProductForm } from "../../features/products/components/NewProductForm";
import { ProductRow } from "../../features/products/components/ProductRow";
import { useApp } from "../../lib/app-context";

export default function MyProductsPage() {
  return (
    <RequireSignIn role="reader">
      <MyProducts />
    </RequireSignIn>
  );
}

function MyProducts() {
  const { me } = useApp();
  const products = useReaderProducts(me?.user_id ?? "");
  return (
    <section className="page stack">
      <h1>My products</h1>
      <NewProductForm />
      <ErrorNote error={products.error} />
      {products.isPending && <Spinner label="Loading your products" />}
      <ul className="stack" style={{ listStyle: "none", padding: 0 }} aria-label="Your products">
        {products.data?.items.map((p) => <ProductRow key={p.product_id} product={p} />)}
      </ul>
    </section>
  );
}
