import { RequireSignIn } from "../../components/RequireSignIn";
import { FavoriteList } from "../../features/favorites/components/FavoriteList";

export default function FavoritesPage() {
  return (
    <RequireSignIn role="client">
      <section className="page stack">
        <h1>Favorites</h1>
        <p className="muted">We let you know when a favorite reader comes online.</p>
        <FavoriteList />
      </section>
    </RequireSignIn>
  );
}
