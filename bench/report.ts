/** One measured row of the benchmark table. */
export interface Row {
  section: string;
  metric: string;
  value: string;
  target: string;
  ok: boolean | null;
  /** Quoted in the README's Performance section: a short label and value. */
  readme?: { label: string; value: string };
}

/** Progress on stderr so the table on stdout stays clean. */
export const progress = (msg: string): void => {
  process.stderr.write(`  … ${msg}\n`);
};

export function table(rows: Row[]): string {
  const head = ['section', 'metric', 'value', 'target', 'met'];
  const cells = rows.map((r) => [r.section, r.metric, r.value, r.target, r.ok === null ? '—' : r.ok ? 'yes' : 'NO']);
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...cells.map((c) => `| ${c.join(' | ')} |`),
  ].join('\n');
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
