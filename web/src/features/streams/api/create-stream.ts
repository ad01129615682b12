import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `POST /api/streams/create`: the reader goes live. */
export function useCreateStream() {
  const { api } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (title: string) => ok(api.POST("/api/streams/create", { body: { title } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.streams.live }),
  });
}
