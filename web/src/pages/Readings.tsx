export default function ReadingsPage() {
  return (
    <section className="page">
      <h1>Readings</h1>
      <p>Coming soon.</p>
    </section>
  );
}
