import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../infra/paths.js';
// @ts-expect-error plain ESM script shared with the CDK bundling, no types
import { bundleLambda } from '../../scripts/bundle-lambda.mjs';

mkdirSync(fromRoot('cdk.out'), { recursive: true });
const outdir = mkdtempSync(fromRoot('cdk.out', 'vitest-logs-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

let bundle: string;
beforeAll(async () => {
  bundle = ((await bundleLambda(fromRoot('functions/api/lambda.ts'), outdir)) as { outfile: string }).outfile;
}, 120_000);

// Two invocations of one fresh Node process, as one Lambda instance receives them; stdout is the log.
const RUN = `
const [file] = process.argv.slice(1);
const { handler } = await import(file);
const event = (id, path) => ({
  version: '2.0', routeKey: '$default', rawPath: path, rawQueryString: 'phone=13912345678', headers: { host: 'x' },
  requestContext: { http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 't' },
    requestId: id, routeKey: '$default', stage: '$default', time: '', timeEpoch: 0,
    accountId: '123456789012', apiId: 'api', domainName: 'x', domainPrefix: 'x' },
  isBase64Encoded: false,
});
const context = (id) => ({ awsRequestId: id, functionName: 'api-fn', functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:ap-east-1:123456789012:function:api-fn', memoryLimitInMB: '1024',
  getRemainingTimeInMillis: () => 9000 });
await handler(event('ApiGwReq-0001', '/api/health'), context('lambda-req-0001'));
await handler(event('ApiGwReq-0002', '/api/nope'), context('lambda-req-0002'));
`;

function run(env: Record<string, string>): Record<string, unknown>[] {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', RUN, pathToFileURL(bundle).href], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      AWS_REGION: 'ap-east-1',
      AWS_LAMBDA_FUNCTION_NAME: 'api-fn',
      // As Lambda sets it; Powertools reports a cold start only for on-demand instances.
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      TABLE_NAME: 'not-used',
      APP_ENV: 'cloud',
      NODE_NO_WARNINGS: '1',
      ...env,
    },
  });
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('API Lambda logs (Powertools Logger in the bundle)', () => {
  it('carries the Lambda request id, cold start, service and the API request id on each request line', () => {
    const lines = run({ LOG_LEVEL: 'info' }).filter((l) => l.message === 'request');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      service: 'community-points',
      function_request_id: 'lambda-req-0001',
      function_name: 'api-fn',
      cold_start: true,
      correlation_id: 'ApiGwReq-0001',
      requestId: 'ApiGwReq-0001',
      path: '/api/health',
      status: 200,
    });
    expect(lines[1]).toMatchObject({
      function_request_id: 'lambda-req-0002',
      cold_start: false,
      correlation_id: 'ApiGwReq-0002',
      status: 404,
    });
    // The query string (a phone number here) is never logged.
    expect(JSON.stringify(lines)).not.toContain('13912345678');
  });

  it('understands LOG_LEVEL in any case: silent writes nothing, warn drops the info lines', () => {
    expect(run({ LOG_LEVEL: 'silent' })).toEqual([]);
    expect(run({ LOG_LEVEL: 'WARN' }).filter((l) => l.message === 'request')).toEqual([]);
  });
});
