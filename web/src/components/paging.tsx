/** A paged list of the API (`items`, `next_cursor`), newest first: the cursors walked so far, the page at
 * the last one (a cached query per cursor), and the Newer / Older buttons. One hook for every paged list
 * (orders, readings, wallet); a feature's api file gives it the query key and the fetch. */
import { useQuery, type QueryKey } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import type { Page } from "../api/types";

export function usePaged<T>(queryKey: (cursor: string | undefined) => QueryKey, load: (cursor: string | undefined) => Promise<Page<T>>) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const page = useQuery({ queryKey: queryKey(cursor), queryFn: () => load(cursor) });
  const nextCursor = page.data?.next_cursor ?? undefined;
  const newer = useCallback(() => setCursors((c) => c.slice(0, -1)), []);
  const older = useCallback(() => setCursors((c) => (nextCursor ? [...c, nextCursor] : c)), [nextCursor]);
  /** Back to the newest page (after a change that adds items, or another filter). */
  const first = useCallback(() => setCursors([undefined]), []);
  return {
    data: page.data,
    error: page.error,
    loading: page.isFetching,
    reload: page.refetch,
    canNewer: cursors.length > 1,
    canOlder: nextCursor !== undefined,
    newer,
    older,
    first,
  };
}

export type Paged<T> = ReturnType<typeof usePaged<T>>;

export function Pager({ paged }: { paged: Pick<Paged<unknown>, "canNewer" | "canOlder" | "newer" | "older"> }) {
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
