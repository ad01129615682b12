import { BusyButton, ErrorNote } from "../../../components/ui";
import { useFavorites } from "../api/get-favorites";
import { useSetFavorite } from "../api/set-favorite";

/** "Add to favorites" / "Favorite (remove)" for one reader (clients only; hidden until the list loaded). */
export function FavoriteButton({ readerId }: { readerId: string }) {
  const favorites = useFavorites();
  const set = useSetFavorite();
  if (!favorites.data) return null;
  const favorite = favorites.data.items.some((f) => f.reader_id === readerId);
  return (
    <div>
      <BusyButton
        type="button"
        className="secondary"
        busy={set.isPending}
        aria-pressed={favorite}
        onClick={() => set.mutate({ readerId, favorite: !favorite })}
      >
        {favorite ? "★ Favorite (remove)" : "☆ Add to favorites"}
      </BusyButton>
      <ErrorNote error={set.error} />
    </div>
  );
}
