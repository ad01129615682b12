import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `POST /api/streams/{id}/end`: the reader ends the stream; the answer carries the gift totals. */
export function useEndStream(streamId: string) {
  const { api } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => ok(api.POST("/api/streams/{id}/end", { params: { path: { id: streamId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.streams.all }),
  });
}
