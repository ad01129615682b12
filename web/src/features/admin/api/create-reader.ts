import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `POST /api/admin/readers`: makes a user a reader (profile, Connect account, onboarding link). */
export function useCreateReader() {
  const { api } = useApp();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { user_id: string; display_name: string; email?: string }) => ok(api.POST("/api/admin/readers", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.admin.all }),
  });
}
