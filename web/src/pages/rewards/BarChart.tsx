import { barScale } from './chart.js';

/** One kind of bar (发放, 兑换, …) with its colour. */
export interface ChartSeries {
  label: string;
  color: string;
}

/** One group of bars: a street or community, a value per series. */
export interface ChartRow {
  label: string;
  values: number[];
}

const W = 320;
const VALUE_W = 92;
const BAR_H = 16;
const GAP = 5;
const LABEL_H = 26;
const ROW_GAP = 16;

/**
 * Horizontal grouped bars drawn as plain SVG (no chart library): each row's name on its own line, then a
 * bar per series with its number. Phone-width; the numbers are also in the table beside it.
 */
export function BarChart(props: { title: string; rows: ChartRow[]; series: ChartSeries[]; testId?: string }) {
  if (props.rows.length === 0) return null;
  const scale = barScale(
    props.rows.flatMap((r) => r.values),
    W - VALUE_W,
  );
  const rowH = LABEL_H + props.series.length * (BAR_H + GAP) + ROW_GAP;
  const height = props.rows.length * rowH;
  return (
    <figure class="chart-figure" data-testid={props.testId}>
      <svg class="chart" viewBox={`0 0 ${W} ${height}`} role="img" aria-label={props.title}>
        <title>{props.title}</title>
        <line x1={scale.zero} x2={scale.zero} y1={0} y2={height - ROW_GAP} stroke="#8a8a8a" stroke-width={1} />
        {props.rows.map((r, i) => (
          <g key={r.label} transform={`translate(0 ${i * rowH})`}>
            <text x={0} y={18} font-size={17} font-weight={700} fill="#141414">
              {r.label}
            </text>
            {props.series.map((s, j) => {
              const v = r.values[j] ?? 0;
              const b = scale.bar(v);
              const y = LABEL_H + j * (BAR_H + GAP);
              return (
                <g key={s.label}>
                  <rect x={b.x} y={y} width={b.width} height={BAR_H} rx={3} fill={s.color}>
                    <title>{`${s.label} ${v.toLocaleString()}`}</title>
                  </rect>
                  <text x={Math.max(b.x + b.width, scale.zero) + 5} y={y + BAR_H - 2} font-size={15} fill="#141414">
                    {v.toLocaleString()}
                  </text>
                </g>
              );
            })}
          </g>
        ))}
      </svg>
      <ul class="legend">
        {props.series.map((s) => (
          <li key={s.label}>
            <span class="swatch" style={{ background: s.color }} />
            {s.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}
