import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import type { SessionDetails } from "../../../api/types";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `POST /api/sessions/end/{id}`: ends a reading (or withdraws a request); the summary goes straight into
 * the cached reading, as the `session-ended` event's does. */
export function useEndReading(sessionId: string) {
  const { api } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => ok(api.POST("/api/sessions/end/{id}", { params: { path: { id: sessionId } } })),
    onSuccess: (summary) => {
      queryClient.setQueryData<SessionDetails>(keys.readings.one(sessionId), (old) => old && { ...old, ...summary });
      void queryClient.invalidateQueries({ queryKey: keys.readings.all });
      void queryClient.invalidateQueries({ queryKey: keys.balance });
    },
  });
}
