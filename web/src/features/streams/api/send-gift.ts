import { useMutation, useQueryClient } from "@tanstack/react-query";
import { idempotencyKey, ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `POST /api/streams/{id}/gift`: pays for a gift from the balance; the audience gets a `gift` event. */
export function useSendGift(streamId: string) {
  const { api } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (gift: string) =>
      ok(
        api.POST("/api/streams/{id}/gift", {
          params: { path: { id: streamId } },
          body: { gift },
          headers: { "Idempotency-Key": idempotencyKey() },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keys.balance });
      void queryClient.invalidateQueries({ queryKey: keys.streams.one(streamId) });
      void queryClient.invalidateQueries({ queryKey: keys.streams.recentGifts(streamId) });
    },
  });
}
