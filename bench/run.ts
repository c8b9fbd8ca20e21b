import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { benchBundle } from './bundle.js';
import { benchFlows } from './flows.js';
import { benchLeaderboard } from './leaderboard.js';
import { benchWeb } from './web.js';
import { progress, table, type Row } from './report.js';
import { stopSharedStack } from './stack.js';

/**
 * `npm run bench`: every benchmark of issue 7 in one run; progress on stderr, the table on stdout and
 * in docs/benchmarks.md. `npm run bench -- flows bundle` runs only the named sections (and does not
 * write the document).
 */
const sections: [string, string, () => Promise<Row[]>][] = [
  ['flows', 'API over HTTP vs the bare DynamoDB calls', benchFlows],
  ['leaderboard', 'Leaderboard top 100 at 10,000 and 100,000 people', benchLeaderboard],
  ['bundle', 'Lambda bundle and cold start', () => benchBundle()],
  ['web', 'Web first-load JS per page', benchWeb],
];

const only = process.argv.slice(2);
const chosen = sections.filter(([key]) => only.length === 0 || only.includes(key));
const rows: Row[] = [];
const started = performance.now();
for (const [i, [, name, run]] of chosen.entries()) {
  const t = performance.now();
  process.stderr.write(`[${i + 1}/${chosen.length}] ${name}\n`);
  rows.push(...(await run()));
  progress(`${name}: ${((performance.now() - t) / 1000).toFixed(0)} s`);
}
await stopSharedStack();
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const out = table(rows);
console.log(out);
progress(`whole run: ${((performance.now() - started) / 1000).toFixed(0)} s`);
if (only.length === 0) {
  writeFileSync(
    'docs/benchmarks.md',
    `# Benchmarks\n\nMeasured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, machine: ${machine}.\n` +
      `Ratios, not absolute times, are the figures to compare: the machines are shared and noisy.\n\n${out}\n`,
  );
  progress('written to docs/benchmarks.md');
}
// DynamoDB Local's child and keep-alive sockets are gone; leave no stray handle keeping node alive.
process.exit(0);
