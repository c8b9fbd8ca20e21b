import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LambdaEvent } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../infra/paths.js';
import { app } from '../fixtures/api.js';
import { logicalId, synth } from './synth.js';

// Synthesise WITH bundling into a directory inside the repo (git-ignored cdk.out/). The bundle carries the
// AWS SDK itself (issue 15: faster cold start), so it runs without the repo's node_modules.
mkdirSync(fromRoot('cdk.out'), { recursive: true });
const outdir = mkdtempSync(fromRoot('cdk.out', 'vitest-bundle-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const { stack, template } = synth({ bundle: true, outdir });
interface FunctionResource {
  Properties: { Code: { S3Key: string }; Environment: { Variables: Record<string, unknown> } };
}
const resources = template.toJSON().Resources as Record<string, FunctionResource>;
const apiFnId = logicalId(stack.api.fn);

/** The asset directory CDK staged for a function, found through the template's S3Key and the asset manifest. */
function assetDir(fnLogicalId: string): string {
  const hash = resources[fnLogicalId]!.Properties.Code.S3Key.replace(/\.zip$/, '');
  const manifest = JSON.parse(readFileSync(join(outdir, `${stack.artifactId}.assets.json`), 'utf8')) as {
    files: Record<string, { source: { path: string; packaging: string } }>;
  };
  const source = manifest.files[hash]!.source;
  expect(source.packaging).toBe('zip');
  return join(outdir, source.path);
}

/** The handler file of a function's asset (ESM output is `index.mjs`). */
const bundleFile = (fnLogicalId: string): string => join(assetDir(fnLogicalId), 'index.mjs');

interface LambdaResult {
  statusCode: number;
  body: string;
  headers: Record<string, string>;
}

// Runs in a plain Node process (Node's own ESM loader, no Vitest transform), as Lambda loads the file.
const INVOKE = `
const [entry, eventsJson] = process.argv.slice(1);
const { handler } = await import(entry);
const results = [];
for (const event of JSON.parse(eventsJson)) results.push(await handler(event, {}));
process.stdout.write('\\n<<result>>' + JSON.stringify({ handler: typeof handler, results }) + '<<end>>\\n');
`;

/**
 * Imports a function's bundle in a fresh Node process with the function's environment from the template
 * (references replaced: the routes exercised here touch neither table nor secret) and calls `handler` per event.
 */
function invoke(fnLogicalId: string, events: unknown[]): { handler: string; results: LambdaResult[] } {
  const literalEnv = Object.entries(resources[fnLogicalId]!.Properties.Environment.Variables).filter(
    (e): e is [string, string] => typeof e[1] === 'string',
  );
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', INVOKE, pathToFileURL(bundleFile(fnLogicalId)).href, JSON.stringify(events)],
    {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'ap-east-1',
        // stdout carries the results, so the app's JSON logs are off.
        LOG_LEVEL: 'silent',
        ...Object.fromEntries(literalEnv),
        TABLE_NAME: 'not-used-by-these-routes',
        JWT_SECRET_ARN: 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:not-used',
      },
    },
  );
  // Between markers: in a full run something else once wrote to stdout after the results (position 167).
  const found = /<<result>>(.*)<<end>>/s.exec(out);
  if (!found) throw new Error(`the bundle printed no result: ${out}`);
  return JSON.parse(found[1]!) as { handler: string; results: LambdaResult[] };
}

/** An HTTP API (payload 2.0) event as API Gateway sends it for `ANY /api/{proxy+}`. */
function httpApiEvent(method: string, path: string, json?: unknown): LambdaEvent {
  return {
    version: '2.0',
    routeKey: 'ANY /api/{proxy+}',
    rawPath: path,
    rawQueryString: '',
    headers: {
      host: 'abc123.execute-api.ap-east-1.amazonaws.com',
      'user-agent': 'vitest',
      accept: '*/*',
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: json === undefined ? null : JSON.stringify(json),
    isBase64Encoded: false,
    pathParameters: { proxy: path.replace(/^\/api\//, '') },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      authentication: null,
      authorizer: {} as never,
      domainName: 'abc123.execute-api.ap-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: 'req-1',
      routeKey: 'ANY /api/{proxy+}',
      stage: '$default',
      time: '01/Jan/2026:00:00:00 +0000',
      timeEpoch: 1767225600000,
    },
  };
}

describe('API Lambda bundle (the asset CDK deploys)', () => {
  const entry = bundleFile(apiFnId);
  let health: LambdaResult, nope: LambdaResult, openapi: LambdaResult, invalid: LambdaResult;
  beforeAll(() => {
    [health, nope, openapi, invalid] = invoke(apiFnId, [
      httpApiEvent('GET', '/api/health'),
      httpApiEvent('GET', '/api/nope'),
      httpApiEvent('GET', '/api/openapi.json'),
      httpApiEvent('POST', '/api/auth/otp', { phone: '123' }),
    ]).results as [LambdaResult, LambdaResult, LambdaResult, LambdaResult];
  });

  it('is one ESM file with a source map and the AWS SDK bundled in (no import of the runtime’s copy)', () => {
    expect(existsSync(entry)).toBe(true);
    expect(existsSync(`${entry}.map`)).toBe(true);
    const code = readFileSync(entry, 'utf8');
    expect(code).not.toMatch(/from\s*"@aws-sdk\//);
    // (an SDK error message quotes `require("@aws-sdk/signature-v4-crt")`; a real call is `require("…")` unbracketed)
    expect(code).not.toMatch(/[^[]require\("@aws-sdk\//);
    expect(code).toContain('DynamoDB_20120810'); // the service's wire protocol target: the SDK itself is inside
  });

  it('answers GET /api/health with 200 {"ok":true} and a request id', () => {
    const res = health;
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true });
    expect(res.headers['x-request-id']).toMatch(/^[A-Za-z0-9._-]{8,64}$/);
  });

  it('leaves the OpenAPI generator out and serves the document generated from the same app at bundle time', async () => {
    const code = readFileSync(entry, 'utf8');
    // The real package is CommonJS: its export names would survive minification.
    expect(code).not.toContain('OpenApiGeneratorV31');
    expect(existsSync(join(assetDir(apiFnId), 'openapi.json'))).toBe(true);
    expect(openapi.statusCode).toBe(200);
    const live = await app.request('/api/openapi.json');
    expect(JSON.parse(openapi.body)).toEqual(await live.json());
  });

  it('validates with zod although the JSON Schema part of zod is cut: a bad body is a 400 problem naming the field', () => {
    expect(invalid.statusCode).toBe(400);
    expect(JSON.parse(invalid.body)).toMatchObject({
      type: '/problems/validation',
      errors: [{ path: 'phone' }],
    });
  });

  it('answers an unknown route with a 404 problem+json', () => {
    const res = nope;
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.body)).toMatchObject({ type: '/problems/not-found', status: 404 });
  });
});

describe('expiry job bundle', () => {
  // Loaded, not run: the real job (rewards issue) reads the table, which this test has not got.
  it('loads in Node and exports the scheduled handler', () => {
    expect(invoke(logicalId(stack.jobs.expireReservations.fn), []).handler).toBe('function');
  });
});
