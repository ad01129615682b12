import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `PUT /api/admin/readers/{id}/rates`. */
export function useSetRates() {
  const { api } = useApp();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ readerId, ...body }: { readerId: string; rates: { chat_cents: number; voice_cents: number; video_cents: number }; reason: string }) =>
      ok(api.PUT("/api/admin/readers/{id}/rates", { params: { path: { id: readerId } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.admin.all }),
  });
}
