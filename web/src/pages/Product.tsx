export default function ProductPage() {
  return (
    <section className="page">
      <h1>Product</h1>
      <p>Coming soon.</p>
    </section>
  );
}
