/** One bar: a label, a value, and whether it is the viewer's own. */
export interface Bar {
  key: string;
  label: string;
  value: number;
  /** The text shown at the bar's end (e.g. `12.5 小时`). */
  text: string;
  mine?: boolean;
}

const WIDTH = 340;
const ROW = 60;
const TEXT_W = 100;

/**
 * A light, hand-written horizontal bar chart (no chart library on the page's first load): one row per bar,
 * longest first, the name above its bar (team and community names are long), the viewer's own bar in gold.
 * Described for screen readers by `title`.
 */
export function BarChart({ bars, title }: { bars: Bar[]; title: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const span = WIDTH - TEXT_W;
  const height = bars.length * ROW;
  return (
    <svg
      class="lb-chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      role="img"
      aria-label={title}
      data-testid="lb-chart"
    >
      <title>{title}</title>
      {bars.map((b, i) => {
        const w = Math.max(4, Math.round((b.value / max) * span));
        const y = i * ROW;
        return (
          <g key={b.key} data-mine={b.mine ? 'true' : undefined}>
            <text x={0} y={y + 20} class="lb-chart-label">
              {b.label}
            </text>
            <rect x={0} y={y + 28} width={w} height={24} rx={5} class={b.mine ? 'lb-bar lb-bar-mine' : 'lb-bar'} />
            <text x={w + 8} y={y + 46} class="lb-chart-value">
              {b.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
