import { useMutation } from "@tanstack/react-query";
import { ok } from "../../../api/client";
import { useApp } from "../../../lib/app-context";

/** `POST /api/me/onboarding-link`: sends the signed-in reader to Stripe Connect's hosted onboarding with a
 * fresh, single-use link (the payout account is made on the first ask); Stripe sends them back to
 * paths.payoutOnboarding. */
export function usePayoutOnboarding() {
  const { api } = useApp();
  return useMutation({
    mutationFn: async () => {
      const link = await ok(api.POST("/api/me/onboarding-link"));
      window.location.assign(link.url);
    },
  });
}
