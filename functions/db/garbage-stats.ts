import { garbageStatPartition, garbageStatPrefixes } from '../../shared/db/keys.js';
import { tableName } from './client.js';
import { queryAll } from './query-all.js';

/** Summed counters of one period (all shards). */
export interface Counters {
  scans: number;
  correct: number;
  points: number;
  participants: number;
}

const zero = (): Counters => ({ scans: 0, correct: 0, points: 0, participants: 0 });

/** All items of one prefix in a community-month partition (a few hundred at most), every page. */
async function queryPrefix(communityId: string, month: string, prefix: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  const all = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': garbageStatPartition(communityId, month), ':p': prefix },
  });
  items.push(...all);
  return items;
}

function addInto(c: Counters, it: Record<string, unknown>): void {
  c.scans += (it.scans as number) ?? 0;
  c.correct += (it.correct as number) ?? 0;
  c.points += (it.points as number) ?? 0;
  c.participants += (it.participants as number) ?? 0;
}

/** A community's month: one Query of the month's counter shards. */
export async function readMonthCounters(communityId: string, month: string): Promise<Counters> {
  const sum = zero();
  for (const it of await queryPrefix(communityId, month, garbageStatPrefixes.month)) addInto(sum, it);
  return sum;
}

/** A community's days of one month (only days with scans): one Query of the day shards. */
export async function readDayCounters(communityId: string, month: string): Promise<Map<string, Counters>> {
  const out = new Map<string, Counters>();
  for (const it of await queryPrefix(communityId, month, garbageStatPrefixes.day)) {
    const day = it.day as string;
    const c = out.get(day) ?? zero();
    addInto(c, it);
    out.set(day, c);
  }
  return out;
}

/** A community's bins of one month (only bins with scans): one Query of the bin shards. */
export async function readBinCounters(communityId: string, month: string): Promise<Map<string, Counters>> {
  const out = new Map<string, Counters>();
  for (const it of await queryPrefix(communityId, month, garbageStatPrefixes.bin)) {
    const binId = it.binId as string;
    const c = out.get(binId) ?? zero();
    addInto(c, it);
    out.set(binId, c);
  }
  return out;
}
