import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { benchBundle } from './bundle.js';
import { progress, table, type Row } from './report.js';

/** `npm run bench`: every benchmark of issue 7 in one run; the table goes to stdout and docs/benchmarks.md. */
const sections: [string, () => Promise<Row[]>][] = [['Lambda bundle and cold start', () => benchBundle()]];

const rows: Row[] = [];
for (const [i, [name, run]] of sections.entries()) {
  process.stderr.write(`[${i + 1}/${sections.length}] ${name}\n`);
  rows.push(...(await run()));
}
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const out = table(rows);
console.log(out);
writeFileSync(
  'docs/benchmarks.md',
  `# Benchmarks\n\nMeasured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, machine: ${machine}.\n` +
    `Ratios, not absolute times, are the figures to compare: the machines are shared and noisy.\n\n${out}\n`,
);
progress('written to docs/benchmarks.md');
