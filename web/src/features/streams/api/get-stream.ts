import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/streams/{id}`: one stream with its gift totals; `gift`, `stream-viewers` and `stream-ended`
 * events keep it current. */
export function useStream(streamId: string) {
  const { api } = useApp();
  return useQuery({
    queryKey: keys.streams.one(streamId),
    queryFn: () => ok(api.GET("/api/streams/{id}", { params: { path: { id: streamId } } })),
  });
}
