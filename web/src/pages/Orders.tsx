export default function OrdersPage() {
  return (
    <section className="page">
      <h1>Orders</h1>
      <p>Coming soon.</p>
    </section>
  );
}
