import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";
import { subscribeThisBrowser } from "../../../lib/browser-push";

/** Asks the browser for a push subscription (with the stage's VAPID key) and stores it:
 * `POST /api/me/push-subscriptions`. Throws with a person's words when the browser cannot. */
export function useAddPushSubscription() {
  const { api, config } = useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const subscription = await subscribeThisBrowser(config.push?.vapidPublicKey);
      const json = subscription.toJSON();
      return ok(
        api.POST("/api/me/push-subscriptions", {
          body: {
            endpoint: subscription.endpoint,
            keys: { p256dh: json.keys?.p256dh ?? "", auth: json.keys?.auth ?? "" },
          },
        }),
      );
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.notifications }),
  });
}
