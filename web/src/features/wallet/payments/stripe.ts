/** Stripe's Payment Element, loaded only on the pages that take a card (Stripe.js is large). */
export interface MountedPayment {
  confirm(): Promise<void>;
  destroy(): void;
}

export async function mountPaymentElement(
  publishableKey: string,
  clientSecret: string,
  node: HTMLElement,
): Promise<MountedPayment> {
  const { loadStripe } = await import("@stripe/stripe-js");
  const stripe = await loadStripe(publishableKey);
  if (!stripe) throw new Error("Stripe could not load. Please reload the page.");
  const elements = stripe.elements({ clientSecret, appearance: { theme: "night" } });
  const element = elements.create("payment");
  element.mount(node);
  return {
    async confirm() {
      const { error } = await stripe.confirmPayment({ elements, redirect: "if_required" });
      if (error) throw new Error(error.message ?? "Your card was declined.");
    },
    destroy() {
      element.destroy();
    },
  };
}
