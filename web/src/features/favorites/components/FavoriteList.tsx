import { Link } from "react-router-dom";
import { BusyButton, ErrorNote, Spinner, StatusBadge } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { useFavorites } from "../api/get-favorites";
import { useSetFavorite } from "../api/set-favorite";

export function FavoriteList() {
  const favorites = useFavorites();
  const remove = useSetFavorite();
  return (
    <>
      <ErrorNote error={favorites.error ?? remove.error} />
      {favorites.isPending && <Spinner label="Loading favorites" />}
      {favorites.data?.items.length === 0 && (
        <p>
          No favorites yet. <Link to={paths.readers.to()}>Find a reader</Link>
        </p>
      )}
      <ul className="grid" aria-label="Favorite readers">
        {favorites.data?.items.map((f) => (
          <li key={f.reader_id} className="card stack">
            <div className="row">
              <Link to={paths.reader.to(f.reader_id)}>{f.display_name ?? f.reader_id}</Link>
              {f.status && <StatusBadge status={f.status} />}
            </div>
            <BusyButton
              type="button"
              className="secondary"
              busy={remove.isPending}
              onClick={() => remove.mutate({ readerId: f.reader_id, favorite: false })}
            >
              Remove
            </BusyButton>
          </li>
        ))}
      </ul>
    </>
  );
}
