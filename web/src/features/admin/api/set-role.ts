import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `PUT /api/admin/users/{id}/role`. */
export function useSetRole(userId: string) {
  const { api } = useApp();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { role: "client" | "reader" | "admin"; reason: string }) =>
      ok(api.PUT("/api/admin/users/{id}/role", { params: { path: { id: userId } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.admin.all }),
  });
}
