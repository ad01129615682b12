import { useEffect, useRef, useState, type ReactNode } from "react";
import type { Topup } from "../../../api/types";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { useApp } from "../../../lib/app-context";
import { money, parseDollars } from "../../../lib/format";
import { useAddBalance, type CreditWait } from "../api/add-balance";
import { useSavedCard } from "../api/saved-card";
import { TOPUP_MAX_CENTS, TOPUP_MIN_CENTS } from "../lib/amounts";
import { confirmWithCard } from "../payments/local";
import type { MountedPayment } from "../payments/stripe";
import { CardFields } from "./CardFields";
import { brandName } from "./SavedCard";

const AMOUNTS = [1000, 2500, 5000];

/** Add funds: with the saved card in one tap, or with a card (local form or Stripe's Payment Element),
 * optionally saving it; then wait for the webhook's credit of this very payment (`balance-updated`). */
export function AddFunds({ onFunded, compact = false }: { onFunded?: (balance: number) => void; compact?: boolean }) {
  const { config } = useApp();
  const [amount, setAmount] = useState("25");
  const [card, setCard] = useState({ number: "", expiry: "", cvc: "" });
  const [saveCard, setSaveCard] = useState(false);
  const [phase, setPhase] = useState<"idle" | "paying" | "crediting" | "done">("idle");
  const [error, setError] = useState<unknown>(null);
  const [intent, setIntent] = useState<Topup | null>(null);
  const stripeNode = useRef<HTMLDivElement>(null);
  const mounted = useRef<MountedPayment | null>(null);
  const idPrefix = compact ? "room-funds" : "funds";
  const saved = useSavedCard().data?.card ?? null;

  useEffect(() => () => mounted.current?.destroy(), []);

  const { createIntent, payWithSavedCard, waitForCredit, socketReady } = useAddBalance();
  const finish = async (wait: CreditWait) => {
    setPhase("crediting");
    const balance = await wait.credited;
    setPhase("done");
    onFunded?.(balance);
  };

  const pay = async (how: (cents: number) => Promise<CreditWait | null>) => {
    setError(null);
    const cents = parseDollars(amount);
    if (cents === null || cents <= 0) {
      setError(new Error("Please enter an amount in dollars, like 25 or 25.50."));
      return;
    }
    setPhase("paying");
    let wait: CreditWait | null = null;
    try {
      wait = await how(cents);
      if (wait) await finish(wait);
      else setPhase("idle");
    } catch (caught) {
      wait?.cancel();
      setError(caught);
      setPhase("idle");
    }
  };

  /** One tap: the saved card is charged by our API (off session); the webhook credits it. */
  const oneTap = (cents: number) =>
    socketReady().then(async () => {
      const created = await payWithSavedCard(cents);
      const wait = waitForCredit(created.payment_intent_id);
      return wait;
    });

  const withCard = async (cents: number): Promise<CreditWait | null> => {
    if (config.payments.mode === "local") {
      const created = await createIntent(cents, saveCard);
      const wait = waitForCredit(created.payment_intent_id);
      await socketReady();
      try {
        await confirmWithCard(config.payments, created.payment_intent_id, created.client_secret, card.number);
      } catch (caught) {
        wait.cancel();
        throw caught;
      }
      return wait;
    }
    if (!intent) {
      const created = await createIntent(cents, saveCard);
      setIntent(created);
      const { mountPaymentElement } = await import("../payments/stripe");
      mounted.current = await mountPaymentElement(config.payments.publishableKey, created.client_secret, stripeNode.current as HTMLDivElement);
      return null;
    }
    const wait = waitForCredit(intent.payment_intent_id);
    await socketReady();
    await mounted.current?.confirm();
    mounted.current?.destroy();
    mounted.current = null;
    setIntent(null);
    return wait;
  };

  const busy = phase === "paying" || phase === "crediting";
  const cents = parseDollars(amount);
  const payable = cents !== null && cents >= TOPUP_MIN_CENTS && cents <= TOPUP_MAX_CENTS;
  return (
    <form
      className={compact ? "card stack add-funds compact" : "card stack add-funds"}
      onSubmit={(e) => {
        e.preventDefault();
        void pay(withCard);
      }}
      aria-label="Add funds"
    >
      <h2>{compact ? "Top up now" : "Add funds"}</h2>
      <div className="row" role="group" aria-label="Quick amounts">
        {AMOUNTS.map((quick) => (
          <button
            key={quick}
            type="button"
            className="secondary"
            aria-pressed={cents === quick}
            onClick={() => setAmount(String(quick / 100))}
          >
            {money(quick)}
          </button>
        ))}
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-amount`}>Amount in dollars</label>
        <input
          id={`${idPrefix}-amount`}
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          disabled={Boolean(intent)}
        />
      </div>
      {!payable && (
        <p className="muted small" role="status">
          Enter an amount from {money(TOPUP_MIN_CENTS)} to {money(TOPUP_MAX_CENTS)}.
        </p>
      )}
      {saved && (
        <BusyButton type="button" busy={busy} disabled={!payable} onClick={() => void pay(oneTap)} busyLabel={phase === "crediting" ? "Waiting for the payment" : "Paying"}>
          {payable ? `Pay ${money(cents)} with ${brandName(saved.brand)} •••• ${saved.last4}` : "Pay with your saved card"}
        </BusyButton>
      )}
      <CardPayment saved={Boolean(saved)}>
        {config.payments.mode === "local" ? (
          <CardFields idPrefix={idPrefix} card={card} onCard={setCard} />
        ) : (
          <div ref={stripeNode} />
        )}
        <label className="check">
          <input type="checkbox" checked={saveCard} onChange={(e) => setSaveCard(e.target.checked)} disabled={Boolean(intent)} />{" "}
          Save this card for one-tap and automatic top-ups
        </label>
        <BusyButton type="submit" busy={busy} disabled={!payable} busyLabel={phase === "crediting" ? "Waiting for the payment" : "Paying"}>
          {config.payments.mode === "stripe" && !intent ? "Continue to payment" : payable ? `Pay ${money(cents)}` : "Pay"}
        </BusyButton>
      </CardPayment>
      <ErrorNote error={error} />
      {phase === "done" && (
        <p className="success" role="status">
          Funds added.
        </p>
      )}
    </form>
  );
}

/** The card form: folded under "Use another card" when a saved card pays in one tap. */
function CardPayment({ saved, children }: { saved: boolean; children: ReactNode }) {
  if (!saved) return <div className="stack">{children}</div>;
  return (
    <details className="stack">
      <summary>Use another card</summary>
      {children}
    </details>
  );
}
