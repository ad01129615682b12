import { act, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Meter } from "../src/features/reading/components/Meter";
import { elapsedLabel, meterView } from "../src/features/reading/lib/meter";

const base = {
  minutes: 4,
  free_minutes: 3,
  rate_cents: 399,
  total_cents: 399,
  started_at: "2026-12-01T10:00:00Z",
  balance_cents: 2101,
};

describe("meterView", () => {
  it("shows the server's charged total and what the balance still covers", () => {
    const view = meterView(base, Date.parse("2026-12-01T10:03:30Z"));
    expect(view.costCents).toBe(399);
    expect(view.freeMinutesLeft).toBe(0);
    expect(view.minutesLeft).toBe(5); // 2101 // 399
    expect(view.elapsed).toBe("03:30");
    expect(view.low).toBe(false);
  });

  it("counts the minutes the spending limit still allows when it is nearer than the balance", () => {
    expect(meterView({ ...base, limit_cents: 1000 }, 0).minutesLeft).toBe(1); // (1000 - 399) // 399
    expect(meterView({ ...base, limit_cents: 100_000 }, 0).minutesLeft).toBe(5); // the balance is nearer
    expect(meterView({ ...base, limit_cents: 300, total_cents: 399 }, 0).minutesLeft).toBe(0);
  });

  it("counts free intro minutes still to come, and is low at two minutes or less", () => {
    expect(meterView({ ...base, minutes: 1, total_cents: 0, balance_cents: 0 }, 0).minutesLeft).toBe(2);
    expect(meterView({ ...base, minutes: 1, total_cents: 0, balance_cents: 0 }, 0).low).toBe(true);
    expect(meterView({ ...base, balance_cents: 798 }, 0).low).toBe(true);
    expect(meterView({ ...base, balance_cents: 1197 }, 0).low).toBe(false);
  });

  it("has no balance figures for the reader", () => {
    const view = meterView({ ...base, balance_cents: null }, 0);
    expect(view.balanceCents).toBeNull();
    expect(view.minutesLeft).toBeNull();
    expect(view.low).toBe(false);
  });

  it("formats elapsed time and never goes negative", () => {
    expect(elapsedLabel(null, 0)).toBe("00:00");
    expect(elapsedLabel("2026-12-01T10:00:00Z", Date.parse("2026-12-01T09:59:00Z"))).toBe("00:00");
    expect(elapsedLabel("2026-12-01T10:00:00Z", Date.parse("2026-12-01T11:01:05Z"))).toBe("61:05");
  });
});

describe("<Meter>", () => {
  afterEach(() => vi.useRealTimers());

  it("renders minutes, cost and balance in dollars and ticks the clock", () => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.parse("2026-12-01T10:00:10Z"));
    render(<Meter input={base} />);
    expect(screen.getByTestId("meter-minutes").textContent).toBe("4");
    expect(screen.getByTestId("meter-cost").textContent).toBe("$3.99");
    expect(screen.getByTestId("meter-balance").textContent).toBe("$21.01");
    expect(screen.getByText("00:10")).toBeTruthy();
    act(() => {
      vi.advanceTimersByTime(2000);
    });
    expect(screen.getByText("00:12")).toBeTruthy();
  });
});
