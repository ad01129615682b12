/** A small bar chart drawn as SVG (no charting library: five series of at most 90 bars need none). */
const WIDTH = 320;
const HEIGHT = 120;

export default function DailyChart({
  title,
  points,
  format,
}: {
  title: string;
  points: { date: string; value: number }[];
  format: (value: number) => string;
}) {
  const max = Math.max(1, ...points.map((p) => Math.abs(p.value)));
  const total = points.reduce((sum, p) => sum + p.value, 0);
  const step = WIDTH / Math.max(points.length, 1);
  const bar = Math.max(step - 2, 1);
  return (
    <figure className="card chart" data-testid={`chart-${title}`}>
      <figcaption>
        <strong>{title}</strong> <span className="muted">total {format(total)}</span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${title} per day, total ${format(total)}`}>
        <line x1={0} y1={HEIGHT - 1} x2={WIDTH} y2={HEIGHT - 1} className="axis" />
        {points.map((p, i) => {
          const h = (Math.abs(p.value) / max) * (HEIGHT - 6);
          return (
            <rect key={p.date} x={i * step + 1} y={HEIGHT - 1 - h} width={bar} height={h} className={p.value < 0 ? "bar neg" : "bar"}>
              <title>{`${p.date}: ${format(p.value)}`}</title>
            </rect>
          );
        })}
      </svg>
    </figure>
  );
}
