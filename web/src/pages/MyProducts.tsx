export default function MyProductsPage() {
  return (
    <section className="page">
      <h1>MyProducts</h1>
      <p>Coming soon.</p>
    </section>
  );
}
