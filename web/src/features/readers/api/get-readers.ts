import { useInfiniteQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import type { ReaderStatus } from "../../../api/types";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

export type ReaderSort = "" | "rating" | "price" | "newest" | "availability";

export interface ReaderFilters {
  status: ReaderStatus | "";
  specialty: string;
  q: string;
  sort: ReaderSort;
}

const LIMIT = 24;

/** `GET /api/readers`, searched (`q`), sorted and filtered, a page at a time ("Show more readers" fetches the next cursor). */
export function useReaders(filters: ReaderFilters) {
  const { api } = useApp();
  return useInfiniteQuery({
    queryKey: keys.readers.list(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      ok(
        api.GET("/api/readers", {
          params: {
            query: {
              status: filters.status || undefined,
              specialty: filters.specialty || undefined,
              q: filters.q.trim() || undefined,
              sort: filters.sort || undefined,
              limit: LIMIT,
              cursor: pageParam,
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}
