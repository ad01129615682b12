import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `PUT /api/me`: the display name readers see. */
export function useUpdateMe() {
  const { api } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (displayName: string) => ok(api.PUT("/api/me", { body: { display_name: displayName } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.me, exact: true }),
  });
}
