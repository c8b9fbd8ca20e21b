import type { Scan, ScanBatchResult } from '../../shared/schemas/bins.js';
import { signBinBody } from '../../functions/services/bin-secrets.js';

/** What one simulated bin does. */
export interface SimulationOptions {
  url: string;
  binId: string;
  secret: string;
  scans: number;
  cards: string[];
  /** Also keep a backlog of older drops (an outage) and upload it after the live ones. */
  offline: boolean;
  batchSize: number;
  /** Share of batches sent a second time, as after a lost acknowledgement. */
  resendRate: number;
  /** Share of drops by a card nobody bound (a visitor's, a broken one). */
  unknownRate: number;
  seed: number;
}

export interface SimulationIo {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  log: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface SimulationSummary {
  batches: number;
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  pointsAwarded: number;
  failures: number;
}

const CATEGORIES: [Scan['category'], string, number, [number, number]][] = [
  ['kitchen', '厨余垃圾', 0.55, [300, 2500]],
  ['other', '其他垃圾', 0.25, [200, 1500]],
  ['recyclable', '可回收物', 0.17, [100, 1500]],
  ['hazardous', '有害垃圾', 0.03, [20, 300]],
];

/** mulberry32: the same --seed gives the same drops. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Realistic drops: mostly kitchen waste, ~80% sorted right, weights per category. */
export function makeDrops(o: SimulationOptions, count: number, at: (i: number) => number, tag: string): Scan[] {
  const random = rng(o.seed + tag.length * 31 + count);
  const run = Date.now().toString(36);
  return Array.from({ length: count }, (_, i) => {
    let pick = random();
    const [category, , , [lo, hi]] = CATEGORIES.find(([, , p]) => (pick -= p) < 0) ?? CATEGORIES[0]!;
    const unknown = random() < o.unknownRate;
    return {
      scanId: `sim-${tag}-${run}-${i}`,
      cardNo: unknown
        ? `VISITOR${String(Math.floor(random() * 1e6)).padStart(6, '0')}`
        : o.cards[Math.floor(random() * o.cards.length)]!,
      category,
      correct: random() < 0.8,
      weightGrams: Math.round(lo + random() * (hi - lo)),
      scannedAt: new Date(at(i)).toISOString(),
    };
  });
}

/**
 * Uploads drops as a smart bin does: signed batches, retried with backoff on network errors and 5xx
 * (the same scans again, a fresh timestamp and signature), some batches resent on purpose to show the
 * server counting them as duplicates, and with --offline a backlog of older drops uploaded last.
 */
export async function simulate(o: SimulationOptions, io: SimulationIo): Promise<SimulationSummary> {
  const now = io.now ?? Date.now;
  const sleep = io.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const random = rng(o.seed);
  const sum: SimulationSummary = {
    batches: 0,
    sent: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    pointsAwarded: 0,
    failures: 0,
  };
  const start = now();
  const backlog = o.offline ? Math.max(1, Math.round(o.scans * 0.4)) : 0;
  // Live drops: the last few minutes. Backlog: spread over the last two days, uploaded after.
  const live = makeDrops(o, o.scans - backlog, (i) => start - (o.scans - i) * 7_000, 'live');
  const old = makeDrops(o, backlog, () => start - 10 * 60_000 - random() * 2 * 86_400_000, 'offline');
  const batches: { scans: Scan[]; label: string }[] = [];
  for (let i = 0; i < live.length; i += o.batchSize)
    batches.push({ scans: live.slice(i, i + o.batchSize), label: '实时 live' });
  for (let i = 0; i < old.length; i += o.batchSize)
    batches.push({ scans: old.slice(i, i + o.batchSize), label: '离线补传 offline' });
  if (old.length > 0) io.log(`断网 offline: ${old.length} drops buffered, uploaded after the live ones`);

  const send = async (scans: Scan[], label: string): Promise<ScanBatchResult | undefined> => {
    const body = JSON.stringify({ scans });
    for (let attempt = 0; attempt < 5; attempt++) {
      const ts = String(Math.floor(now() / 1000));
      try {
        const res = await io.fetch(`${o.url}/api/bins/${o.binId}/scans`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-bin-timestamp': ts,
            'x-bin-signature': signBinBody(o.secret, ts, body),
          },
          body,
        });
        const text = await res.text();
        if (res.status === 200) return JSON.parse(text) as ScanBatchResult;
        if (res.status < 500 && res.status !== 429) {
          io.log(`  ${label}: ${res.status} ${text}`);
          return undefined; // a client mistake: sending it again will not help
        }
        io.log(`  ${label}: ${res.status}, retrying the same batch …`);
      } catch (err) {
        io.log(`  ${label}: ${(err as Error).message}, retrying the same batch …`);
      }
      await sleep(Math.min(4000, 200 * 2 ** attempt));
    }
    return undefined;
  };

  for (const [n, b] of batches.entries()) {
    const title = `batch ${n + 1}/${batches.length} ${b.label}, ${b.scans.length} scans`;
    const r = await send(b.scans, title);
    sum.batches++;
    sum.sent += b.scans.length;
    if (!r) {
      sum.failures++;
      io.log(`${title}: gave up`);
      continue;
    }
    const reasons = Object.entries(
      r.rejected.reduce<Record<string, number>>((m, x) => ({ ...m, [x.reason]: (m[x.reason] ?? 0) + 1 }), {}),
    ).map(([k, v]) => `${k}×${v}`);
    io.log(
      `${title} → accepted ${r.accepted}, duplicates ${r.duplicates}, rejected ${r.rejected.length}` +
        `${reasons.length ? ` (${reasons.join(', ')})` : ''}, +${r.pointsAwarded} points`,
    );
    sum.accepted += r.accepted;
    sum.duplicates += r.duplicates;
    sum.rejected += r.rejected.length;
    sum.pointsAwarded += r.pointsAwarded;
    if (random() < o.resendRate) {
      const again = await send(b.scans, `${title} (resent)`);
      if (again) {
        io.log(
          `  resent, as after a lost acknowledgement → accepted ${again.accepted}, ` +
            `duplicates ${again.duplicates}, rejected ${again.rejected.length}, +${again.pointsAwarded} points`,
        );
        sum.accepted += again.accepted;
        sum.duplicates += again.duplicates;
        sum.pointsAwarded += again.pointsAwarded;
      }
    }
  }
  io.log(
    `done: ${sum.sent} scans in ${sum.batches} batches → accepted ${sum.accepted}, duplicates ${sum.duplicates}, ` +
      `rejected ${sum.rejected}, points ${sum.pointsAwarded}${sum.failures ? `, ${sum.failures} batches failed` : ''}`,
  );
  return sum;
}
