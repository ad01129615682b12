/** Confirms a PaymentIntent at the local Stripe exactly as Stripe.js does: publishable key + client secret. */
import type { PaymentsConfig } from "../../../config/runtime";

export class CardDeclined extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CardDeclined";
  }
}

export async function confirmWithCard(
  config: Extract<PaymentsConfig, { mode: "local" }>,
  paymentIntentId: string,
  clientSecret: string,
  cardNumber: string,
): Promise<void> {
  const form = new URLSearchParams({
    key: config.publishableKey,
    client_secret: clientSecret,
    "payment_method_data[type]": "card",
    "payment_method_data[card][number]": cardNumber.replace(/[\s-]/g, ""),
  });
  const response = await fetch(
    `${config.stripeApiUrl.replace(/\/+$/, "")}/v1/payment_intents/${encodeURIComponent(paymentIntentId)}/confirm`,
    { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: form },
  );
  const body = (await response.json().catch(() => ({}))) as { error?: { message?: string }; status?: string };
  if (!response.ok) throw new CardDeclined(body.error?.message ?? "Your card was declined.");
  if (body.status && body.status !== "succeeded" && body.status !== "processing")
    throw new CardDeclined("The payment did not go through. Please try another card.");
}
