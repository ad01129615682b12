import { ProductGrid } from "../../features/products/components/ProductGrid";

export default function ShopPage() {
  return (
    <section className="page stack">
      <h1>Shop</h1>
      <ProductGrid />
    </section>
  );
}
