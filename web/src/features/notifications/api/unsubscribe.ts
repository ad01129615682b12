import { useMutation } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";

/** `POST /api/notifications/unsubscribe?token=`: the email's link, no sign-in needed. */
export function useUnsubscribe() {
  const { api } = useApp();
  return useMutation({
    mutationFn: (token: string) =>
      ok(api.POST("/api/notifications/unsubscribe", { params: { query: { token } } })),
  });
}
