import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `POST /api/admin/users/{id}/block` or `.../unblock`, with the admin's reason. */
export function useBlockUser(userId: string) {
  const { api } = useApp();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ block, reason }: { block: boolean; reason: string }) =>
      block
        ? ok(api.POST("/api/admin/users/{id}/block", { params: { path: { id: userId } }, body: { reason } }))
        : ok(api.POST("/api/admin/users/{id}/unblock", { params: { path: { id: userId } }, body: { reason } })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.admin.all }),
  });
}
