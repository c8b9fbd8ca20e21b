import type { StreamRecordLike } from '../source.js';
import { detectBursts, type BurstEvent, type BurstRule } from './bursts.js';
import { inBatches, insertedOfType } from './records.js';

const MIN = 60_000;
/** Drops of one card within 10 minutes above which it is flagged (API.md: "> 10 drops in 10 min"). */
export const CARD_BURST_DROPS = 10;
/** Scans of one bin within an hour above which it is flagged (API.md: "over 600 scans in an hour"). */
export const BIN_BURST_SCANS = 600;

// Card members: `<t>|<communityId>|<binId>|<userId>|<scanId>`; bin members: `<t>|<communityId>|<scanId>`.
const cardParts = (e: BurstEvent) => {
  const [communityId, binId, userId] = e.rest.split('|') as [string, string, string];
  return { communityId, binId, userId };
};

/** `card-burst`: one card with > 10 drops in 10 min, or at bins of two communities within 10 min. */
export const cardBurst: BurstRule = {
  kind: 'card-burst',
  spanMs: 10 * MIN,
  qualifies: (w) => w.length > CARD_BURST_DROPS || new Set(w.map((e) => cardParts(e).communityId)).size > 1,
  describe(subject, w) {
    const parts = w.map(cardParts);
    const communities = [...new Set(parts.map((p) => p.communityId))];
    return {
      communityId: parts[0]!.communityId,
      involved: [...new Set(parts.map((p) => p.userId))],
      evidence: {
        cardNo: subject.slice('card:'.length),
        drops: w.length,
        communities,
        bins: [...new Set(parts.map((p) => p.binId))],
        from: new Date(w[0]!.t).toISOString(),
        to: new Date(w[w.length - 1]!.t).toISOString(),
      },
    };
  },
};

/** `bin-burst`: a bin over 600 scans in an hour. */
export const binBurst: BurstRule = {
  kind: 'bin-burst',
  spanMs: 60 * MIN,
  qualifies: (w) => w.length > BIN_BURST_SCANS,
  describe(subject, w) {
    return {
      communityId: w[0]!.rest.split('|')[0]!,
      involved: [],
      evidence: {
        binId: subject.slice('bin:'.length),
        scans: w.length,
        from: new Date(w[0]!.t).toISOString(),
        to: new Date(w[w.length - 1]!.t).toISOString(),
      },
    };
  },
};

/**
 * The scan bursts of a stream batch: every scan the bins' uploads kept (`SCAN` dedupe items, credited or
 * not — refused scans earn nothing and are not counted), grouped per card and per bin, fed to the rules.
 */
export async function scanBurstFlags(records: StreamRecordLike[]): Promise<number> {
  const scans = insertedOfType(records, 'SCAN');
  if (scans.length === 0) return 0;
  const cards = new Map<string, string[]>();
  const bins = new Map<string, string[]>();
  for (const s of scans) {
    const t = Date.parse(s.scannedAt as string);
    const c = `card:${s.cardNo as string}`;
    const b = `bin:${s.binId as string}`;
    cards.set(c, [...(cards.get(c) ?? []), `${t}|${s.communityId}|${s.binId}|${s.userId}|${s.scanId}`]);
    bins.set(b, [...(bins.get(b) ?? []), `${t}|${s.communityId}|${s.scanId}`]);
  }
  let n = 0;
  await inBatches([...cards], 8, async ([subject, ms]) => void (n += await detectBursts(cardBurst, subject, ms)));
  await inBatches([...bins], 8, async ([subject, ms]) => void (n += await detectBursts(binBurst, subject, ms)));
  return n;
}
