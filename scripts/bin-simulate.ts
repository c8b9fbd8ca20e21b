/**
 * A command-line smart bin, for demos and load:
 *   npm run bin:simulate -- --bin <id> --secret <s> --scans <n> [--cards A,B] [--offline] [--url http://localhost:3000]
 *     [--batch 20] [--resend-rate 0.2] [--unknown-rate 0.03] [--seed 1]
 * Without --cards it uses the demo city's cards (HT00000001 …).
 */
import { parseArgs } from 'node:util';
import { demoCardNo, hasDemoCard } from '../functions/local/seed/garbage.js';
import { simulate } from './bin-simulate/simulate.js';

const { values } = parseArgs({
  options: {
    bin: { type: 'string' },
    secret: { type: 'string' },
    scans: { type: 'string', default: '20' },
    cards: { type: 'string' },
    offline: { type: 'boolean', default: false },
    url: { type: 'string', default: process.env.API_URL ?? 'http://localhost:3000' },
    batch: { type: 'string', default: '20' },
    'resend-rate': { type: 'string', default: '0.2' },
    'unknown-rate': { type: 'string', default: '0.03' },
    seed: { type: 'string', default: String(Date.now() % 100_000) },
  },
});

if (!values.bin || !values.secret) {
  console.error(
    'usage: npm run bin:simulate -- --bin <id> --secret <secret> --scans <n> [--cards A,B] [--offline] [--url …]',
  );
  process.exit(2);
}
const cards = values.cards
  ? values.cards
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean)
  : Array.from({ length: 50 }, (_, i) => i + 1)
      .filter(hasDemoCard)
      .map(demoCardNo);
const summary = await simulate(
  {
    url: values.url!.replace(/\/$/, ''),
    binId: values.bin,
    secret: values.secret,
    scans: Math.max(1, Number(values.scans)),
    cards,
    offline: values.offline!,
    batchSize: Math.min(100, Math.max(1, Number(values.batch))),
    resendRate: Number(values['resend-rate']),
    unknownRate: Number(values['unknown-rate']),
    seed: Number(values.seed),
  },
  { fetch: (url, init) => fetch(url, init), log: (l) => console.log(l) },
);
process.exit(summary.failures > 0 ? 1 : 0);
