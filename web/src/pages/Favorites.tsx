export default function FavoritesPage() {
  return (
    <section className="page">
      <h1>Favorites</h1>
      <p>Coming soon.</p>
    </section>
  );
}
