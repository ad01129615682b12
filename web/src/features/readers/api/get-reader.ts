import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/readers/{id}`: the public profile; `reader-online` / `reader-available` events refresh it. */
export function useReader(readerId: string) {
  const { api } = useApp();
  return useQuery({
    queryKey: keys.readers.one(readerId),
    queryFn: () => ok(api.GET("/api/readers/{id}", { params: { path: { id: readerId } } })),
    enabled: readerId !== "",
  });
}
