import { useQuery } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";
import { keys } from "../../../lib/query-keys";

/** `GET /api/me/notifications`: the caller's email, receipts, push and "ring me when away" choices. */
export function useNotificationSettings() {
  const { api } = useApp();
  return useQuery({
    queryKey: keys.notifications,
    queryFn: () => ok(api.GET("/api/me/notifications")),
  });
}
