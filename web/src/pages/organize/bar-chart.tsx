/** One bar of a chart. */
export interface Bar {
  label: string;
  value: number;
}

/**
 * A horizontal bar chart in plain SVG: a label, a bar and its value per row. Small and dependency-free, so
 * only the report page carries it. Scales to the largest value; an all-zero chart shows empty bars.
 */
export function BarChart(props: { title: string; bars: Bar[]; format?: (v: number) => string; testId?: string }) {
  const { bars } = props;
  const fmt = props.format ?? ((v: number) => v.toLocaleString());
  // A narrow view box, so on a phone the words come out about as big as the body text.
  const row = 40;
  const labelW = 112;
  const valueW = 58;
  const width = 320;
  const barW = width - labelW - valueW;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = bars.length * row + 8;
  return (
    <figure class="chart-figure" data-testid={props.testId}>
      <figcaption class="card-title">{props.title}</figcaption>
      <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={props.title}>
        {bars.map((b, i) => {
          const y = i * row + 4;
          const w = Math.round((b.value / max) * barW);
          return (
            <g key={b.label} data-value={b.value}>
              <text x={labelW - 8} y={y + row / 2 + 6} text-anchor="end" font-size="17">
                {b.label.length > 6 ? `${b.label.slice(0, 6)}…` : b.label}
              </text>
              <rect x={labelW} y={y + 6} width={barW} height={row - 14} rx="5" fill="#eee" />
              <rect x={labelW} y={y + 6} width={w} height={row - 14} rx="5" fill="#b3261e" />
              <text x={labelW + barW + 8} y={y + row / 2 + 6} font-size="17" font-weight="700">
                {fmt(b.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
