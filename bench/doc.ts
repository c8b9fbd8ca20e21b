import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { NOTES } from './notes.js';
import { table, type Row } from './report.js';

const TABLE_START = '<!-- bench:table -->';
const TABLE_END = '<!-- /bench:table -->';
const README_START = '<!-- bench:readme -->';
const README_END = '<!-- /bench:readme -->';

const between = (text: string, a: string, b: string): string | undefined => {
  const i = text.indexOf(a);
  const j = text.indexOf(b);
  return i >= 0 && j > i ? text.slice(i + a.length, j).trim() : undefined;
};

/** The rows of the table docs/benchmarks.md holds now (empty when there is none). */
export function previousRows(file: string): Row[] {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const t = between(text, TABLE_START, TABLE_END) ?? '';
  return t
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| section |'))
    .map((l) => l.slice(2, -2).split(' | '))
    .filter((c) => c.length === 5)
    .map(([section, metric, value, target, met]) => ({
      section: section!,
      metric: metric!,
      value: value!,
      target: target!,
      ok: met === 'yes' ? true : met === 'NO' ? false : null,
    }));
}

/** Per section: which targets were met, from the rows themselves. */
function status(rows: Row[], section: string): string {
  const judged = rows.filter((r) => r.section === section && r.ok !== null);
  if (judged.length === 0) return '';
  const missed = judged.filter((r) => r.ok === false);
  if (missed.length === 0)
    return `**In this run: every target of this section met (${judged.length} of ${judged.length}).**`;
  return (
    `**In this run: ${judged.length - missed.length} of ${judged.length} targets met; missed:** ` +
    missed.map((r) => `${r.metric} — ${r.value} (target ${r.target})`).join('; ') +
    '.'
  );
}

/**
 * docs/benchmarks.md: command, machine, this run's table, per section what it measures and why a target
 * is missed with the plan (bench/notes.ts), and the previous run's table, to show the noise.
 */
export function writeDoc(file: string, rows: Row[], machine: string, seconds: number): void {
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const previous = between(old, TABLE_START, TABLE_END);
  const when = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const sections = [...new Set(rows.map((r) => r.section))];
  const run = [`Run of ${when} (${seconds.toFixed(0)} s), machine: ${machine}.`, '', table(rows)].join('\n');
  const body = [
    '# Benchmarks',
    '',
    'Measured by `npm run bench` (bench/run.ts), which writes this file. Ratios, not absolute times, are the',
    'figures to compare: the machine is shared (2 cores; other engineers run test suites on it at the same time)',
    'and DynamoDB Local, a Java process on the same cores, stands in for DynamoDB. Each comparison interleaves its',
    'two sides and takes medians for that reason.',
    '',
    '## This run',
    '',
    TABLE_START,
    run,
    TABLE_END,
    '',
    ...sections.flatMap((s) => [`## ${s}`, '', status(rows, s), '', NOTES[s] ?? '', '']),
    '## The run before this one (same command, to show the noise)',
    '',
    previous ?? '(none recorded)',
    '',
  ].join('\n');
  writeFileSync(file, body.replace(/\n{3,}/g, '\n\n'));
}

/** The README's Performance figures, rewritten from this run's rows marked `readme`. */
export function writeReadme(file: string, rows: Row[], machine: string): void {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(README_START) || !text.includes(README_END)) return;
  const lines = rows
    .filter((r) => r.readme)
    .map(
      (r) =>
        `| ${r.readme!.label} | ${r.readme!.value} | ${r.target} | ${r.ok === null ? '—' : r.ok ? 'met' : 'not met'} |`,
    );
  const block = [
    README_START,
    `Run of ${new Date().toISOString().slice(0, 10)} on ${machine}:`,
    '',
    '| measured by `npm run bench` (docs/benchmarks.md) | value | target | |',
    '|---|---|---|---|',
    ...lines,
    README_END,
  ].join('\n');
  const i = text.indexOf(README_START);
  const j = text.indexOf(README_END) + README_END.length;
  writeFileSync(file, text.slice(0, i) + block + text.slice(j));
}
