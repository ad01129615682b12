import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import type { components } from "../../../api/schema";
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

type DeclineReason = NonNullable<NonNullable<components["schemas"]["DeclineInput"]>["reason"]>;

/** Declines a request with a reason from the API's list, or none (`decline-reading`, or
 * `POST /api/sessions/{id}/decline`). */
export function useDeclineRequest() {
  const { api, socket } = useApp();
  return useMutation({
    mutationFn: async ({ sessionId, reason }: { sessionId: string; reason?: string }) => {
      const chosen = reason as DeclineReason | undefined;
      if (!socket.send({ action: "decline-reading", session_id: sessionId, ...(chosen ? { reason: chosen } : {}) }))
        await ok(
          api.POST("/api/sessions/{id}/decline", {
            params: { path: { id: sessionId } },
            body: chosen ? { reason: chosen } : {},
          }),
        );
      return sessionId;
    },
  });
}
