import type { Scan } from '../../../shared/schemas/bins.js';
import { DAY, HOUR, localDay, MINUTE } from '../../../shared/time.js';
import { config } from '../../config.js';
import { createBin, getBin, type BinRecord } from '../../db/bins.js';
import { bindCard } from '../../db/cards.js';
import { binSecret } from '../../services/bin-secrets.js';
import { ingestScans } from '../../services/garbage.js';
import { mapPool } from '../../services/pool.js';
import { once, seedId, type SeedStep } from './context.js';
import { now as clockNow } from '../../clock.js';

/** Demo card numbers: HT + 8 digits, in the order of the demo people (printed on the keychains). */
export const demoCardNo = (n: number): string => `HT${String(n).padStart(8, '0')}`;
/** Whether the demo person numbered `n` (1-based, the order of the demo people) got a card: four in five. */
export const hasDemoCard = (n: number): boolean => n % 5 !== 0;
export const BINS_PER_COMMUNITY = 3;
const DAYS = 30;

/** A small deterministic PRNG (mulberry32), so the demo month is the same on every machine. */
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

const CATEGORIES: [Scan['category'], number, [number, number]][] = [
  ['kitchen', 0.55, [300, 2500]],
  ['other', 0.25, [200, 1500]],
  ['recyclable', 0.17, [100, 1500]],
  ['hazardous', 0.03, [20, 300]],
];

/** One realistic drop: mostly kitchen waste, morning or evening bin hours, ~80% sorted right. */
export function demoDrop(random: () => number, dayStartUtc: number, skill: number) {
  let pick = random();
  const [category, , [lo, hi]] = CATEGORIES.find(([, p]) => (pick -= p) < 0) ?? CATEGORIES[0]!;
  // Bin stations open 7:00–9:00 and 18:30–20:30 local time.
  const minute = random() < 0.55 ? 7 * 60 + random() * 120 : 18 * 60 + 30 + random() * 120;
  return {
    cardNo: '',
    category,
    correct: random() < skill,
    weightGrams: Math.round(lo + random() * (hi - lo)),
    scannedAt: new Date(dayStartUtc + minute * MINUTE).toISOString(),
  };
}

/** Midnight of a local `YYYY-MM-DD` as epoch ms (the demo zone is fixed at +08:00 like Asia/Shanghai). */
const localMidnight = (day: string) => Date.parse(`${day}T00:00:00+08:00`);

/**
 * Three bins per community, cards for four in five residents, and the last 30 days of drops at those
 * bins, uploaded day by day through the same credit service the bins use (so ledgers, caps and
 * statistics agree). Scan ids are stable: seeding again the same day finds every scan a duplicate.
 */
export const garbageStep: SeedStep = {
  name: '垃圾分类 bins, cards and a month of drops',
  async run(ctx) {
    const bins = new Map<string, BinRecord[]>();
    for (const c of ctx.communities) {
      const list: BinRecord[] = [];
      const short = c.name.replace(/社区$/, '');
      for (let n = 1; n <= BINS_PER_COMMUNITY; n++) {
        const id = seedId(`bin:${c.id}:${n}`);
        await once(() => createBin(c.id, `${short}${n}号桶站`, ctx.staff.get(c.id) ?? ctx.adminId, id));
        list.push((await getBin(id))!);
      }
      bins.set(c.id, list);
    }
    const holders: { userId: string; communityId: string; cardNo: string; skill: number; n: number }[] = [];
    await mapPool(ctx.people, 8, async (p, i) => {
      if (!hasDemoCard(i + 1)) return; // one in five has no card yet
      const cardNo = demoCardNo(i + 1);
      await bindCard(cardNo, p.id, ctx.staff.get(p.communityId) ?? ctx.adminId);
      holders.push({ userId: p.id, communityId: p.communityId, cardNo, skill: 0.6 + rng(i + 7)() * 0.38, n: i });
    });
    ctx.progress(`${bins.size * BINS_PER_COMMUNITY} 个桶站, ${holders.length} 张积分卡`);

    holders.sort((a, b) => a.n - b.n);

    // Bins upload a week at a time (as after an outage): fewer, larger credits keep seeding fast.
    const tz = config().tzName;
    const uploads: { bin: BinRecord; scans: Scan[]; now: number }[] = [];
    for (let weekEnd = DAYS - 6; weekEnd >= -5; weekEnd -= 7) {
      const lastBack = Math.max(weekEnd, 1);
      for (const [communityId, list] of bins) {
        for (const [b, bin] of list.entries()) {
          const scans: Scan[] = [];
          let now = 0;
          for (let back = weekEnd + 6; back >= lastBack; back--) {
            const day = localDay(clockNow() - back * DAY, tz);
            const start = localMidnight(day);
            now = start + DAY + HOUR;
            const random = rng(start / 1000 + b * 7919 + communityId.charCodeAt(20) * 104729);
            for (const h of holders.filter((x) => x.communityId === communityId && x.n % list.length === b)) {
              if (random() > 0.5) continue; // about every other day a household takes the rubbish out
              const bags = random() < 0.2 ? 2 : 1;
              for (let k = 0; k < bags; k++) {
                // Sorting improves a little over the month, as the station's volunteers coach at the bins.
                const drop = demoDrop(random, start, Math.min(0.98, h.skill + (DAYS - back) * 0.004));
                scans.push({ ...drop, cardNo: h.cardNo, scanId: `${day.replaceAll('-', '')}-${h.cardNo}-${k}` });
              }
            }
          }
          if (scans.length > 0) uploads.push({ bin, scans, now });
        }
      }
    }
    let accepted = 0;
    let points = 0;
    // Day by day the bins upload after closing; different bins in parallel like the real district.
    await mapPool(uploads, 4, async (u) => {
      const r = await ingestScans(u.bin, u.scans, { now: u.now });
      accepted += r.accepted;
      points += r.pointsAwarded;
    });
    const total = uploads.reduce((n, u) => n + u.scans.length, 0);
    ctx.progress(`${total} 次投放 (${accepted} 新记入), ${points} 积分`);
    const first = bins.values().next().value?.[0];
    if (first) {
      ctx.progress(
        `试一试 try a bin: npm run bin:simulate -- --bin ${first.id} --secret ${await binSecret(first.id, first.keyVersion)} --scans 20`,
      );
    }
  },
};
