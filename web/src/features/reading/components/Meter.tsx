import { useEffect, useState } from "react";
import { count, money } from "../../../lib/format";
import { meterView, type MeterInput } from "../lib/meter";

export function Meter({ input }: { input: MeterInput }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const view = meterView(input, now);
  return (
    <section aria-label="Reading meter" className="stack">
      <div className="meter">
        <div>
          <span className="small muted">Minutes</span>
          <strong data-testid="meter-minutes">{view.minutes}</strong>
          <span className="small muted">{view.elapsed}</span>
        </div>
        <div>
          <span className="small muted">Cost so far</span>
          <strong data-testid="meter-cost">{money(view.costCents)}</strong>
          <span className="small muted">{money(input.rate_cents)}/min</span>
        </div>
        <div>
          <span className="small muted">Balance left</span>
          <strong data-testid="meter-balance">{view.balanceCents === null ? "—" : money(view.balanceCents)}</strong>
          <span className="small muted">
            {view.minutesLeft === null ? "" : `${view.minutesLeft} more min`}
          </span>
        </div>
      </div>
      {view.freeMinutesLeft > 0 && (
        <p className="small muted">{count(view.freeMinutesLeft, "free intro minute")} left.</p>
      )}
    </section>
  );
}
