import { ok, type Api } from "../api/client";

/** Sends the signed-in reader to Stripe Connect's hosted onboarding with a fresh, single-use link (the
 * payout account is made on the first ask); Stripe sends them back to /reader/onboarding. */
export async function goToPayoutOnboarding(api: Api): Promise<void> {
  const link = await ok(api.POST("/api/me/onboarding-link"));
  window.location.assign(link.url);
}
