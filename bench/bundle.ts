import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
// @ts-expect-error plain ESM script shared with the CDK bundling, no types
import { bundleLambda } from '../scripts/bundle-lambda.mjs';
import { median, progress, type Row } from './report.js';

/** esbuild options matching the CDK NodejsFunction bundling (minified ESM, the AWS SDK external). */
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

const event = {
  version: '2.0',
  routeKey: '$default',
  rawPath: '/api/health',
  rawQueryString: '',
  headers: { host: 'example.com' },
  requestContext: {
    accountId: '123456789012',
    apiId: 'api',
    domainName: 'example.com',
    domainPrefix: 'example',
    http: { method: 'GET', path: '/api/health', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
    requestId: 'r',
    routeKey: '$default',
    stage: '$default',
    time: '21/Nov/2026:00:00:00 +0000',
    timeEpoch: 0,
  },
  isBase64Encoded: false,
};

/** A fresh node process: import the bundle, answer one event; prints ms from start of import to answer. */
function coldStart(bundle: string): number {
  const script = `const t0 = performance.now();
const m = await import(${JSON.stringify(resolve(bundle))});
const r = await m.handler(${JSON.stringify(event)}, {});
if (r.statusCode !== 200) throw new Error('status ' + r.statusCode);
process.stdout.write(String(performance.now() - t0));`;
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
  return Number(r.stdout);
}

export async function benchBundle(runs = 15): Promise<Row[]> {
  // Inside the project so the external AWS SDK resolves from node_modules, as the Lambda runtime provides it.
  mkdirSync('.bench-out', { recursive: true });
  const dir = mkdtempSync(join('.bench-out', 'bundle-'));
  progress('bundling the API Lambda and a bare Hono hello-world the same way');
  const api = join(dir, 'api', 'index.mjs');
  const helloSrc = resolve('bench/.hello.ts');
  const helloSdkSrc = resolve('bench/.hello-sdk.ts');
  writeFileSync(helloSrc, HELLO);
  writeFileSync(helloSdkSrc, HELLO_SDK);
  const hello = join(dir, 'hello.mjs');
  const helloSdk = join(dir, 'hello-sdk.mjs');
  try {
    await bundleLambda(resolve('functions/api/lambda.ts'), join(dir, 'api'));
    await build(options(helloSrc, hello));
    await build(options(helloSdkSrc, helloSdk));
  } finally {
    spawnSync('rm', ['-f', helloSrc, helloSdkSrc]);
  }
  const apiKb = statSync(api).size / 1024;
  const helloKb = statSync(hello).size / 1024;
  const a: number[] = [];
  const h: number[] = [];
  const hs: number[] = [];
  for (let i = 0; i < runs; i++) {
    progress(`cold start ${i + 1}/${runs}`);
    // Interleaved, so machine noise hits all alike.
    a.push(coldStart(api));
    h.push(coldStart(hello));
    hs.push(coldStart(helloSdk));
  }
  const ratio = median(a) / median(h);
  const ratioSdk = median(a) / median(hs);
  return [
    {
      section: 'Lambda bundle',
      metric: 'API bundle size (minified, SDK external)',
      value: `${apiKb.toFixed(1)} KB`,
      target: '≤ 150 KB',
      ok: apiKb <= 150,
    },
    {
      section: 'Lambda bundle',
      metric: 'hello-world bundle size',
      value: `${helloKb.toFixed(1)} KB`,
      target: '—',
      ok: null,
    },
    {
      section: 'Lambda bundle',
      metric: `cold start: import + first event, median of ${runs} (API / hello)`,
      value: `${median(a).toFixed(1)} ms / ${median(h).toFixed(1)} ms = ${ratio.toFixed(2)}×`,
      target: '≤ 1.5×',
      ok: ratio <= 1.5,
    },
    {
      section: 'Lambda bundle',
      metric: `cold start vs hello-world + DynamoDB document client, median of ${runs}`,
      value: `${median(a).toFixed(1)} ms / ${median(hs).toFixed(1)} ms = ${ratioSdk.toFixed(2)}×`,
      target: '≤ 1.5× (see notes)',
      ok: ratioSdk <= 1.5,
    },
  ];
}
