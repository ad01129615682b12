export default function ShopPage() {
  return (
    <section className="page">
      <h1>Shop</h1>
      <p>Coming soon.</p>
    </section>
  );
}
