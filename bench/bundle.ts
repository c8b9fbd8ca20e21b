import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
// @ts-expect-error plain ESM script shared with the CDK bundling, no types
import { bundleLambda } from '../scripts/bundle-lambda.mjs';
import { median, progress, type Row } from './report.js';

/** Fresh node processes per bundle, interleaved so machine noise hits all alike. */
const RUNS = 21;

/** esbuild options matching the CDK bundling (minified ESM, the AWS SDK external). */
const options = (entry: string, outfile: string) => ({
  entryPoints: [entry],
  outfile,
  bundle: true,
  minify: true,
  platform: 'node' as const,
  target: 'node22',
  format: 'esm' as const,
  external: ['@aws-sdk/*'],
  banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
  logLevel: 'silent' as const,
});

const HELLO = `import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
const app = new Hono();
app.get('/api/health', (c) => c.json({ ok: true }));
export const handler = handle(app);
`;

/** The same hello-world, plus what any DynamoDB-backed function loads: the document client. */
const HELLO_SDK = `import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const app = new Hono();
app.get('/api/health', (c) => c.json({ ok: !!ddb }));
export const handler = handle(app);
`;

function event(method: string, path: string, body?: unknown) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'example.com', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'example.com',
      domainPrefix: 'example',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: 'r',
      routeKey: '$default',
      stage: '$default',
      time: '21/Nov/2026:00:00:00 +0000',
      timeEpoch: 0,
    },
    isBase64Encoded: false,
  };
}

const HEALTH = event('GET', '/api/health');
/** A real route's first event that needs no table: zod rejects the body (400 problem). */
const INVALID_OTP = event('POST', '/api/auth/otp', { phone: '123' });

interface Cold {
  wall: number;
  cpu: number;
}

/**
 * A fresh node process: import the bundle, answer one event. Wall ms from the start of the import to the
 * answer, and the CPU ms the process spent on it (less sensitive to other work on a shared machine).
 */
function coldStart(bundle: string, ev: unknown, status: number): Cold {
  const script = `const c0 = process.cpuUsage();
const t0 = performance.now();
const m = await import(${JSON.stringify(resolve(bundle))});
const r = await m.handler(${JSON.stringify(ev)}, {});
const wall = performance.now() - t0;
const c = process.cpuUsage(c0);
if (r.statusCode !== ${status}) throw new Error('status ' + r.statusCode + ' ' + r.body);
process.stdout.write(JSON.stringify({ wall, cpu: (c.user + c.system) / 1000 }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: process.cwd(),
    encoding: 'utf8',
    env: {
      ...process.env,
      TABLE_NAME: 'bench',
      APP_ENV: 'cloud',
      AWS_REGION: 'ap-east-1',
      LOG_LEVEL: 'silent',
      NODE_NO_WARNINGS: '1',
    },
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Cold;
}

/** The biggest parts of a bundle by package (own code by top folder), in KB of minified output. */
function parts(meta: Metafile, top = 6): string {
  const out = Object.values(meta.outputs).find((o) => o.entryPoint)!;
  const by: Record<string, number> = {};
  for (const [file, v] of Object.entries(out.inputs)) {
    const m = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(file);
    const key = m ? m[1]! : file.includes(':') ? 'stubs' : `${file.split('/').slice(0, 2).join('/')}/`;
    by[key] = (by[key] ?? 0) + v.bytesInOutput;
  }
  return Object.entries(by)
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, v]) => `${k} ${(v / 1024).toFixed(0)}`)
    .join(', ');
}

const kb = (file: string) => statSync(file).size / 1024;

export async function benchBundle(runs = RUNS): Promise<Row[]> {
  // Inside the project so the external AWS SDK resolves from node_modules, as the Lambda runtime provides it.
  mkdirSync('.bench-out', { recursive: true });
  const dir = mkdtempSync(join('.bench-out', 'bundle-'));
  progress('bundling the API Lambda (scripts/bundle-lambda.mjs, as CDK does) and bare Hono hello-worlds the same way');
  const helloSrc = resolve('bench/.hello.ts');
  const helloSdkSrc = resolve('bench/.hello-sdk.ts');
  writeFileSync(helloSrc, HELLO);
  writeFileSync(helloSdkSrc, HELLO_SDK);
  const hello = join(dir, 'hello.mjs');
  const helloSdk = join(dir, 'hello-sdk.mjs');
  const helloSdkBundled = join(dir, 'hello-sdk-bundled.mjs');
  let built: { outfile: string; metafile: Metafile };
  let own: { outfile: string; metafile: Metafile };
  try {
    // As deployed (the SDK bundled in), and with the SDK external to report the function's own code apart.
    built = await bundleLambda(resolve('functions/api/lambda.ts'), join(dir, 'api'), { metafile: true });
    own = await bundleLambda(resolve('functions/api/lambda.ts'), join(dir, 'api-own'), {
      metafile: true,
      sdk: 'external',
    });
    await build(options(helloSrc, hello));
    await build(options(helloSdkSrc, helloSdk));
    await build({ ...options(helloSdkSrc, helloSdkBundled), external: [] });
  } finally {
    spawnSync('rm', ['-f', helloSrc, helloSdkSrc]);
  }
  const api = built.outfile;
  const apiKb = kb(api);
  const ownKb = kb(own.outfile);

  const variants = {
    api: () => coldStart(api, HEALTH, 200),
    hello: () => coldStart(hello, HEALTH, 200),
    helloSdk: () => coldStart(helloSdk, HEALTH, 200),
    apiRoute: () => coldStart(api, INVALID_OTP, 400),
    apiSdkExternal: () => coldStart(own.outfile, HEALTH, 200),
    helloSdkBundled: () => coldStart(helloSdkBundled, HEALTH, 200),
  };
  const got = Object.fromEntries(Object.keys(variants).map((k) => [k, [] as Cold[]])) as Record<
    keyof typeof variants,
    Cold[]
  >;
  for (let i = 0; i < runs; i++) {
    progress(`cold starts, round ${i + 1}/${runs}`);
    // Interleaved, order rotated each round, so drift and neighbours' load hit every bundle alike.
    const keys = Object.keys(variants) as (keyof typeof variants)[];
    const order = [...keys.slice(i % keys.length), ...keys.slice(0, i % keys.length)];
    for (const k of order) got[k].push(variants[k]());
  }
  const wall = (k: keyof typeof variants) => median(got[k].map((c) => c.wall));
  const cpu = (k: keyof typeof variants) => median(got[k].map((c) => c.cpu));
  const vs = (a: keyof typeof variants, b: keyof typeof variants) =>
    `${wall(a).toFixed(0)} / ${wall(b).toFixed(0)} ms = ${(wall(a) / wall(b)).toFixed(2)}× wall; ` +
    `CPU ${cpu(a).toFixed(0)} / ${cpu(b).toFixed(0)} ms = ${(cpu(a) / cpu(b)).toFixed(2)}×`;
  return [
    {
      section: 'Lambda bundle',
      metric:
        'API bundle size, own code (minified, SDK external; openapi.json beside it, read only for /api/openapi.json)',
      value: `${ownKb.toFixed(1)} KB (+ ${kb(join(dir, 'api', 'openapi.json')).toFixed(0)} KB openapi.json)`,
      target: '≤ 150 KB',
      ok: ownKb <= 150,
      readme: { label: 'API Lambda bundle, own code (minified, SDK external)', value: `${ownKb.toFixed(0)} KB` },
    },
    {
      section: 'Lambda bundle',
      metric: 'API bundle as deployed (the AWS SDK bundled in)',
      value: `${apiKb.toFixed(1)} KB`,
      target: '—',
      ok: null,
    },
    {
      section: 'Lambda bundle',
      metric: 'largest parts of the deployed API bundle, KB',
      value: parts(built.metafile, 10),
      target: '—',
      ok: null,
    },
    {
      section: 'Lambda bundle',
      metric: 'hello-world bundle size (Hono only)',
      value: `${kb(hello).toFixed(1)} KB`,
      target: '—',
      ok: null,
    },
    {
      section: 'Lambda bundle',
      metric: `cold start (fresh node: import + first event GET /api/health), median of ${runs}: API / hello-world`,
      value: vs('api', 'hello'),
      target: '—',
      ok: null,
    },
    {
      section: 'Lambda bundle',
      metric: `cold start, median of ${runs}: API as deployed / hello-world + DynamoDB document client, SDK external (the floor of any table-backed function)`,
      value: vs('api', 'helloSdk'),
      target: '≤ 1.3×',
      ok: wall('api') / wall('helloSdk') <= 1.3,
      readme: {
        label: 'API cold start / hello-world + DynamoDB client',
        value: `${(wall('api') / wall('helloSdk')).toFixed(2)}× (CPU ${(cpu('api') / cpu('helloSdk')).toFixed(2)}×)`,
      },
    },
    {
      section: 'Lambda bundle',
      metric: `cold start with a real route as first event (POST /api/auth/otp rejected by zod, 400) / the floor`,
      value: vs('apiRoute', 'helloSdk'),
      target: '≤ 1.3×',
      ok: wall('apiRoute') / wall('helloSdk') <= 1.3,
    },
    {
      section: 'Lambda bundle',
      metric: `information: API as deployed / the floor built the same way (SDK bundled into the hello-world too)`,
      value: vs('api', 'helloSdkBundled'),
      target: '—',
      ok: null,
    },
    {
      section: 'Lambda bundle',
      metric: `information: API as deployed (SDK bundled, ${apiKb.toFixed(0)} KB) / the same API with the SDK external`,
      value: vs('api', 'apiSdkExternal'),
      target: '—',
      ok: null,
    },
  ];
}
