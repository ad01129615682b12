import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `POST /api/admin/payouts/retry`: a failed payout tried again now. */
export function useRetryPayout() {
  const { api } = useApp();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { payout_id: string; reason: string }) => ok(api.POST("/api/admin/payouts/retry", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.admin.all }),
  });
}
