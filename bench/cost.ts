import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  boardTopShardKey,
  boardTopShards,
  communitiesBoard,
  communityTotalsKey,
  peopleBoard,
  projectorGuardKey,
} from '../shared/db/keys.js';
import { mergeTop, TOP_K } from '../functions/db/board-tops.js';
import { communityBoardAttr } from '../functions/db/person-boards.js';
import { newId } from '../shared/ids.js';
import { createBin } from '../functions/db/bins.js';
import { bindCard } from '../functions/db/cards.js';
import { db, tableName } from '../functions/db/client.js';
import { itemSize, meterCost, type CostEntry } from '../functions/db/cost-meter.js';
import { drainProjector, localProjector } from '../functions/db/local-projector.js';
import type { HandedBatch } from '../functions/db/stream-poller.js';
import { PROJECTOR } from '../functions/jobs/projector-settings.js';
import { binSecret, signBinBody } from '../functions/services/bin-secrets.js';
import { checkinFlow } from './flows/checkin.js';
import { confirmFlow, VOLUNTEERS } from './flows/confirm.js';
import { admin, benchCommunity, inPool, newResident } from './flows/fixtures.js';
import type { Flow } from './flows/flow.js';
import { redeemFlow } from './flows/redeem.js';
import { progress, type Row } from './report.js';
import { sharedStack, type BenchStack } from './stack.js';

/**
 * Every assumption of the district's bill in one place (../shared/SCALE.md). Volumes per month (30 days).
 */
export const DISTRICT = {
  residents: 1_050_000,
  dropperShare: 0.25,
  dropsPerDropperDay: 1.5,
  correctShare: 0.8,
  scansPerBatch: 25,
  appDailyActiveShare: 0.1,
  appCallsPerUserDay: 10,
  leaderboardShareOfAppUsers: 0.1,
  participationsPerYear: 100_000,
  pointsPerRedemption: 50,
  days: 30,
  /** An ordinary app call (profile, ledger page): one consistent read of a small item — a parameter, not measured here. */
  rruPerAppCall: 1,
  /** Lambda: measured wall time per request is not the Lambda's; this is the assumed billed duration at 1 GB. */
  lambdaMsPerRequest: 40,
  /**
   * The projector Lambda's billed duration per invocation (ms, at PROJECTOR.memoryMb), charged to every
   * invocation. Measured, as an upper bound: the median wall time of the handler's calls that wrote in
   * `npm run bench -- cost` (it prints the run's as `projectorHandlerMedianMs`): the highest of four runs on
   * 2026-12-01 (140–570 ms), on the shared 2-core machine (load average 12–19) against DynamoDB Local. Upper bound because DynamoDB
   * answers in single-digit ms where DynamoDB Local on a loaded machine takes tens, and because it is charged
   * to the invocations that project nothing too (a check-in or check-out the flag detectors pass over). The
   * echoes of the projector's own writes, about half the invocations before, invoke nothing since the event
   * source's filter (functions/jobs/projector-filter.ts; the local poller applies it too).
   */
  projectorMsPerInvocation: 570,
  logBytesPerRequest: 400,
  storageGb: 0,
  streets: 10,
  communities: 145,
} as const;
const PRICE = {
  wru: 0.625 / 1e6,
  rru: 0.125 / 1e6,
  lambdaGbS: 0.0000133334,
  lambdaReq: 0.2 / 1e6,
  httpApi: 1 / 1e6,
  logsGb: 0.5,
  storageGb: 0.25 + 0.2,
};
/**
 * The city (SCALE.md) for hot partitions: its burst is 100× the morning-peak average. `largest`: the
 * largest street or community is taken as twice the larger of the city's and the district's averages
 * (SCALE.md gives no sizes). `listWriteSeconds`: a list merge's read + conditional write, for lost races.
 */
const CITY = {
  residents: 21_900_000,
  streets: 343,
  communities: 3_400,
  burst: 100,
  morningShare: 0.3,
  morningSeconds: 7200,
  largest: 2,
  listWriteSeconds: 0.02,
};

interface Measured {
  requests: number;
  /** Projector handler calls (each a Lambda invocation in the cloud) per request. */
  invocations: number;
  reqWru: number;
  reqRru: number;
  projWru: number;
  projRru: number;
  /** Items of the request's largest transaction. */
  txItems: number;
}

/**
 * One call of the projector's handler (a Lambda invocation in the cloud). `dynamoCalls`: the projector's
 * DynamoDB calls during it — 0 for a batch with nothing to project (a check-in the flag detectors pass over;
 * the records of the projector's own writes no longer reach it: the event source's filter drops them).
 */
type HandlerCall = HandedBatch & { dynamoCalls: number };

/** What a metered phase recorded: the DynamoDB calls (request and projector) and the projector handler's calls. */
interface Phase {
  reset(): void;
  entries(): CostEntry[];
  calls(): HandlerCall[];
}

function phaseOf(meter: ReturnType<typeof meterCost>): Phase & { stop(): void } {
  const calls: HandlerCall[] = [];
  // Handler calls run one at a time and only they write in the projector's scope: the projector entries
  // added since the previous call are this call's.
  let seen = 0;
  const projectorCalls = () => meter.entries().filter((e) => e.scope === 'projector').length;
  const unobserve = localProjector().observe((b) => {
    const n = projectorCalls();
    calls.push({ ...b, dynamoCalls: n - seen });
    seen = n;
  });
  return {
    reset() {
      meter.reset();
      calls.length = 0;
      seen = 0;
    },
    entries: () => meter.entries(),
    calls: () => [...calls],
    stop() {
      unobserve();
      meter.stop();
    },
  };
}

function sum(phase: Phase, requests: number): Measured {
  const entries = phase.entries();
  const of = (s: string, k: 'wru' | 'rru') => entries.filter((e) => e.scope === s).reduce((n, e) => n + e[k], 0);
  const tx = entries.filter((e) => e.scope === 'request' && /^TransactWrite/.test(e.op)).map((e) => e.writes);
  return {
    requests,
    invocations: phase.calls().length / requests,
    reqWru: of('request', 'wru') / requests,
    reqRru: of('request', 'rru') / requests,
    projWru: of('projector', 'wru') / requests,
    projRru: of('projector', 'rru') / requests,
    txItems: tx.length ? Math.max(...tx) : 0,
  };
}

/**
 * Runs `n` requests of a flow with the meter on; the projector is drained after each, so its writes count
 * too and each request's records are a batch of their own: at the district's rate (a redemption every ~14 s,
 * a participation's steps minutes apart) no two of these requests fall into one batching window, so
 * neither their coalesced writes nor their invocations may be shared here either.
 */
async function measure<F>(
  s: BenchStack,
  phase: Phase,
  flow: Flow<F>,
  n: number,
  allCalls: HandlerCall[],
): Promise<Measured> {
  const fixtures = await flow.prepare(n, 1);
  await drainProjector();
  phase.reset();
  for (const f of fixtures) {
    await flow.http(f, 0, s.http);
    await drainProjector();
  }
  allCalls.push(...phase.calls());
  return sum(phase, n);
}

interface Batches {
  bin: { id: string; secret: string };
  upload(body: string): Promise<void>;
  batch(correct: boolean): Promise<{ body: string; lastHolder: string }>;
}

/** A bin of the bench community and residents with cards: each batch is 25 first drops of the day. */
async function batches(s: BenchStack): Promise<Batches> {
  const { communityId } = await benchCommunity();
  const boss = await admin();
  const b = await createBin(communityId, '成本桶站', boss.id);
  const bin = { id: b.id, secret: await binSecret(b.id, b.keyVersion) };
  let seq = 0;
  return {
    bin,
    async upload(body) {
      const ts = String(Math.floor(Date.now() / 1000));
      const r = await s.http.send('POST', `/api/bins/${bin.id}/scans`, body, {
        'x-bin-timestamp': ts,
        'x-bin-signature': signBinBody(bin.secret, ts, body),
      });
      if (r.status !== 200) throw new Error(`cost: bin batch ${r.status} ${JSON.stringify(r.body)}`);
    },
    async batch(correct) {
      const cards = await inPool(DISTRICT.scansPerBatch, 8, async () => {
        const u = await newResident(communityId, '居民');
        const cardNo = `COST${String(++seq).padStart(10, '0')}${newId().slice(-4)}`;
        await bindCard(cardNo, u.id, boss.id);
        return { cardNo, userId: u.id };
      });
      const scans = cards.map((c) => ({
        scanId: `c-${newId()}`,
        cardNo: c.cardNo,
        category: 'kitchen',
        correct,
        weightGrams: 700,
        scannedAt: new Date(Date.now() - 60_000).toISOString(),
      }));
      return { body: JSON.stringify({ scans }), lastHolder: cards[cards.length - 1]!.userId };
    },
  };
}

/**
 * What the credited batches' projector wrote to top lists (single Puts, by partition), counted per list
 * of a month board, shards together: how many list writes a credit causes, as measured.
 */
interface ListWrites {
  credits: number;
  /** Writes per month board class (`city`, `communities`), summed over the board's shards. */
  perBoard: Map<string, number>;
  wru: number[];
}

function listWritesOf(entries: CostEntry[], credits: number): ListWrites {
  const perBoard = new Map<string, number>();
  const wru: number[] = [];
  for (const e of entries.filter((x) => x.scope === 'projector' && x.pk?.startsWith('LBTOP#'))) {
    wru.push(e.wru);
    const m = /^LBTOP#(P#garbage_points#city|C#garbage_points)#\d{4}-\d{2}(#\d+)?$/.exec(e.pk!);
    if (m) perBoard.set(m[1]!, (perBoard.get(m[1]!) ?? 0) + 1);
  }
  return { credits, perBoard, wru };
}

/** A full top list (TOP_K rows of real ids and 6-digit values) as the projector writes it: its write units. */
function fullListWcu(board: string): number {
  const updates = new Map(Array.from({ length: TOP_K + 1 }, (_, i) => [newId(), 100_000 + i]));
  const top = mergeTop({ rows: {}, truncated: false, v: 0 }, updates)!;
  const item = { ...boardTopShardKey(board, 1), type: 'LBTOP', board, shard: 1, ...top, v: 123_456 };
  return Math.ceil(itemSize(item) / 1024);
}

/** A community's totals item after a year (3 metrics × 12 months + year + all), as a transaction item: 2 WCU per KB. */
function communityTotalsWcu(): number {
  const item: Record<string, unknown> = { ...communityTotalsKey(newId()), type: 'LBC', subjectId: newId() };
  for (const m of ['garbage_points', 'service_minutes', 'volunteer_points'] as const) {
    for (const p of [
      ...Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`),
      '2026',
      'all',
    ]) {
      item[communityBoardAttr(m, p)] = 1_234_567;
    }
  }
  item.updatedAt = new Date().toISOString();
  return 2 * Math.ceil(itemSize(item) / 1024);
}

/**
 * The partitions a credit writes that others' credits write too, at the city's burst, hottest first. Each is
 * (writes per second) × (write units per write, from the item as written) × (1 + lost conditional writes:
 * a writer that lost the race to a list re-reads and writes again, ≈ writes/s × the read-merge-write time).
 *
 * A projector batch writes each list it touches at most once (board-tops.ts; more only after losing a race,
 * counted above), into ONE of the board's `boardTopShards` shards. How many batches the city's credits make
 * is taken from the bench: the city lists' writes per credited scan as measured here (the stack's poller
 * batches like the cloud's event source, PROJECTOR.batchWindowSeconds, so a bench upload of 25 scans is one
 * batch; at the city's burst a batch holds many uploads, so this over-counts).
 * A street's or community's list is written at most once per batch and once per credit of its residents.
 * People's totals items are one partition per person (a resident's credits/s), not shared.
 */
function hottestAtCityBurst(measured: ListWrites[]): { what: string; wcu: number }[] {
  const D = DISTRICT;
  const creditsPerS =
    ((CITY.residents * D.dropperShare * D.dropsPerDropperDay * D.correctShare * CITY.morningShare) /
      CITY.morningSeconds) *
    CITY.burst;
  const credits = measured.reduce((n, m) => n + m.credits, 0);
  const perCredit = Math.max(
    ...['P#garbage_points#city', 'C#garbage_points'].map(
      (b) => measured.reduce((n, m) => n + (m.perBoard.get(b) ?? 0), 0) / credits,
    ),
  );
  if (!(perCredit > 0)) throw new Error('cost: no city list writes measured (the communities list moves every batch)');
  const batchesPerS = creditsPerS * perCredit;
  const measuredListWcu = Math.max(0, ...measured.flatMap((m) => m.wru));
  const month = new Date().toISOString().slice(0, 7);
  const list = (what: string, board: string, writersPerS: number) => {
    const perShard = Math.min(writersPerS, batchesPerS) / boardTopShards(board);
    const wcu = Math.max(measuredListWcu, fullListWcu(board));
    return { what, wcu: perShard * wcu * (1 + perShard * CITY.listWriteSeconds) };
  };
  const share = (residents: number) => (creditsPerS * residents) / CITY.residents;
  const street = CITY.largest * Math.max(CITY.residents / CITY.streets, D.residents / D.streets);
  const community = CITY.largest * Math.max(CITY.residents / CITY.communities, D.residents / D.communities);
  const out = [
    list('city people list shard', peopleBoard('garbage_points', 'city', month), creditsPerS),
    list('communities list shard', communitiesBoard('garbage_points', month), creditsPerS),
    list('street people list shard', peopleBoard('garbage_points', 'street:s', month), share(street)),
    list('community people list', peopleBoard('garbage_points', 'community:c', month), share(community)),
    {
      what: 'community totals item',
      wcu: Math.min(share(community), batchesPerS) * communityTotalsWcu(),
    },
  ];
  progress(
    `cost: city list writes per credited scan ${perCredit.toFixed(3)} → ${Math.round(batchesPerS)} batches/s at the burst`,
  );
  return out.sort((a, b) => b.wcu - a.wcu);
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] ?? 0;
const usd = (x: number) => Math.round(x * 100) / 100;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? 0;

export async function benchCost(): Promise<Row[]> {
  const s = await sharedStack();
  const phase = phaseOf(meterCost(db()));
  /** The projector's handler calls of every metered phase: their median wall time is reported. */
  const allCalls: HandlerCall[] = [];
  const g = await batches(s);
  const N = 8;
  // Credited, wrong and duplicate batches; the lag is the time from the answer to the guard of the
  // batch's last holder being written by the stack's own poller (npm start's projector loop).
  const credited: Measured[] = [];
  const listWrites: ListWrites[] = [];
  const lags: number[] = [];
  const bodies: string[] = [];
  for (let i = 0; i < N; i++) {
    const { body, lastHolder } = await g.batch(true);
    await drainProjector();
    phase.reset();
    await g.upload(body);
    const t = performance.now();
    for (;;) {
      const r = await db().send(new GetCommand({ TableName: tableName(), Key: projectorGuardKey(lastHolder) }));
      if (r.Item) break;
      await new Promise((res) => setTimeout(res, 20));
    }
    lags.push(performance.now() - t);
    await drainProjector();
    credited.push(sum(phase, DISTRICT.scansPerBatch));
    listWrites.push(listWritesOf(phase.entries(), DISTRICT.scansPerBatch));
    allCalls.push(...phase.calls());
    bodies.push(body);
  }
  const avg = (ms: Measured[]): Measured => ({
    requests: ms.reduce((n, m) => n + m.requests, 0),
    invocations: ms.reduce((n, m) => n + m.invocations, 0) / ms.length,
    reqWru: ms.reduce((n, m) => n + m.reqWru, 0) / ms.length,
    reqRru: ms.reduce((n, m) => n + m.reqRru, 0) / ms.length,
    projWru: ms.reduce((n, m) => n + m.projWru, 0) / ms.length,
    projRru: ms.reduce((n, m) => n + m.projRru, 0) / ms.length,
    txItems: Math.max(...ms.map((m) => m.txItems)),
  });
  const scan = avg(credited);
  const wrong: Measured[] = [];
  for (let i = 0; i < 3; i++) {
    const { body } = await g.batch(false);
    await drainProjector();
    phase.reset();
    await g.upload(body);
    await drainProjector();
    wrong.push(sum(phase, DISTRICT.scansPerBatch));
    allCalls.push(...phase.calls());
  }
  const wrongScan = avg(wrong);
  phase.reset();
  await g.upload(bodies[0]!);
  await drainProjector();
  const duplicate = sum(phase, DISTRICT.scansPerBatch);
  progress('cost: scans measured');
  const checkin = await measure(s, phase, checkinFlow(s.token), 10, allCalls);
  const confirm = await measure(s, phase, confirmFlow(s.token), 4, allCalls);
  const redeem = await measure(s, phase, redeemFlow(s.token), 10, allCalls);
  progress('cost: volunteer and redemption measured');
  phase.reset();
  const month = new Date().toISOString().slice(0, 7);
  for (let i = 0; i < 5; i++) {
    await s.http.send('GET', `/api/leaderboards?metric=garbage_points&scope=city&period=${month}&limit=100`);
  }
  const board = sum(phase, 5);
  phase.stop();

  // ---- the district's month ----------------------------------------------------------------------------
  const D = DISTRICT;
  const drops = D.residents * D.dropperShare * D.dropsPerDropperDay * D.days;
  const creditedDrops = drops * D.correctShare;
  const wrongDrops = drops - creditedDrops;
  const perVolunteer = {
    w: 2 * checkin.reqWru + (confirm.reqWru + confirm.projWru) / VOLUNTEERS,
    r: 2 * checkin.reqRru + (confirm.reqRru + confirm.projRru) / VOLUNTEERS,
  };
  const participations = D.participationsPerYear / 12;
  const pointsEarned = creditedDrops + participations * 20;
  const redemptions = pointsEarned / D.pointsPerRedemption;
  const appCalls = D.residents * D.appDailyActiveShare * D.appCallsPerUserDay * D.days;
  const boardReads = D.residents * D.appDailyActiveShare * D.leaderboardShareOfAppUsers * D.days;
  // The projector Lambda: its invocations as measured per scan and per flow, each billed its request and
  // D.projectorMsPerInvocation at the memory the construct gives it (functions/jobs/projector-settings.ts).
  const projectorInvocations =
    creditedDrops * scan.invocations +
    wrongDrops * wrongScan.invocations +
    participations * (2 * checkin.invocations + confirm.invocations / VOLUNTEERS) +
    redemptions * redeem.invocations;
  const projectorGbS = (D.projectorMsPerInvocation / 1000) * (PROJECTOR.memoryMb / 1024);
  const lines = {
    garbageWrites:
      (creditedDrops * (scan.reqWru + scan.projWru) + wrongDrops * (wrongScan.reqWru + wrongScan.projWru)) * PRICE.wru,
    garbageReads:
      (creditedDrops * (scan.reqRru + scan.projRru) + wrongDrops * (wrongScan.reqRru + wrongScan.projRru)) * PRICE.rru,
    volunteer: participations * (perVolunteer.w * PRICE.wru + perVolunteer.r * PRICE.rru),
    redemptions:
      redemptions * ((redeem.reqWru + redeem.projWru) * PRICE.wru + (redeem.reqRru + redeem.projRru) * PRICE.rru),
    appReads: appCalls * D.rruPerAppCall * PRICE.rru + boardReads * board.reqRru * PRICE.rru,
    httpApi: (appCalls + drops / D.scansPerBatch + participations * 3 + redemptions) * PRICE.httpApi,
    lambda:
      (appCalls + drops / D.scansPerBatch + participations * 3 + redemptions) *
      (PRICE.lambdaReq + (D.lambdaMsPerRequest / 1000) * PRICE.lambdaGbS),
    logs: ((appCalls + drops / D.scansPerBatch) * D.logBytesPerRequest * PRICE.logsGb) / 1e9,
    projector: projectorInvocations * (PRICE.lambdaReq + projectorGbS * PRICE.lambdaGbS),
  };
  const districtMonthlyUSD = Object.values(lines).reduce((a, b) => a + b, 0);

  // ---- the city's burst: the hottest partition -------------------------------------------------------
  const hot = hottestAtCityBurst(listWrites);
  const hottestPartitionWcuAtCityBurst = Math.round(hot[0]!.wcu);

  const wruPerCreditedScan = scan.reqWru + scan.projWru;
  // The duration the bill takes (D.projectorMsPerInvocation) is this median of the calls that projected
  // something, charged to every invocation, those that project nothing included.
  const working = allCalls.filter((c) => c.dynamoCalls > 0);
  const projectorHandlerMedianMs = Math.round(median(working.map((c) => c.ms)));
  const result = {
    districtMonthlyUSD: usd(districtMonthlyUSD),
    wruPerCreditedScan: Math.round(wruPerCreditedScan * 10) / 10,
    wruPerCreditedScanRequest: Math.round(scan.reqWru * 10) / 10,
    wruPerCreditedScanProjector: Math.round(scan.projWru * 10) / 10,
    wruPerWrongScan: Math.round((wrongScan.reqWru + wrongScan.projWru) * 10) / 10,
    rruPerDuplicateScan: Math.round(duplicate.reqRru * 100) / 100,
    txItemsCreditedScan: scan.txItems,
    txItemsVolunteerCredit: confirm.txItems,
    txItemsRedemption: redeem.txItems,
    projectionLagP95Ms: Math.round(p95(lags)),
    projectorInvocationsPerCreditedScan: Math.round(scan.invocations * 1000) / 1000,
    projectorInvocationsPerWrongScan: Math.round(wrongScan.invocations * 1000) / 1000,
    projectorInvocationsPerMonth: Math.round(projectorInvocations),
    projectorHandlerMedianMs,
    projectorHandlerCalls: allCalls.length,
    projectorHandlerCallsThatWrote: working.length,
    hottestPartitionWcuAtCityBurst,
    hottestPartition: hot[0]!.what,
    lines: Object.fromEntries(Object.entries(lines).map(([k, v]) => [k, usd(v)])),
  };
  progress(`cost: ${JSON.stringify(result)}`);
  const row = (metric: string, value: string, target: string, ok: boolean | null, label?: string): Row => ({
    section: 'cost',
    metric,
    value,
    target,
    ok,
    ...(label ? { readme: { label, value } } : {}),
  });
  lastCost = result;
  return [
    row(
      'district DynamoDB + Lambda + HTTP API + logs per month',
      `$${result.districtMonthlyUSD} (${Object.entries(result.lines)
        .map(([k, v]) => `${k} $${v}`)
        .join(', ')})`,
      '≤ $150',
      districtMonthlyUSD <= 150,
      'district monthly bill (projected from measured request units)',
    ),
    row(
      'WRU per credited scan, all in (request + projector)',
      `${result.wruPerCreditedScan} (${result.wruPerCreditedScanRequest} + ${result.wruPerCreditedScanProjector}); wrong scan ${result.wruPerWrongScan}; duplicate ${result.rruPerDuplicateScan} RRU`,
      '≤ 16',
      wruPerCreditedScan <= 16,
      'WRU per credited scan, all in',
    ),
    row(
      'transaction items: credited scan / volunteer credit / redemption',
      `${scan.txItems} / ${confirm.txItems} / ${redeem.txItems}`,
      '≤ 6 / ≤ 8 / ≤ 7',
      scan.txItems <= 6 && confirm.txItems <= 8 && redeem.txItems <= 7,
      'transaction items (scan / volunteer / redemption)',
    ),
    row(
      'projection lag p95 (answer → projected, local poller batching like the cloud)',
      `${result.projectionLagP95Ms} ms`,
      '≤ 10,000 ms',
      result.projectionLagP95Ms <= 10_000,
      'projection lag p95',
    ),
    row(
      'projector Lambda per month (invocations × (request + billed duration × memory))',
      `$${result.lines.projector}: ${result.projectorInvocationsPerMonth.toLocaleString('en-US')} invocations ` +
        `(${result.projectorInvocationsPerCreditedScan} per credited scan, ${result.projectorInvocationsPerWrongScan} ` +
        `per wrong scan, as measured) × ${D.projectorMsPerInvocation} ms at ${PROJECTOR.memoryMb} MB ` +
        `(an upper bound: the median wall time of the handler's calls that wrote, on this machine against DynamoDB Local, ` +
        `${projectorHandlerMedianMs} ms over ${working.length} of its ${allCalls.length} calls this run)`,
      'in the $150',
      null,
    ),
    row(
      'hottest partition at the city burst',
      `${hottestPartitionWcuAtCityBurst} WCU/s (${hot
        .slice(0, 4)
        .map((h) => `${h.what} ${Math.round(h.wcu)}`)
        .join('; ')})`,
      '≤ 500 WCU/s',
      hottestPartitionWcuAtCityBurst <= 500,
      'hottest partition at the city burst',
    ),
  ];
}

/** The JSON of the last cost run (bench/run.ts prints it as the last stdout line). */
export let lastCost: Record<string, unknown> | undefined;
