import { useEffect, useRef, useState } from "react";
import type { Topup } from "../../../api/types";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { useApp } from "../../../lib/app-context";
import { money, parseDollars } from "../../../lib/format";
import { useAddBalance, type CreditWait } from "../api/add-balance";
import { confirmWithCard } from "../payments/local";
import type { MountedPayment } from "../payments/stripe";

const AMOUNTS = [1000, 2500, 5000];
const MIN_CENTS = 500; // the API's TOPUP_MIN_CENTS / TOPUP_MAX_CENTS
const MAX_CENTS = 50_000;
const TEST_CARDS = [
  { number: "4242 4242 4242 4242", outcome: "succeeds" },
  { number: "4000 0000 0000 0002", outcome: "is declined" },
  { number: "4000 0000 0000 9995", outcome: "has insufficient funds" },
];

/** Add funds: create the intent at our API, confirm the card (local form or Stripe's Payment Element),
 * then wait until the webhook has credited the balance. */
export function AddFunds({ onFunded, compact = false }: { onFunded?: (balance: number) => void; compact?: boolean }) {
  const { config } = useApp();
  const [amount, setAmount] = useState("25");
  const [card, setCard] = useState("");
  const [expiry, setExpiry] = useState("");
  const [cvc, setCvc] = useState("");
  const [phase, setPhase] = useState<"idle" | "paying" | "crediting" | "done">("idle");
  const [error, setError] = useState<unknown>(null);
  const [intent, setIntent] = useState<Topup | null>(null);
  const stripeNode = useRef<HTMLDivElement>(null);
  const mounted = useRef<MountedPayment | null>(null);
  const idPrefix = compact ? "room-funds" : "funds";

  useEffect(() => () => mounted.current?.destroy(), []);

  const { createIntent, waitForCredit, socketReady } = useAddBalance();
  const finish = async (wait: CreditWait) => {
    setPhase("crediting");
    const balance = await wait.credited;
    setPhase("done");
    onFunded?.(balance);
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    const cents = parseDollars(amount);
    if (cents === null || cents <= 0) {
      setError(new Error("Please enter an amount in dollars, like 25 or 25.50."));
      return;
    }
    setPhase("paying");
    let wait: CreditWait | null = null;
    try {
      if (config.payments.mode === "local") {
        const created = await createIntent(cents);
        wait = waitForCredit(created.payment_intent_id);
        await socketReady();
        await confirmWithCard(config.payments, created.payment_intent_id, created.client_secret, card);
        await finish(wait);
      } else if (!intent) {
        const created = await createIntent(cents);
        setIntent(created);
        const { mountPaymentElement } = await import("../payments/stripe");
        mounted.current = await mountPaymentElement(
          config.payments.publishableKey,
          created.client_secret,
          stripeNode.current as HTMLDivElement,
        );
        setPhase("idle");
      } else {
        wait = waitForCredit(intent.payment_intent_id);
        await socketReady();
        await mounted.current?.confirm();
        await finish(wait);
        mounted.current?.destroy();
        mounted.current = null;
        setIntent(null);
      }
    } catch (caught) {
      wait?.cancel();
      setError(caught);
      setPhase("idle");
    }
  };

  const busy = phase === "paying" || phase === "crediting";
  const cents = parseDollars(amount);
  const payable = cents !== null && cents >= MIN_CENTS && cents <= MAX_CENTS;
  return (
    <form className="card stack" onSubmit={(e) => void submit(e)} aria-label="Add funds">
      <h2>{compact ? "Top up now" : "Add funds"}</h2>
      <div className="row" role="group" aria-label="Quick amounts">
        {AMOUNTS.map((cents) => (
          <button
            key={cents}
            type="button"
            className="secondary"
            aria-pressed={parseDollars(amount) === cents}
            onClick={() => setAmount(String(cents / 100))}
          >
            {money(cents)}
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
      {config.payments.mode === "local" ? (
        <fieldset className="stack">
          <legend>Card</legend>
          <div className="muted small" aria-label="Test cards">
            Local test mode: use any future expiry and any CVC.
            <ul>
              {TEST_CARDS.map((c) => (
                <li key={c.number}>
                  <code>{c.number}</code> {c.outcome}
                </li>
              ))}
            </ul>
          </div>
          <div className="field">
            <label htmlFor={`${idPrefix}-card`}>Card number</label>
            <input
              id={`${idPrefix}-card`}
              inputMode="numeric"
              autoComplete="cc-number"
              value={card}
              onChange={(e) => setCard(e.target.value)}
            />
          </div>
          <div className="inline-fields">
            <div className="field">
              <label htmlFor={`${idPrefix}-exp`}>Expiry (MM / YY)</label>
              <input
                id={`${idPrefix}-exp`}
                autoComplete="cc-exp"
                placeholder="12 / 34"
                value={expiry}
                onChange={(e) => setExpiry(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor={`${idPrefix}-cvc`}>CVC</label>
              <input id={`${idPrefix}-cvc`} autoComplete="cc-csc" inputMode="numeric" value={cvc} onChange={(e) => setCvc(e.target.value)} />
            </div>
          </div>
        </fieldset>
      ) : (
        <div ref={stripeNode} />
      )}
      <ErrorNote error={error} />
      {phase === "done" && (
        <p className="success" role="status">
          Funds added.
        </p>
      )}
      {!payable && (
        <p className="muted small" role="status">
          Enter an amount from {money(MIN_CENTS)} to {money(MAX_CENTS)}.
        </p>
      )}
      <BusyButton
        type="submit"
        busy={busy}
        disabled={!payable}
        busyLabel={phase === "crediting" ? "Waiting for the payment" : "Paying"}
      >
        {config.payments.mode === "stripe" && !intent ? "Continue to payment" : payable ? `Pay ${money(cents)}` : "Pay"}
      </BusyButton>
    </form>
  );
}
