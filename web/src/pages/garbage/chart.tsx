/** One day of the series the chart draws. */
export interface ChartDay {
  day: string;
  scans: number;
  correctRate: number;
  participants: number;
}

// A drawing about as wide as the chart is on a phone (≈ 330 CSS px at 390), so one unit is about one pixel and
// the 15-unit axis text shows at ≈ 15 px, not the 8.6 px the old 360-wide, 10-unit text came to.
const W = 320;
const H = 210;
const PAD = { left: 40, right: 44, top: 12, bottom: 28 };
const TEXT = 15;
/** The bars: 3.7:1 against the white card (WCAG 1.4.11 asks 3:1 for the parts of a chart one has to see). */
const BAR = '#d0665e';
const LINE = '#1b5e20';

/**
 * The month as a light hand-drawn SVG: a bar per day for drops (left axis), a line for the correct-sort
 * rate (right axis, 0–100 %). No chart library: this page's chunk stays a few KB.
 */
export function SortingChart(props: { days: ChartDay[]; label: string; rateLabel: string; scansLabel: string }) {
  const { days } = props;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const maxScans = Math.max(1, ...days.map((d) => d.scans));
  const top = niceCeil(maxScans);
  const step = plotW / Math.max(1, days.length);
  const x = (i: number) => PAD.left + step * i + step / 2;
  const yScans = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const yRate = (r: number) => PAD.top + plotH - r * plotH;
  const withScans = days.map((d, i) => ({ d, i })).filter(({ d }) => d.scans > 0);
  const line = withScans.map(
    ({ d, i }, k) => `${k === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${yRate(d.correctRate).toFixed(1)}`,
  );
  return (
    <figure style={{ margin: 0 }}>
      <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.label} data-testid="sorting-chart">
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={PAD.left} x2={W - PAD.right} y1={yRate(f)} y2={yRate(f)} stroke="#ddd" stroke-width="1" />
            <text x={PAD.left - 4} y={yRate(f) + 4} font-size={TEXT} text-anchor="end" fill="#474747">
              {Math.round(top * f)}
            </text>
            <text x={W - PAD.right + 4} y={yRate(f) + 4} font-size={TEXT} fill={LINE}>
              {Math.round(f * 100)}%
            </text>
          </g>
        ))}
        {days.map((d, i) => (
          <rect
            key={d.day}
            class="chart-bar"
            x={x(i) - step * 0.35}
            y={yScans(d.scans)}
            width={step * 0.7}
            height={PAD.top + plotH - yScans(d.scans)}
            fill={BAR}
          >
            <title>{`${d.day}: ${d.scans}, ${Math.round(d.correctRate * 100)}%`}</title>
          </rect>
        ))}
        {/* A white halo under the line keeps it apart from the bars it crosses. */}
        {line.length > 1 && <path d={line.join(' ')} fill="none" stroke="#fff" stroke-width="5.5" />}
        {line.length > 1 && <path d={line.join(' ')} fill="none" stroke={LINE} stroke-width="2.5" />}
        {withScans.map(({ d, i }) => (
          <circle
            key={d.day}
            class="chart-dot"
            cx={x(i)}
            cy={yRate(d.correctRate)}
            r="3.2"
            fill={LINE}
            stroke="#fff"
            stroke-width="1.5"
          />
        ))}
        {days.map((d, i) =>
          i % 5 === 0 || i === days.length - 1 ? (
            <text key={d.day} x={x(i)} y={H - 7} font-size={TEXT} text-anchor="middle" fill="#474747">
              {Number(d.day.slice(8))}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption class="chart-legend">
        <span>
          <i style={{ background: BAR }} />
          {props.scansLabel}
        </span>
        <span>
          <i style={{ background: LINE }} />
          {props.rateLabel}
        </span>
      </figcaption>
    </figure>
  );
}

/** 1, 2, 5 × 10ⁿ at or above v: round axis tops. */
function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 5, 10].map((k) => k * p).find((n) => n >= v) ?? 10 * p) as number;
}
