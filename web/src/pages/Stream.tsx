export default function StreamPage() {
  return (
    <section className="page">
      <h1>Stream</h1>
      <p>Coming soon.</p>
    </section>
  );
}
