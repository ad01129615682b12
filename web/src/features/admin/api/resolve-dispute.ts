import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `POST /api/admin/disputes/{id}/resolve`: a full or partial refund, or a rejection, with a note. */
export function useResolveDispute(disputeId: string) {
  const { api } = useApp();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { outcome: "refund" | "reject"; amount_cents?: number; note: string }) =>
      ok(api.POST("/api/admin/disputes/{id}/resolve", { params: { path: { id: disputeId } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.admin.all }),
  });
}
