import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import { personBoardsKey } from '../../../shared/db/keys.js';
import { db, tableName } from '../../../functions/db/client.js';
import { itemSize } from '../../../functions/db/cost-meter.js';
import { raisedWindows } from '../../../functions/db/flags.js';
import { markTime } from '../../../functions/db/projector/flags/card-bursts.js';
import { projectRecords } from '../../../functions/db/projector/project.js';
import type { StreamRecordLike } from '../../../functions/db/projector/source.js';
import { StreamPoller } from '../../../functions/db/stream-poller.js';
import { call, drainProjector, useTable, userWith } from '../../fixtures/api.js';
import { communityWithStaff, localNoon, registerBin, residentWithCard, scan, upload } from '../../fixtures/garbage.js';

/** A consumer that dies after its transactions committed and before it raised the flag (switched per test). */
const raising = vi.hoisted(() => ({ killed: false }));
vi.mock('../../../functions/db/flags.js', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../../functions/db/flags.js')>();
  return {
    ...m,
    raiseFlag: (...args: Parameters<typeof m.raiseFlag>) =>
      raising.killed ? Promise.reject(new Error('consumer killed before raising')) : m.raiseFlag(...args),
  };
});

useTable();

const MIN = 60_000;
const BUCKET = 10 * MIN;

/** The holder's totals item as stored (consistent). */
async function totalsOf(userId: string): Promise<Record<string, unknown>> {
  const r = await db().send(
    new GetCommand({ TableName: tableName(), Key: personBoardsKey(userId), ConsistentRead: true }),
  );
  return r.Item ?? {};
}
const marksOf = async (userId: string, cardNo: string) =>
  ((await totalsOf(userId)).cm as Record<string, string[]> | undefined)?.[cardNo] ?? [];

/** The card-burst flags of a card in the city's queue (the GET drains the local projector first). */
async function cardFlags(cardNo: string) {
  const admin = await userWith({ roles: [{ role: 'admin', scope: 'city' }] });
  const r = await call('GET', '/api/flags?limit=100', { token: admin.token });
  expect(r.status).toBe(200);
  return (r.body.items as { kind: string; subject: string; evidence: Record<string, unknown> }[]).filter(
    (f) => f.kind === 'card-burst' && f.subject === `card:${cardNo}`,
  );
}

let captures = 0;
/** Every record of the table's stream so far, read by a second consumer (its own checkpoints). */
async function streamSoFar(): Promise<StreamRecordLike[]> {
  const records: StreamRecordLike[] = [];
  const poller = new StreamPoller(
    async (rs) => {
      records.push(...rs);
      return { batchItemFailures: [] };
    },
    { checkpointTable: `${tableName()}-card-bursts-${captures++}` },
  );
  await poller.drain();
  return records;
}

describe('card-burst from the holder totals (issue 10)', () => {
  it('forms a burst from drops of two batches; the totals keep the card’s recent drops, pruned, well under 1 KB', async () => {
    const g = await communityWithStaff();
    const bin = await registerBin(g.communityId, g.staff);
    const r = await residentWithCard(g.communityId, g.staff);
    const t0 = Date.parse(localNoon(3));
    const at = (i: number) => new Date(t0 + i * 50_000).toISOString(); // 11 drops in 8 min 20 s
    const drops = Array.from({ length: 11 }, (_, i) => scan(r.cardNo, { scannedAt: at(i) }));
    expect((await upload(bin, { scans: drops.slice(0, 6) })).status).toBe(200);
    await drainProjector();
    expect(await marksOf(r.userId, r.cardNo)).toHaveLength(6);
    expect(await cardFlags(r.cardNo)).toHaveLength(0); // 6 drops: no burst yet
    expect((await upload(bin, { scans: drops.slice(6) })).status).toBe(200);
    const flags = await cardFlags(r.cardNo);
    expect(flags).toHaveLength(1);
    expect(flags[0]!.evidence).toMatchObject({ drops: 11, communities: [g.communityId], bins: [bin.id] });
    expect(await marksOf(r.userId, r.cardNo)).toHaveLength(11);

    // The next visit, 40 minutes on: nothing older than 20 minutes before it is needed any more.
    expect((await upload(bin, { scans: [scan(r.cardNo, { scannedAt: at(48) })] })).status).toBe(200);
    await drainProjector();
    const kept = await marksOf(r.userId, r.cardNo);
    expect(kept.map(markTime)).toEqual([Date.parse(at(48))]);
    expect(itemSize(await totalsOf(r.userId))).toBeLessThan(1024);
    expect(await cardFlags(r.cardNo)).toHaveLength(1);
  });

  it('flags two communities within 10 minutes also when the earlier drop arrives later, and not 12 minutes apart', async () => {
    const g = await communityWithStaff();
    const far = await communityWithStaff();
    const home = await registerBin(g.communityId, g.staff);
    const away = await registerBin(far.communityId, far.staff);
    const late = await residentWithCard(g.communityId, g.staff);
    const apart = await residentWithCard(g.communityId, g.staff);
    const t0 = Date.parse(localNoon(3));
    const iso = (ms: number) => new Date(ms).toISOString();
    // The home bin uploads first; the away bin's upload, 8 minutes older by scan time, comes after it.
    expect((await upload(home, { scans: [scan(late.cardNo, { scannedAt: iso(t0 + 8 * MIN) })] })).status).toBe(200);
    await drainProjector();
    expect((await upload(away, { scans: [scan(late.cardNo, { scannedAt: iso(t0) })] })).status).toBe(200);
    expect((await upload(home, { scans: [scan(apart.cardNo, { scannedAt: iso(t0) })] })).status).toBe(200);
    expect((await upload(away, { scans: [scan(apart.cardNo, { scannedAt: iso(t0 + 12 * MIN) })] })).status).toBe(200);
    const flags = await cardFlags(late.cardNo);
    expect(flags).toHaveLength(1);
    expect([...(flags[0]!.evidence.communities as string[])].sort()).toEqual([g.communityId, far.communityId].sort());
    expect(flags[0]!.evidence.drops).toBe(2);
    expect(await cardFlags(apart.cardNo)).toHaveLength(0);
  });

  it('raises once and counts each drop once when a batch is replayed, also after dying between commit and flag', async () => {
    const g = await communityWithStaff();
    const bin = await registerBin(g.communityId, g.staff);
    const r = await residentWithCard(g.communityId, g.staff);
    const t0 = Date.parse(localNoon(4));
    const scans = Array.from({ length: 11 }, (_, i) =>
      scan(r.cardNo, { scannedAt: new Date(t0 + i * 30_000).toISOString() }),
    );
    expect((await upload(bin, { scans })).status).toBe(200);
    const records = await streamSoFar();
    const bucket = String(Math.floor(t0 / BUCKET));
    const raised = () => raisedWindows('card-burst', `card:${r.cardNo}`, [bucket]);

    // Applied (the totals hold the drops), then killed before the flag: the batch is reported for a retry.
    raising.killed = true;
    try {
      expect((await projectRecords(records)).batchItemFailures).toHaveLength(1);
    } finally {
      raising.killed = false;
    }
    expect(await marksOf(r.userId, r.cardNo)).toHaveLength(11);
    expect((await raised()).size).toBe(0);

    // The retry: its guard skips every drop (applied), yet the burst the totals hold is raised now.
    expect((await projectRecords(records)).batchItemFailures).toEqual([]);
    expect((await raised()).size).toBe(1);
    // Replayed again, in reverse, and by the local projector (the GET): nothing more, nothing counted twice.
    expect((await projectRecords(records)).batchItemFailures).toEqual([]);
    expect((await projectRecords([...records].reverse())).batchItemFailures).toEqual([]);
    const flags = await cardFlags(r.cardNo);
    expect(flags).toHaveLength(1);
    expect(flags[0]!.evidence.drops).toBe(11);
    expect(await marksOf(r.userId, r.cardNo)).toHaveLength(11);
  });
});
