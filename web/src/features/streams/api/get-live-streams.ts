import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/streams/live`: who is live now. */
export function useLiveStreams() {
  const { api } = useApp();
  return useQuery({ queryKey: keys.streams.live, queryFn: () => ok(api.GET("/api/streams/live", { params: { query: { limit: 24 } } })) });
}
