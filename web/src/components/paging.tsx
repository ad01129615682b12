/** A paged list of the API (`items`, `next_cursor`), newest first: the cursors walked so far, the page at
 * the last one, and the Newer / Older buttons. One hook for every paged page (orders, readings, wallet). */
import { useCallback, useState } from "react";
import type { Page } from "../api/types";
import { useLoad } from "./ui";

export function usePaged<T>(load: (cursor: string | undefined) => Promise<Page<T>>, deps: unknown[]) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const page = useLoad(() => load(cursor), [...deps, cursor]);
  const nextCursor = page.data?.next_cursor ?? undefined;
  const newer = useCallback(() => setCursors((c) => c.slice(0, -1)), []);
  const older = useCallback(() => setCursors((c) => (nextCursor ? [...c, nextCursor] : c)), [nextCursor]);
  /** Back to the newest page (after a change that adds items, or another filter). */
  const first = useCallback(() => setCursors([undefined]), []);
  return { ...page, canNewer: cursors.length > 1, canOlder: nextCursor !== undefined, newer, older, first };
}

export function Pager({ paged }: { paged: Pick<ReturnType<typeof usePaged>, "canNewer" | "canOlder" | "newer" | "older"> }) {
  return (
    <div className="row">
      <button type="button" className="secondary" disabled={!paged.canNewer} onClick={paged.newer}>
        Newer
      </button>
      <button type="button" className="secondary" disabled={!paged.canOlder} onClick={paged.older}>
        Older
      </button>
    </div>
  );
}
