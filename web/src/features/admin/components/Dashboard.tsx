import { lazy, Suspense, useState } from "react";
import { ErrorNote, Spinner } from "../../../components/ui";
import { money } from "../../../lib/format";
import { useDailyStats } from "../api/get-daily-stats";
import { useAdminStats } from "../api/get-stats";

const DailyChart = lazy(() => import("./DailyChart")); // drawn only here, loaded on demand

const SERIES = [
  ["revenue_cents", "Revenue", true],
  ["billed_minutes", "Billed minutes", false],
  ["topups_cents", "Top-ups", true],
  ["refunds_cents", "Refunds", true],
  ["payouts_cents", "Payouts", true],
] as const;

export function Dashboard() {
  const stats = useAdminStats();
  const [days, setDays] = useState(7);
  const daily = useDailyStats(days);
  const s = stats.data;
  return (
    <div className="stack">
      <ErrorNote error={stats.error} />
      {s && (
        <div className="grid" data-testid="admin-now">
          <div className="card"><h2>Readings now</h2><p className="big">{s.readings.active}</p></div>
          <div className="card"><h2>Readers online</h2><p className="big">{s.readers.online}</p><p className="small muted">of {s.readers.total}, {s.readers.busy} in a reading</p></div>
          <div className="card"><h2>Revenue today</h2><p className="big">{money(s.revenue_cents.today)}</p><p className="small muted">30 days: {money(s.revenue_cents.last_30_days)}</p></div>
          <div className="card"><h2>Open disputes</h2><p className="big">{s.disputes.open}</p><p className="small muted">Payouts due: {money(s.payouts.eligible_cents)}</p></div>
        </div>
      )}
      <div className="row" role="group" aria-label="Chart period">
        {[7, 30, 90].map((n) => (
          <button key={n} type="button" className={n === days ? "" : "secondary"} aria-pressed={n === days} onClick={() => setDays(n)}>
            {n} days
          </button>
        ))}
      </div>
      <ErrorNote error={daily.error} />
      {daily.isPending && <Spinner label="Loading charts" />}
      {daily.data && (
        <Suspense fallback={<Spinner label="Loading charts" />}>
          <div className="grid charts">
            {SERIES.map(([key, label, isMoney]) => (
              <DailyChart
                key={key}
                title={label}
                points={daily.data.series.map((p) => ({ date: p.date, value: p[key] }))}
                format={isMoney ? money : (n: number) => String(n)}
              />
            ))}
          </div>
        </Suspense>
      )}
    </div>
  );
}
