import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../functions/db/client.js';
import { mergeIntoTops } from '../functions/db/board-tops.js';
import { addPersonValue, emptyPersonBoards, personPlace } from '../functions/db/person-boards.js';
import { peopleBoard, personBoardsKey } from '../shared/db/keys.js';
import { median, progress, type Row } from './report.js';
import { sharedStack, type BenchStack } from './stack.js';

const METRIC = 'garbage_points';
/** A year nothing else in the bench earns in, so the board holds exactly the rows written here. */
const PERIOD = '2020';
const BOARD = peopleBoard(METRIC, 'city', PERIOD);
const PATH = `/api/leaderboards?metric=${METRIC}&scope=city&period=${PERIOD}&limit=100`;
const READS = 7;

const subjectId = (i: number) => `BENCH${String(i).padStart(21, '0')}`;
/** Distinct-ish values spread over 1..100,000, the same for a person whatever the population. */
const valueOf = (i: number) => 1 + ((i * 7919) % 100_000);

/**
 * Writes people `from`..`to`-1 onto the board directly (BatchWrite, 8 in flight) as the projector keeps
 * them: each person's totals item with the value, then the board's top list merged from all of them.
 */
async function writeRows(s: BenchStack, from: number, to: number): Promise<void> {
  const chunks: number[] = [];
  for (let i = from; i < to; i += 25) chunks.push(i);
  let written = 0;
  let shown = from;
  const t0 = performance.now();
  const worker = async () => {
    for (let start = chunks.shift(); start !== undefined; start = chunks.shift()) {
      let pending: Record<string, unknown>[] = [];
      for (let i = start; i < Math.min(start + 25, to); i++) {
        const id = subjectId(i);
        const p = { ...emptyPersonBoards(), name: `居民${i}` };
        addPersonValue(p, METRIC, PERIOD, personPlace(null, null), valueOf(i));
        pending.push({ PutRequest: { Item: { ...personBoardsKey(id), type: 'LBP', subjectId: id, ...p, n: 1 } } });
      }
      while (pending.length > 0) {
        const r = await s.bare.send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending as never } }));
        const left = (r.UnprocessedItems?.[tableName()] as Record<string, unknown>[] | undefined) ?? [];
        written += pending.length - left.length;
        pending = left;
      }
      if (from + written - shown >= 10_000) {
        shown = from + written;
        const rate = written / ((performance.now() - t0) / 1000);
        progress(
          `board rows written: ${shown.toLocaleString('en')}/${to.toLocaleString('en')} (${rate.toFixed(0)} items/s)`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const values = new Map<string, number>();
  for (let i = from; i < to; i++) values.set(subjectId(i), valueOf(i));
  await mergeIntoTops(new Map([[BOARD, values]]));
  progress(`${(to - from).toLocaleString('en')} rows written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

interface Cost {
  calls: string;
  items: number;
  ms: number;
}

/** Reads the top 100 over HTTP READS times: the server's calls and items of the last read, median time. */
async function readCost(s: BenchStack, token?: string): Promise<Cost> {
  const times: number[] = [];
  let calls = '';
  let items = 0;
  // Two unmeasured reads first: the same warm caches for both populations.
  for (let k = 0; k < 2; k++)
    await s.http.send('GET', PATH, undefined, token ? { authorization: `Bearer ${token}` } : {});
  for (let k = 0; k < READS; k++) {
    s.serverMeter.reset();
    const t = performance.now();
    const r = await s.http.send('GET', PATH, undefined, token ? { authorization: `Bearer ${token}` } : {});
    times.push(performance.now() - t);
    if (r.status !== 200 || (r.body as { entries: unknown[] }).entries.length !== 100) {
      throw new Error(`leaderboard: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    }
    const c = s.serverMeter.calls();
    const byOp: Record<string, number> = {};
    for (const x of c) byOp[x.op] = (byOp[x.op] ?? 0) + 1;
    calls = Object.entries(byOp)
      .map(([op, n]) => `${n} ${op}`)
      .join(' + ');
    items = c.reduce((t, x) => t + x.read, 0);
  }
  return { calls, items, ms: median(times) };
}

/** Section 2: a top-100 city board read costs the same at 10,000 and 100,000 ranked people. */
export async function benchLeaderboard(): Promise<Row[]> {
  const s = await sharedStack();
  const me = await s.token(subjectId(7));
  progress(`writing 10,000 people onto ${BOARD} (one top list)`);
  await writeRows(s, 0, 10_000);
  const small = await readCost(s);
  const smallMe = await readCost(s, me);
  progress(`writing 90,000 more (100,000 in all)`);
  await writeRows(s, 10_000, 100_000);
  const large = await readCost(s);
  const largeMe = await readCost(s, me);
  const row = (who: string, a: Cost, b: Cost, readme = false): Row[] => [
    {
      section: 'Leaderboard top 100',
      metric: `city ${METRIC} board, ${who}: DynamoDB calls and items read, 10,000 vs 100,000 ranked people`,
      value: `${a.calls}, ${a.items.toLocaleString('en')} items vs ${b.calls}, ${b.items.toLocaleString('en')} items`,
      target: 'equal',
      ok: a.calls === b.calls && a.items === b.items,
      ...(readme
        ? {
            readme: {
              label: 'leaderboard top 100 (city): calls and items read at 10,000 vs 100,000 people',
              value: `${a.calls}, ${a.items.toLocaleString('en')} items vs ${b.calls}, ${b.items.toLocaleString('en')} items`,
            },
          }
        : {}),
    },
    {
      section: 'Leaderboard top 100',
      metric: `${who}: median time of ${READS} reads over HTTP (information only: DynamoDB Local's speed, not the service's)`,
      value: `${a.ms.toFixed(1)} ms vs ${b.ms.toFixed(1)} ms = ${(b.ms / a.ms).toFixed(2)}×`,
      target: '—',
      ok: null,
    },
  ];
  return [...row('anonymous', small, large, true), ...row('signed in (with `me`)', smallMe, largeMe)];
}
