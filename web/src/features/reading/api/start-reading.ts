import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import type { ReadingType } from "../../../api/types";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";
import { rememberIceServers } from "../lib/ice";

/** `POST /api/sessions/start`: asks a reader for a reading (with an optional spending limit in cents); keeps
 * the ICE servers it returns for the room, and reads `/api/me` again (its open reading: the bar). */
export function useStartReading(readerId: string) {
  const { api } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ type, limitCents }: { type: ReadingType; limitCents?: number | null }) =>
      ok(
        api.POST("/api/sessions/start", {
          body: { reader_id: readerId, type, ...(limitCents ? { limit_cents: limitCents } : {}) },
        }),
      ),
    onSuccess: (started) => {
      rememberIceServers(started.session.session_id, started.ice_servers);
      void queryClient.invalidateQueries({ queryKey: keys.readings.all });
      void queryClient.invalidateQueries({ queryKey: keys.me, exact: true });
    },
  });
}
