import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { setLogSink } from '../functions/api/log.js';
import { config } from '../functions/config.js';
import { meterCalls, type CallMeter } from '../functions/db/call-meter.js';
import { db } from '../functions/db/client.js';
import { startLocal, type LocalStack } from '../functions/local/server.js';
import { signToken } from '../functions/services/jwt.js';
import { signingKeys } from '../functions/services/signing-keys.js';
import { progress } from './report.js';

/** The `npm start` stack, started in this process on its own in-memory DynamoDB Local, with its calls metered. */
export interface BenchStack {
  stack: LocalStack;
  /** Meters the server's own DynamoDB client (every call an HTTP request causes). */
  serverMeter: CallMeter;
  /** A second client, configured like the server's, for the bare flows; metered too. */
  bare: DynamoDBDocumentClient;
  bareMeter: CallMeter;
  http: HttpClient;
  /** CPU ms DynamoDB Local's process has used so far (Linux /proc), or undefined where that cannot be read. */
  dynamoCpuMs(): number | undefined;
  /** A signed bearer token for `userId`, as /api/auth/token would give. */
  token(userId: string): Promise<string>;
  stop(): Promise<void>;
}

export interface HttpAnswer {
  status: number;
  body: unknown;
}

/** Keep-alive JSON over HTTP/1.1: what a phone or a bin does, minus the network. */
export interface HttpClient {
  send(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpAnswer>;
}

function httpClient(base: string, sockets: number): HttpClient {
  const url = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  return {
    send: (method, path, body, headers = {}) =>
      new Promise((resolve, reject) => {
        // A string is sent as it is (a body that is signed byte for byte); anything else as JSON.
        const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            method,
            path,
            agent,
            headers: {
              ...headers,
              ...(payload !== undefined
                ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
                : {}),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              let parsed: unknown = text;
              try {
                parsed = text ? JSON.parse(text) : undefined;
              } catch {
                // not JSON
              }
              resolve({ status: res.statusCode ?? 0, body: parsed });
            });
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        if (payload !== undefined) req.write(payload);
        req.end();
      }),
  };
}

/**
 * Starts the local stack the way `npm start` does (startLocal), but in memory, with no demo data
 * (SEED=none: the flows bring their own fixtures), quiet logs and a fixed signing seed.
 */
export async function startBenchStack(concurrency: number): Promise<BenchStack> {
  setLogSink(undefined, true);
  mkdirSync('.bench-out/no-web', { recursive: true });
  const stack = await startLocal(
    {
      ...process.env,
      APP_ENV: 'local',
      IN_MEMORY: '1',
      SEED: 'none',
      PORT: '0',
      HOST: '127.0.0.1',
      TABLE_NAME: 'bench',
      JWT_SEED: 'bench-seed-not-secret',
      LOG_LEVEL: 'silent',
      WEB_ROOT: '.bench-out/no-web',
    },
    (line) => progress(line),
  );
  const serverMeter = meterCalls(db());
  const c = config();
  // The same settings as functions/db/client.ts, so the bare flows pay what the server's client pays.
  const bare = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: c.region,
      endpoint: c.dynamodbEndpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 4,
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const bareMeter = meterCalls(bare);
  const keys = await signingKeys();
  const javaPid = stack.dynamo ? pidListeningOn(stack.dynamo.port) : undefined;
  return {
    dynamoCpuMs: () => (javaPid ? processCpuMs(javaPid) : undefined),
    stack,
    serverMeter,
    bare,
    bareMeter,
    http: httpClient(stack.url.replace('localhost', '127.0.0.1'), concurrency),
    token: async (userId) => signToken(keys, userId, 12 * 3600).token,
    async stop() {
      serverMeter.stop();
      bareMeter.stop();
      bare.destroy();
      await stack.stop();
    },
  };
}

/** The DynamoDB Local started for the stack: the java process whose command line names its port. */
function pidListeningOn(port: number): number | undefined {
  try {
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const args = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
        if (args.some((a) => a.includes('DynamoDBLocal')) && args[args.indexOf('-port') + 1] === String(port)) {
          return Number(d);
        }
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    // no /proc (not Linux)
  }
  return undefined;
}

/** User + system CPU of a process in ms, from /proc/<pid>/stat (clock ticks of 10 ms). */
function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime) are 11 and 12 after the command name.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

let shared: Promise<BenchStack> | undefined;
/** The one stack of a bench run (flows and leaderboards share it); stop it with stopSharedStack. */
export const sharedStack = (concurrency = 8): Promise<BenchStack> => (shared ??= startBenchStack(concurrency));
export async function stopSharedStack(): Promise<void> {
  if (shared) await (await shared).stop();
  shared = undefined;
}
