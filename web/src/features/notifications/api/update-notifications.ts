import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import type { components } from "../../../api/schema";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

export type NotificationChoices = components["schemas"]["NotificationChoices"];

/** `PUT /api/me/notifications`: a partial update; the answer replaces the cached settings. */
export function useUpdateNotifications() {
  const { api } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NotificationChoices) => ok(api.PUT("/api/me/notifications", { body })),
    onSuccess: (settings) => queryClient.setQueryData(keys.notifications, settings),
  });
}
