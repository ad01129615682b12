import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/readers/{id}/reviews`: the newest `limit` reviews, with the reader's replies. */
export function useReaderReviews(readerId: string, limit: number) {
  const { api } = useApp();
  return useQuery({
    queryKey: keys.readers.reviews(readerId, limit),
    queryFn: () => ok(api.GET("/api/readers/{id}/reviews", { params: { path: { id: readerId }, query: { limit } } })),
    enabled: readerId !== "",
  });
}
