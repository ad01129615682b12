import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `POST /api/sessions/{id}/review/reply`: the reader answers a review once, publicly. */
export function useReplyToReview(readerId: string) {
  const { api } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ sessionId, text }: { sessionId: string; text: string }) =>
      ok(api.POST("/api/sessions/{id}/review/reply", { params: { path: { id: sessionId } }, body: { text } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.readers.reviewsOf(readerId) }),
  });
}
