import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `POST /api/admin/readers/{id}/suspend` or `.../reinstate`, with the admin's reason. */
export function useSuspendReader() {
  const { api } = useApp();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ readerId, suspend, reason }: { readerId: string; suspend: boolean; reason: string }) => {
      const options = { params: { path: { id: readerId } }, body: { reason } };
      return suspend
        ? ok(api.POST("/api/admin/readers/{id}/suspend", options))
        : ok(api.POST("/api/admin/readers/{id}/reinstate", options));
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.admin.all });
      void client.invalidateQueries({ queryKey: keys.readers.all });
    },
  });
}
