import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";
import { SIGNED_OUT_REFRESH_MS } from "./stream-chat";

/** `GET /api/streams/{id}/gifts`: the newest gifts (public), so the feed agrees with the gift count; `gift`
 * events add to it. */
export function useRecentGifts(streamId: string) {
  const { api, me } = useApp();
  return useQuery({
    queryKey: keys.streams.recentGifts(streamId),
    queryFn: () => ok(api.GET("/api/streams/{id}/gifts", { params: { path: { id: streamId } } })),
    refetchInterval: me ? false : SIGNED_OUT_REFRESH_MS,
  });
}
