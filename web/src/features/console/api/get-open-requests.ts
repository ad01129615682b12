import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/me/requests`: the requests ringing the reader now, with their real `expires_at`. Socket events
 * add and drop requests in this cache (app/socket-cache.ts); it is read again after every reconnect. */
export function useOpenRequests() {
  const { api, me } = useApp();
  return useQuery({
    queryKey: keys.openRequests,
    queryFn: () => ok(api.GET("/api/me/requests")),
    enabled: me?.role === "reader",
  });
}
