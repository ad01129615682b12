import { Link } from "react-router-dom";
import { ok } from "../api/client";
import { useApp } from "../app/context";
import { RequireSignIn } from "../components/RequireSignIn";
import { BusyButton, ErrorNote, Spinner, StatusBadge, useAction, useLoad } from "../components/ui";

export default function FavoritesPage() {
  return (
    <RequireSignIn role="client">
      <Favorites />
    </RequireSignIn>
  );
}

function Favorites() {
  const { api } = useApp();
  const favorites = useLoad(() => ok(api.GET("/api/me/favorites")), []);
  const remove = useAction(async (readerId: string) => {
    await ok(api.DELETE("/api/me/favorites/{reader_id}", { params: { path: { reader_id: readerId } } }));
    await favorites.reload();
  });
  return (
    <section className="page stack">
      <h1>Favorites</h1>
      <p className="muted">We let you know when a favorite reader comes online.</p>
      <ErrorNote error={favorites.error ?? remove.error} />
      {favorites.loading && <Spinner label="Loading favorites" />}
      {favorites.data?.items.length === 0 && (
        <p>
          No favorites yet. <Link to="/readers">Find a reader</Link>
        </p>
      )}
      <ul className="grid" aria-label="Favorite readers">
        {favorites.data?.items.map((f) => (
          <li key={f.reader_id} className="card stack">
            <div className="row">
              <Link to={`/readers/${f.reader_id}`}>{f.display_name ?? f.reader_id}</Link>
              {f.status && <StatusBadge status={f.status} />}
            </div>
            <BusyButton type="button" className="secondary" busy={remove.busy} onClick={() => void remove.run(f.reader_id)}>
              Remove
            </BusyButton>
          </li>
        ))}
      </ul>
    </section>
  );
}
