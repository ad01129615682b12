import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `POST /api/admin/payouts/process?dry_run=`: today's run now (a dry run first). */
export function useRunPayouts() {
  const { api } = useApp();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (dryRun: boolean) => ok(api.POST("/api/admin/payouts/process", { params: { query: { dry_run: dryRun } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.admin.all }),
  });
}
