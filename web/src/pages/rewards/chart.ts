/** The arithmetic of a horizontal bar chart, kept apart from the SVG so it can be tested. */

/** Where a value's bar starts and how long it is, in chart units. */
export interface Bar {
  x: number;
  width: number;
}

/**
 * A linear scale over `width` units for all `values`, always including 0 (so negative values, such as a
 * month with more points refunded than issued, draw leftwards from the zero line).
 */
export function barScale(values: readonly number[], width: number): { zero: number; bar: (v: number) => Bar } {
  const lo = Math.min(0, ...values);
  let hi = Math.max(0, ...values);
  if (hi === lo) hi = lo + 1; // all zero: empty bars at the left edge
  const x = (v: number) => ((v - lo) / (hi - lo)) * width;
  return {
    zero: x(0),
    bar: (v) => {
      const a = x(Math.min(0, v));
      const b = x(Math.max(0, v));
      // A non-zero value is always visible, however small next to the largest.
      return { x: v < 0 ? Math.min(a, b - 2) : a, width: v === 0 ? 0 : Math.max(2, b - a) };
    },
  };
}
