import type { Reader } from "../api/types";

/** A reader's small photo, or their initial until they upload one (cards on the home page and the list). */
export function ReaderAvatar({ reader }: { reader: Pick<Reader, "display_name" | "photo"> }) {
  return reader.photo ? (
    <img className="avatar" src={reader.photo.small} alt={`Photo of ${reader.display_name}`} width={64} height={64} />
  ) : (
    <span className="avatar avatar-initial" aria-hidden="true">
      {reader.display_name.slice(0, 1)}
    </span>
  );
}
