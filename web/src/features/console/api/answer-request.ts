import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** Accepts a request over the socket (`accept-reading`), or `POST /api/sessions/{id}/accept` when the
 * socket is not open. */
export function useAcceptRequest() {
  const { api, socket } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (sessionId: string) => {
      if (!socket.send({ action: "accept-reading", session_id: sessionId }))
        await ok(api.POST("/api/sessions/{id}/accept", { params: { path: { id: sessionId } } }));
      return sessionId;
    },
    onSuccess: (sessionId) => queryClient.invalidateQueries({ queryKey: keys.readings.one(sessionId) }),
  });
}

/** Declines a request (`decline-reading`, or `POST /api/sessions/{id}/decline`). */
export function useDeclineRequest() {
  const { api, socket } = useApp();
  return useMutation({
    mutationFn: async (sessionId: string) => {
      if (!socket.send({ action: "decline-reading", session_id: sessionId }))
        await ok(api.POST("/api/sessions/{id}/decline", { params: { path: { id: sessionId } }, body: {} }));
      return sessionId;
    },
  });
}
