import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

export const HOME_READERS = 6;
export const HOME_STREAMS = 4;

/** `GET /api/readers?status=online`: the first few readers a visitor can start a reading with now, best
 * rated first (`reader-online` and reading events refresh every reader list, this one included). */
export function useReadersOnline() {
  const { api } = useApp();
  return useQuery({
    queryKey: keys.readers.onlineNow,
    queryFn: () =>
      ok(api.GET("/api/readers", { params: { query: { status: "online", sort: "rating", limit: HOME_READERS } } })),
  });
}

/** `GET /api/streams/live`: the newest few live streams (a stream ending refreshes every live list). */
export function useLiveNow() {
  const { api } = useApp();
  return useQuery({
    queryKey: keys.streams.liveNow,
    queryFn: () => ok(api.GET("/api/streams/live", { params: { query: { limit: HOME_STREAMS } } })),
  });
}
