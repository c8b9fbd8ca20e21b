import {
  cardKey,
  garbageDayParticipantKey,
  garbageMonthParticipantKey,
  scanDedupeKey,
  userKey,
  type Key,
} from '../../shared/db/keys.js';
import { batchGet, itemId } from './batch-get.js';
import { toCardRecord, type CardRecord } from './cards.js';
import type { CreditPlan } from './garbage-credit.js';

/** What the credit path needs to know before it writes, read in as few BatchGets as possible. */
export interface GarbageStateRequest {
  /** [binId, scanId]: has this bin sent this scan before? */
  dedupe?: [string, string][];
  cards?: string[];
  /** Profiles of card holders (name and community at earning time). */
  users?: string[];
  /** [communityId, day, userId] and [communityId, month, userId]: already counted as a participant? */
  dayMarkers?: [string, string, string][];
  monthMarkers?: [string, string, string][];
}

export interface HolderProfile {
  id: string;
  name: string;
  communityId: string | null;
  /** As read (consistently): the ledger core uses them instead of reading the profile again. */
  balance: number;
  ver: number;
  /**
   * Cards the profile lists as bound to this person (`cards`, kept by bind and unbind in the same
   * transaction as the card): a credit checks them on the profile instead of reading each card item.
   */
  cards: Set<string>;
  /** Points earned per local day of the last days (`gcap`: the daily cap, kept on the profile). */
  gcap: Record<string, number>;
}

/** A consistent snapshot of the items a request asked for; absent items read as "not there". */
export class GarbageState {
  constructor(
    private readonly items: Map<string, Record<string, unknown>>,
    private readonly requested: Set<string> = new Set(),
  ) {}
  private get(k: Key) {
    return this.items.get(itemId(k));
  }
  isDuplicate(binId: string, scanId: string): boolean {
    return this.get(scanDedupeKey(binId, scanId)) !== undefined;
  }
  card(cardNo: string): CardRecord | undefined {
    const it = this.get(cardKey(cardNo));
    return it ? toCardRecord(it) : undefined;
  }
  profile(userId: string): HolderProfile | undefined {
    const it = this.get(userKey(userId));
    if (!it) return undefined;
    return {
      id: userId,
      name: (it.name as string) ?? '',
      communityId: (it.communityId as string | undefined) ?? null,
      balance: (it.balance as number | undefined) ?? 0,
      ver: (it.ver as number | undefined) ?? 0,
      cards: new Set((it.cards as Set<string> | undefined) ?? []),
      gcap: { ...(it.gcap as Record<string, number> | undefined) },
    };
  }
  dayMarked(communityId: string, day: string, userId: string): boolean {
    return this.get(garbageDayParticipantKey(communityId, day, userId)) !== undefined;
  }
  monthMarked(communityId: string, month: string, userId: string): boolean {
    return this.get(garbageMonthParticipantKey(communityId, month, userId)) !== undefined;
  }
  /** Whether this snapshot read the card and found it no longer bound to `userId`. */
  cardLost(cardNo: string, userId: string): boolean {
    if (!this.requested.has(itemId(cardKey(cardNo)))) return false;
    const card = this.card(cardNo);
    return !card?.active || card.userId !== userId;
  }
  /** Records what a committed credit wrote, so the holder's next chunk plans without a re-read. */
  remember(plan: CreditPlan): void {
    const { userId, bin } = plan;
    const set = (k: Key, item: Record<string, unknown>) => this.items.set(itemId(k), { ...this.get(k), ...item });
    for (const s of plan.scans) set(scanDedupeKey(bin.id, s.scanId), {});
    // A move through the ledger core bumped the balance and its version, and wrote the day counts.
    const p = this.get(userKey(userId));
    // Every credit moves the profile's version (the projector orders a person's credits by it).
    if (p)
      set(userKey(userId), {
        balance: ((p.balance as number) ?? 0) + plan.points,
        ver: ((p.ver as number) ?? 0) + 1,
        gcap: plan.gcap,
      });
  }
}

/** Reads everything a request names in one round of BatchGets (consistent reads, 100 keys per call). */
export async function readGarbageState(req: GarbageStateRequest): Promise<GarbageState> {
  const keys: Key[] = [
    ...(req.dedupe ?? []).map(([b, s]) => scanDedupeKey(b, s)),
    ...(req.cards ?? []).map(cardKey),
    ...(req.users ?? []).map(userKey),
    ...(req.dayMarkers ?? []).map(([c, d, u]) => garbageDayParticipantKey(c, d, u)),
    ...(req.monthMarkers ?? []).map(([c, m, u]) => garbageMonthParticipantKey(c, m, u)),
  ];
  return new GarbageState(keys.length ? await batchGet(keys) : new Map(), new Set(keys.map(itemId)));
}
