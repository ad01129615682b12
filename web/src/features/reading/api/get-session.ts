import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/sessions/{id}`: one reading with its transcript. Never polled: reading events (accepted,
 * user-joined, reading-minute, session-ended, ...) update or invalidate it (app/socket-cache.ts). */
export function useSession(sessionId: string) {
  const { api } = useApp();
  return useQuery({
    queryKey: keys.readings.one(sessionId),
    queryFn: () => ok(api.GET("/api/sessions/{id}", { params: { path: { id: sessionId } } })),
  });
}
