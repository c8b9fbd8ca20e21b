import { shapesPerRequest, type MeteredCall } from '../functions/db/call-meter.js';
import { checkinFlow } from './flows/checkin.js';
import { confirmFlow } from './flows/confirm.js';
import type { Flow } from './flows/flow.js';
import { redeemFlow } from './flows/redeem.js';
import { scansFlow } from './flows/scans.js';
import { median, progress, type Row } from './report.js';
import { sharedStack, type BenchStack } from './stack.js';

/** Requests in flight on each side: 8 residents tapping at once on one API instance. */
export const CONCURRENCY = 8;
/**
 * Measured rounds per flow, alternating which side goes first, so drift hits both alike: up to 10, at least
 * 4; a round is at least CONCURRENCY requests (so all 8 are in flight), fewer rounds for slow flows.
 */
const MAX_ROUNDS = 10;
const MIN_ROUNDS = 4;
/** About how long each side of a flow runs, so the whole bench stays within minutes. */
const SIDE_SECONDS = 10;
/** Unmeasured requests per side first: JIT, sockets, caches. */
const WARMUP = 16;

/** Runs `fn` over `items` with `concurrency` workers; returns elapsed ms. */
async function drive<F>(items: F[], concurrency: number, fn: (f: F, worker: number) => Promise<void>) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = next++; i < items.length; i = next++) await fn(items[i]!, w);
    }),
  );
  return performance.now() - t0;
}

/**
 * Calls per request may differ this much between server and bare: a cache refresh (the org, every 30 s)
 * lands on whichever requests run when it expires.
 */
const SHAPE_TOLERANCE = 0.1;

const describeShapes = (s: Record<string, number>) =>
  Object.entries(s)
    .map(([k, v]) => `${Number.isInteger(v) ? v : v.toFixed(2)} ${k}`)
    .join(', ');

const sameShapes = (a: Record<string, number>, b: Record<string, number>) =>
  Object.keys({ ...a, ...b }).every((k) => Math.abs((a[k] ?? 0) - (b[k] ?? 0)) <= SHAPE_TOLERANCE);

/**
 * One flow: HTTP vs bare in interleaved rounds; rows for throughput and for calls per request. A warm-up
 * on both sides sizes the rounds so each side runs about SIDE_SECONDS (at most `flow.requests`).
 */
async function measure<F>(s: BenchStack, flow: Flow<F>): Promise<Row[]> {
  const http = (f: F, w: number) => flow.http(f, w, s.http);
  const bare = (f: F, w: number) => flow.bare(f, w, s.bare);
  progress(`${flow.name}: warming up (${WARMUP} requests a side)`);
  const warm = await flow.prepare(2 * WARMUP, CONCURRENCY);
  const warmMs = Math.max(
    await drive(warm.slice(0, WARMUP), CONCURRENCY, http),
    await drive(warm.slice(WARMUP), CONCURRENCY, bare),
  );
  const rate = (WARMUP / warmMs) * 1000;
  const budget = Math.min(flow.requests, Math.round(rate * SIDE_SECONDS));
  const ROUNDS = Math.max(MIN_ROUNDS, Math.min(MAX_ROUNDS, Math.floor(budget / CONCURRENCY)));
  const perRound = Math.max(CONCURRENCY, Math.round(budget / ROUNDS));
  const n = perRound * ROUNDS;
  progress(`${flow.name}: ~${rate.toFixed(0)} req/s warm; preparing fresh data for ${n} requests a side`);
  const t0 = performance.now();
  const fixtures = await flow.prepare(2 * n, CONCURRENCY);
  progress(`${flow.name}: data ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const httpData = fixtures.slice(0, n);
  const bareData = fixtures.slice(n);

  const httpRps: number[] = [];
  const bareRps: number[] = [];
  const ratios: number[] = [];
  const httpCalls: MeteredCall[] = [];
  const bareCalls: MeteredCall[] = [];
  const cpuMs = { http: 0, bare: 0 };
  const javaMs = { http: 0, bare: 0 };
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? (['http', 'bare'] as const) : (['bare', 'http'] as const);
    const rps: Record<string, number> = {};
    for (const side of order) {
      const meter = side === 'http' ? s.serverMeter : s.bareMeter;
      const batch = (side === 'http' ? httpData : bareData).splice(0, perRound);
      meter.reset();
      const cpu = process.cpuUsage();
      const java = s.dynamoCpuMs();
      const ms = await drive(batch, CONCURRENCY, side === 'http' ? http : bare);
      const used = process.cpuUsage(cpu);
      cpuMs[side] += (used.user + used.system) / 1000;
      javaMs[side] += (s.dynamoCpuMs() ?? 0) - (java ?? 0);
      (side === 'http' ? httpCalls : bareCalls).push(...meter.calls());
      rps[side] = (batch.length / ms) * 1000;
    }
    httpRps.push(rps.http!);
    bareRps.push(rps.bare!);
    ratios.push(rps.bare! / rps.http!);
    progress(
      `${flow.name}: round ${r + 1}/${ROUNDS}: HTTP ${rps.http!.toFixed(1)} req/s, bare ${rps.bare!.toFixed(1)} req/s`,
    );
  }
  const ratio = median(ratios);
  const httpShapes = shapesPerRequest(httpCalls, n);
  const bareShapes = shapesPerRequest(bareCalls, n);
  const same = sameShapes(httpShapes, bareShapes);
  if (!same) {
    progress(`${flow.name}: the bare flow's calls differ from the server's!`);
    progress(`  server: ${describeShapes(httpShapes)}`);
    progress(`  bare:   ${describeShapes(bareShapes)}`);
  }
  const perReq = (calls: MeteredCall[]) => calls.length / n;
  const read = httpCalls.reduce((t, c) => t + c.read, 0) / n;
  const written = httpCalls.filter((c) => /Write|Put|Update|Delete/.test(c.op)).reduce((t, c) => t + c.items, 0) / n;
  return [
    {
      section: 'API vs bare DynamoDB',
      metric: `${flow.name} — ${flow.unit}; ${n} requests a side, ${CONCURRENCY} in flight, median of ${ROUNDS} interleaved rounds`,
      value:
        `HTTP ${median(httpRps).toFixed(1)} req/s, bare ${median(bareRps).toFixed(1)} req/s → ${ratio.toFixed(2)}× ` +
        `(rounds ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}); ` +
        `CPU per request, Node + DynamoDB Local: ${((cpuMs.http + javaMs.http) / n).toFixed(1)} ms HTTP vs ` +
        `${((cpuMs.bare + javaMs.bare) / n).toFixed(1)} ms bare = ${((cpuMs.http + javaMs.http) / (cpuMs.bare + javaMs.bare)).toFixed(2)}× ` +
        `(Node ${(cpuMs.http / n).toFixed(1)} vs ${(cpuMs.bare / n).toFixed(1)} ms)`,
      target: '≤ 1.2×',
      ok: ratio <= 1.2,
      readme: {
        label: `${flow.name}: API over HTTP vs the same DynamoDB calls bare (${CONCURRENCY} in flight)`,
        value: `${ratio.toFixed(2)}× (${median(httpRps).toFixed(1)} vs ${median(bareRps).toFixed(1)} req/s)`,
      },
    },
    {
      section: 'API vs bare DynamoDB',
      metric: `${flow.name}: DynamoDB calls per request (server, metered on its client)`,
      value:
        `${perReq(httpCalls).toFixed(2)}: ${describeShapes(httpShapes)}; ${read.toFixed(1)} items read, ${written.toFixed(1)} written` +
        (same ? '; bare issues the same' : `; BARE DIFFERS: ${describeShapes(bareShapes)}`),
      target: 'bare = server',
      ok: same,
      readme: { label: `${flow.name}: DynamoDB calls per request`, value: perReq(httpCalls).toFixed(2) },
    },
  ];
}

/** Section 1: check-in, bin batch, redemption and confirmation over HTTP vs the bare SDK calls. */
export async function benchFlows(): Promise<Row[]> {
  progress('starting the npm start stack in this process (in-memory DynamoDB Local, SEED=none)');
  const s = await sharedStack(CONCURRENCY);
  const flows = [checkinFlow(s.token), scansFlow(), redeemFlow(s.token), confirmFlow(s.token)] as Flow<unknown>[];
  const rows: Row[] = [];
  for (const flow of flows) rows.push(...(await measure(s, flow)));
  return rows;
}
