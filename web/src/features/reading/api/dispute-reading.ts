import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `POST /api/sessions/{id}/dispute`: the client reports a problem with a charged reading. */
export function useDisputeReading(sessionId: string) {
  const { api } = useApp();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) => ok(api.POST("/api/sessions/{id}/dispute", { params: { path: { id: sessionId } }, body: { reason } })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.readings.one(sessionId) }), // its report shows
  });
}
