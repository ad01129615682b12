import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `PUT /api/readers/status`: the reader goes online or offline. */
export function useSetStatus() {
  const { api, me } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (status: "online" | "offline") => ok(api.PUT("/api/readers/status", { body: { status } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.readers.one(me?.user_id ?? "") }),
  });
}
