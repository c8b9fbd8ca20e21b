import { cpus, totalmem } from 'node:os';
import { benchBundle } from './bundle.js';
import { benchCost, lastCost } from './cost.js';
import { previousRows, writeDoc, writeReadme } from './doc.js';
import { benchFlows } from './flows.js';
import { benchLeaderboard } from './leaderboard.js';
import { benchWeb } from './web.js';
import { benchWebVitals } from './web-vitals.js';
import { progress, table, type Row } from './report.js';
import { stopSharedStack } from './stack.js';

/**
 * `npm run bench`: every benchmark of issue 7 in one run; progress on stderr, the table on stdout and
 * in docs/benchmarks.md. `npm run bench -- flows bundle` runs only the named sections and replaces just their
 * rows in docs/benchmarks.md (the other sections keep their last run's figures; the README is left alone).
 */
// Run order: the cold starts and the web build before DynamoDB Local starts (less noise for them);
// the table follows the order.
const sections: [string, string, () => Promise<Row[]>][] = [
  ['bundle', 'Lambda bundle and cold start', () => benchBundle()],
  // The build, then LCP/CLS of that build on a throttled phone (issue 14).
  [
    'web',
    'Web first-load JS per page, LCP and CLS on a slow phone',
    async () => [...(await benchWeb()), ...(await benchWebVitals())],
  ],
  ['flows', 'API over HTTP vs the bare DynamoDB calls', benchFlows],
  ['leaderboard', 'Leaderboard top 100 at 10,000 and 100,000 people', benchLeaderboard],
  ['cost', 'Cost: request units of the real flows, request and projector, and the district bill', benchCost],
];
const TABLE_ORDER = ['cost', 'flows', 'leaderboard', 'bundle', 'web'];

const only = process.argv.slice(2);
const chosen = sections.filter(([key]) => only.length === 0 || only.includes(key));
const got = new Map<string, Row[]>();
const started = performance.now();
for (const [i, [key, name, run]] of chosen.entries()) {
  const t = performance.now();
  process.stderr.write(`[${i + 1}/${chosen.length}] ${name}\n`);
  got.set(key, await run());
  progress(`${name}: ${((performance.now() - t) / 1000).toFixed(0)} s`);
}
await stopSharedStack();
const rows = TABLE_ORDER.flatMap((k) => got.get(k) ?? []);
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const seconds = (performance.now() - started) / 1000;
console.log(table(rows));
progress(`whole run: ${seconds.toFixed(0)} s`);
if (only.length === 0) {
  writeDoc('docs/benchmarks.md', rows, machine, seconds);
  writeReadme('README.md', rows, machine);
  progress("written to docs/benchmarks.md and the README's Performance section");
} else if (chosen.length > 0) {
  // A partial run: its sections' rows replace theirs; the others stay as their last full run measured them.
  const ran = new Set(rows.map((r) => r.section));
  const kept = previousRows('docs/benchmarks.md').filter((r) => !ran.has(r.section));
  const order = [...new Set([...kept, ...rows].map((r) => r.section))];
  const merged = order.flatMap((s) => [...kept, ...rows].filter((r) => r.section === s));
  const note = `${machine}; this run: ${chosen.map(([k]) => k).join(', ')} only, the other rows from the run before`;
  writeDoc('docs/benchmarks.md', merged, note, seconds);
  progress(`written to docs/benchmarks.md (sections: ${[...ran].join(', ')})`);
}
// `npm run bench -- cost`: its figures as one JSON object, the last line of stdout.
if (lastCost) console.log(JSON.stringify(lastCost));
// DynamoDB Local's child and keep-alive sockets are gone; leave no stray handle keeping node alive.
process.exit(0);
