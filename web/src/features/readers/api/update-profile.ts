import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import type { components } from "../../../api/schema";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

export type ProfileUpdate = components["schemas"]["ProfileInput"];

/** `PUT /api/readers/profile`: the reader's name, bio, specialties and rates. */
export function useUpdateProfile() {
  const { api, me } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ProfileUpdate) => ok(api.PUT("/api/readers/profile", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.readers.one(me?.user_id ?? "") }),
  });
}
