import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";
import { SIGNED_OUT_REFRESH_MS } from "./stream-chat";

/** `GET /api/streams/{id}`: one stream with its gift totals; `gift`, `stream-viewers` and `stream-ended`
 * events keep it current. */
export function useStream(streamId: string) {
  const { api, me } = useApp();
  return useQuery({
    queryKey: keys.streams.one(streamId),
    queryFn: () => ok(api.GET("/api/streams/{id}", { params: { path: { id: streamId } } })),
    refetchInterval: me ? false : SIGNED_OUT_REFRESH_MS, // signed out: no socket to hear the events
  });
}
