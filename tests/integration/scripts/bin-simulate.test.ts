import { beforeAll, describe, expect, it } from 'vitest';
import { sumLedger } from '../../../functions/db/ledger.js';
import { getUser } from '../../../functions/db/users.js';
import { simulate, type SimulationOptions } from '../../../scripts/bin-simulate/simulate.js';
import { app, useTable } from '../../fixtures/api.js';
import { communityWithStaff, registerBin, residentWithCard } from '../../fixtures/garbage.js';

useTable();

let c: Awaited<ReturnType<typeof communityWithStaff>>;
let bin: { id: string; secret: string };
let holders: Awaited<ReturnType<typeof residentWithCard>>[];

beforeAll(async () => {
  c = await communityWithStaff();
  bin = await registerBin(c.communityId, c.staff);
  holders = await Promise.all(Array.from({ length: 4 }, () => residentWithCard(c.communityId, c.staff)));
});

/** The simulator talks to the app in-process, as it would over HTTP. */
const inProcess = async (url: string, init: RequestInit) => app.request(new URL(url).pathname, init);

const options = (over: Partial<SimulationOptions> = {}): SimulationOptions => ({
  url: 'http://bin.test',
  binId: bin.id,
  secret: bin.secret,
  scans: 30,
  cards: holders.map((h) => h.cardNo),
  offline: false,
  batchSize: 10,
  resendRate: 0,
  unknownRate: 0,
  seed: 1,
  ...over,
});

describe('npm run bin:simulate', () => {
  it('uploads signed batches the server accepts; resent batches come back as duplicates', async () => {
    const lines: string[] = [];
    const sum = await simulate(options({ resendRate: 1, offline: true }), {
      fetch: inProcess,
      log: (l) => lines.push(l),
    });
    expect(sum.failures).toBe(0);
    expect(sum.sent).toBe(30);
    expect(sum.accepted).toBe(30);
    expect(sum.duplicates).toBe(30);
    expect(sum.pointsAwarded).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes('离线补传 offline'))).toBe(true);
    let balances = 0;
    for (const h of holders) {
      const b = (await getUser(h.userId, true))!.balance;
      expect(await sumLedger(h.userId)).toBe(b);
      balances += b;
    }
    expect(balances).toBe(sum.pointsAwarded);
  });

  it('retries a batch after a 503 and a network error, with the same scans', async () => {
    let n = 0;
    const flaky = async (url: string, init: RequestInit) => {
      n++;
      if (n === 1) return new Response('{}', { status: 503 });
      if (n === 2) throw new Error('ECONNRESET');
      return inProcess(url, init);
    };
    const sum = await simulate(options({ scans: 5, seed: 2 }), { fetch: flaky, log: () => {}, sleep: async () => {} });
    expect(n).toBe(3);
    expect(sum).toMatchObject({ batches: 1, accepted: 5, failures: 0 });
  });

  it('reports unknown cards and gives up on a wrong secret without retrying', async () => {
    const unknown = await simulate(options({ scans: 20, unknownRate: 1, seed: 3 }), {
      fetch: inProcess,
      log: () => {},
    });
    expect(unknown).toMatchObject({ accepted: 0, rejected: 20 });
    let calls = 0;
    const wrong = await simulate(options({ scans: 3, secret: 'not-the-secret', seed: 4 }), {
      fetch: (u, i) => {
        calls++;
        return inProcess(u, i);
      },
      log: () => {},
    });
    expect(wrong.failures).toBe(1);
    expect(calls).toBe(1);
  });
});
