import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

export interface ReviewInput {
  rating: number;
  text: string;
  anonymous: boolean;
}

/** `POST /api/sessions/{id}/review`: the client's review; the reader's profile shows it. */
export function useReviewReading(sessionId: string, readerId: string) {
  const { api } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ReviewInput) => ok(api.POST("/api/sessions/{id}/review", { params: { path: { id: sessionId } }, body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keys.readings.one(sessionId) });
      void queryClient.invalidateQueries({ queryKey: keys.readers.one(readerId) });
      void queryClient.invalidateQueries({ queryKey: keys.readers.reviewsOf(readerId) });
    },
  });
}
