import { useMutation } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";

/** `POST /api/sessions/{id}/dispute`: the client reports a problem with a charged reading. */
export function useDisputeReading(sessionId: string) {
  const { api } = useApp();
  return useMutation({
    mutationFn: (reason: string) => ok(api.POST("/api/sessions/{id}/dispute", { params: { path: { id: sessionId } }, body: { reason } })),
  });
}
