import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `POST /api/admin/audit`: starts a fresh audit run (its report replaces the latest when it finishes). */
export function useRunAudit() {
  const { api } = useApp();
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => ok(api.POST("/api/admin/audit")),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.admin.audit }),
  });
}
