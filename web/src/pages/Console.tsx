export default function ConsolePage() {
  return (
    <section className="page">
      <h1>Console</h1>
      <p>Coming soon.</p>
    </section>
  );
}
