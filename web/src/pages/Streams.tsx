export default function StreamsPage() {
  return (
    <section className="page">
      <h1>Streams</h1>
      <p>Coming soon.</p>
    </section>
  );
}
