/** The live meter of a reading: what the server charged so far and what the balance still covers. */
export interface MeterInput {
  minutes: number; // minutes started (each is charged at its start, or free)
  free_minutes: number;
  rate_cents: number;
  total_cents: number; // charged so far, from the server
  started_at: string | null;
  balance_cents: number | null; // the client's balance; null for the reader
  limit_cents?: number | null; // the client's spending limit for this reading, if any
}

export interface MeterView {
  minutes: number;
  freeMinutesLeft: number;
  costCents: number;
  balanceCents: number | null;
  minutesLeft: number | null; // how many more minutes the balance (and free minutes) cover
  elapsed: string; // mm:ss since the reading started
  low: boolean;
}

export const LOW_BALANCE_MINUTES = 2;

export function elapsedLabel(startedAt: string | null, now: number): string {
  if (!startedAt) return "00:00";
  const seconds = Math.max(0, Math.floor((now - Date.parse(startedAt)) / 1000));
  const mm = Math.floor(seconds / 60);
  const ss = seconds % 60;
  return `${String(mm).padStart(2, "0")}:${String(ss).padStart(2, "0")}`;
}

export function meterView(input: MeterInput, now: number): MeterView {
  const freeMinutesLeft = Math.max(input.free_minutes - input.minutes, 0);
  // what can still be spent: the balance, or less when the spending limit is nearer
  const spendable =
    input.balance_cents === null
      ? null
      : input.limit_cents == null
        ? input.balance_cents
        : Math.max(0, Math.min(input.balance_cents, input.limit_cents - input.total_cents));
  const minutesLeft =
    spendable === null || input.rate_cents <= 0 ? null : freeMinutesLeft + Math.floor(spendable / input.rate_cents);
  return {
    minutes: input.minutes,
    freeMinutesLeft,
    costCents: input.total_cents,
    balanceCents: input.balance_cents,
    minutesLeft,
    elapsed: elapsedLabel(input.started_at, now),
    low: minutesLeft !== null && minutesLeft <= LOW_BALANCE_MINUTES,
  };
}
