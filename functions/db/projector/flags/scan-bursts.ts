import type { StreamRecordLike } from '../source.js';
import { detectBursts, type BurstRule } from './bursts.js';
import { inBatches, insertedOfType } from './records.js';

const MIN = 60_000;
/** Scans of one bin within an hour above which it is flagged (API.md: "over 600 scans in an hour"). */
export const BIN_BURST_SCANS = 600;

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
 * `bin-burst` of a stream batch: every scan the bins' uploads kept (`SCAN` dedupe items, credited or not —
 * refused scans earn nothing and are not counted), grouped per bin, fed to the rule. (`card-burst` is
 * judged by the projector from the holders' totals items: card-bursts.ts.)
 */
export async function scanBurstFlags(records: StreamRecordLike[]): Promise<number> {
  const scans = insertedOfType(records, 'SCAN');
  if (scans.length === 0) return 0;
  const bins = new Map<string, string[]>();
  for (const s of scans) {
    const t = Date.parse(s.scannedAt as string);
    const b = `bin:${s.binId as string}`;
    bins.set(b, [...(bins.get(b) ?? []), `${t}|${s.communityId}|${s.scanId}`]);
  }
  let n = 0;
  await inBatches([...bins], 8, async ([subject, ms]) => void (n += await detectBursts(binBurst, subject, ms)));
  return n;
}
