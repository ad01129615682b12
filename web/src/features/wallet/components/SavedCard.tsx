import { useEffect, useState } from "react";
import { BusyButton, ErrorNote } from "../../../components/ui";
import { money, parseDollars } from "../../../lib/format";
import { useForgetCard, useSavedCard, useSetAutoTopup } from "../api/saved-card";
import { TOPUP_MAX_CENTS, TOPUP_MIN_CENTS } from "../lib/amounts";

/** The saved card (brand and last four) and the automatic top-up: an amount added when a charge leaves the
 * balance below a threshold, both in dollars. A declined automatic top-up pauses it and says why here. */
export function SavedCard() {
  const cards = useSavedCard();
  const forget = useForgetCard();
  const setAuto = useSetAutoTopup();
  const auto = cards.data?.auto_topup ?? null;
  const [amount, setAmount] = useState("20");
  const [threshold, setThreshold] = useState("5");
  useEffect(() => {
    if (auto) {
      setAmount(String(auto.amount_cents / 100));
      setThreshold(String(auto.threshold_cents / 100));
    }
  }, [auto]);
  const card = cards.data?.card;
  if (!card) return null;
  const amountCents = parseDollars(amount);
  const thresholdCents = parseDollars(threshold);
  const valid =
    amountCents !== null &&
    amountCents >= TOPUP_MIN_CENTS &&
    amountCents <= TOPUP_MAX_CENTS &&
    thresholdCents !== null &&
    thresholdCents > 0;
  return (
    <div className="card stack" aria-label="Saved card">
      <h2>Saved card</h2>
      <p>
        <strong data-testid="saved-card">
          {brandName(card.brand)} •••• {card.last4}
        </strong>{" "}
        <button type="button" className="link" onClick={() => forget.mutate()} disabled={forget.isPending}>
          Remove card
        </button>
      </p>
      <ErrorNote error={forget.error} />
      {auto?.paused_reason && (
        <p className="error" role="alert">
          Automatic top-up paused: {auto.paused_reason} Save it again to resume, or use another card.
        </p>
      )}
      <form
        className="stack"
        aria-label="Automatic top-up"
        onSubmit={(event) => {
          event.preventDefault();
          if (valid) setAuto.mutate({ amount_cents: amountCents, threshold_cents: thresholdCents });
        }}
      >
        <h3>Automatic top-up</h3>
        <p className="muted small">
          {auto
            ? `On: ${money(auto.amount_cents)} is added when your balance falls below ${money(auto.threshold_cents)}.`
            : "Off. Add money by itself when your balance runs low, even in a reading."}
        </p>
        <div className="inline-fields">
          <div className="field">
            <label htmlFor="auto-amount">Add (dollars)</label>
            <input id="auto-amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="auto-threshold">When the balance is below (dollars)</label>
            <input id="auto-threshold" inputMode="decimal" value={threshold} onChange={(e) => setThreshold(e.target.value)} />
          </div>
        </div>
        {!valid && (
          <p className="muted small" role="status">
            Add from {money(TOPUP_MIN_CENTS)} to {money(TOPUP_MAX_CENTS)}, below a balance above $0.00.
          </p>
        )}
        <ErrorNote error={setAuto.error} />
        <div className="row">
          <BusyButton type="submit" busy={setAuto.isPending} disabled={!valid}>
            {auto ? "Save automatic top-up" : "Turn on automatic top-up"}
          </BusyButton>
          {auto && (
            <button
              type="button"
              className="secondary"
              onClick={() => setAuto.mutate({ amount_cents: null, threshold_cents: null })}
            >
              Turn off
            </button>
          )}
        </div>
      </form>
    </div>
  );
}

export function brandName(brand: string): string {
  const names: Record<string, string> = { visa: "Visa", mastercard: "Mastercard", amex: "American Express", discover: "Discover" };
  return names[brand] ?? "Card";
}
