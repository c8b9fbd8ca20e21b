// Bundles a Lambda entry the one way both CDK and `npm run bench` use: minified ESM for Node 22, the AWS SDK
// bundled in (it cold-starts faster than the runtime's copy; see bundleLambda), and three cuts of code a Lambda
// never runs:
// - zod's ~250 KB of error-message locales → English only (zod re-exports every locale from its root,
//   which defeats tree-shaking);
// - zod's JSON Schema conversion and its ahead-of-time compiler (`z.toJSONSchema`, `z.fromJSONSchema`,
//   `z.compile`, ~60 KB) → stubs that throw if ever called (the API only parses);
// - the OpenAPI generator (@asteasolutions/zod-to-openapi, ~30 KB, and the registration work every route does
//   at import) → a no-op registry. The document is generated at bundle time instead, by the same entry
//   bundled with the generator, and shipped next to the code as `openapi.json`
//   (functions/api/openapi-document.ts serves it).
// Usage: node scripts/bundle-lambda.mjs <entry.ts> <outdir>   → <outdir>/index.mjs (+ openapi.json for the API)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const zodDir = dirname(require.resolve('zod/package.json'));
const zodLocalesDir = join(zodDir, 'v4', 'locales');

/** The path the API serves its OpenAPI document at (functions/api/app.ts). */
export const OPENAPI_PATH = '/api/openapi.json';

/** @type {import('esbuild').Plugin} */
const englishOnlyZod = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      resolve(args.resolveDir, args.path) === join(zodLocalesDir, 'index.js')
        ? { path: 'zod-locales-en', namespace: 'zod-locales' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, () => ({
      contents: `export { default as en } from ${JSON.stringify(join(zodLocalesDir, 'en.js'))};`,
      resolveDir: zodLocalesDir,
    }));
  },
};

/** zod modules only JSON Schema conversion and `z.compile` use; every schema's `~standard` getter calls the two factories. */
const ZOD_UNUSED = [
  'v4/core/compile.js',
  'v4/core/to-json-schema.js',
  'v4/core/json-schema-processors.js',
  'v4/core/json-schema-generator.js',
  'v4/classic/from-json-schema.js',
].map((p) => join(zodDir, p));
const FACTORIES = new Set(['createStandardJSONSchemaMethod', 'createToJSONSchemaMethod']);

/** A stand-in with the real module's exports: functions that throw, factories whose products throw. */
async function zodStub(file) {
  const real = await import(pathToFileURL(file).href);
  const lines = [
    'const cut = (name) => function () {',
    "  throw new Error(`zod's ${name} is not in the Lambda bundle (scripts/bundle-lambda.mjs)`);",
    '};',
  ];
  for (const [name, value] of Object.entries(real)) {
    if (FACTORIES.has(name)) lines.push(`export const ${name} = () => cut(${JSON.stringify(name)});`);
    else if (typeof value === 'function') lines.push(`export const ${name} = cut(${JSON.stringify(name)});`);
    else if (typeof value === 'symbol' && Symbol.for(value.description) === value) {
      lines.push(`export const ${name} = Symbol.for(${JSON.stringify(value.description)});`);
    } else lines.push(`export const ${name} = undefined;`);
  }
  return lines.join('\n');
}

/** @type {import('esbuild').Plugin} */
const zodWithoutJsonSchema = {
  name: 'zod-without-json-schema',
  setup(b) {
    b.onResolve({ filter: /(json-schema[a-z-]*|compile)\.js$/ }, (args) => {
      const path = resolve(args.resolveDir, args.path);
      return ZOD_UNUSED.includes(path) ? { path, namespace: 'zod-cut' } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'zod-cut' }, async (args) => ({ contents: await zodStub(args.path) }));
  },
};

const OPENAPI_STUB = `
// @asteasolutions/zod-to-openapi in a Lambda bundle: routes register nothing, nothing generates.
export class OpenAPIRegistry {
  definitions = [];
  registerPath() {}
  registerComponent() {}
  registerWebhook() {}
  register(_refId, schema) { return schema; }
  registerParameter(_refId, schema) { return schema; }
}
export const extendZodWithOpenApi = () => {};
export const getOpenApiMetadata = () => ({});
class Cut {
  constructor() { throw new Error('the OpenAPI generator is not in the Lambda bundle; it serves openapi.json'); }
}
export { Cut as OpenApiGeneratorV3, Cut as OpenApiGeneratorV31 };
`;

/** @type {import('esbuild').Plugin} */
const prebuiltOpenApi = {
  name: 'prebuilt-openapi',
  setup(b) {
    b.onResolve({ filter: /^@asteasolutions\/zod-to-openapi$/ }, () => ({ path: 'stub', namespace: 'openapi-cut' }));
    b.onLoad({ filter: /.*/, namespace: 'openapi-cut' }, () => ({ contents: OPENAPI_STUB }));
  },
};

const common = (entry, outfile, sdk = 'external') => ({
  entryPoints: [entry],
  outfile,
  bundle: true,
  minify: true,
  sourcemap: true,
  // Stack traces map to lines without shipping the sources in the zip.
  sourcesContent: false,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  external: sdk === 'external' ? ['@aws-sdk/*'] : [],
  banner: { js: "import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});

// Asks a bundle with the real generator for the document, in a fresh Node process, as API Gateway would.
const ASK = `
const [file, path] = process.argv.slice(1);
const { handler } = await import(file);
const r = await handler({
  version: '2.0', routeKey: '$default', rawPath: path, rawQueryString: '', headers: { host: 'bundle' },
  requestContext: { http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bundle' },
    requestId: 'bundle', routeKey: '$default', stage: '$default', time: '', timeEpoch: 0,
    accountId: '0', apiId: 'bundle', domainName: 'bundle', domainPrefix: 'bundle' },
  isBase64Encoded: false,
}, {});
// An entry that does not serve the document needs none.
if (r.statusCode === 404) process.exit(3);
if (r.statusCode !== 200) throw new Error('openapi: status ' + r.statusCode + ' ' + r.body);
process.stdout.write(r.isBase64Encoded ? Buffer.from(r.body, 'base64').toString('utf8') : r.body);
`;

/**
 * The entry's OpenAPI document: the entry bundled WITH the generator, asked for it once; false if it serves none.
 * This throwaway bundle carries the AWS SDK inside and lives in the OS temp folder, so nothing it imports is
 * resolved from where the output goes (`cdk synth -o /anywhere` stages the asset outside the checkout).
 */
async function generateOpenApi(entry, outdir) {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-build-'));
  try {
    const file = join(dir, 'index.mjs');
    await build({ ...common(entry, file, 'bundled'), sourcemap: false, plugins: [englishOnlyZod] });
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', ASK, pathToFileURL(file).href, OPENAPI_PATH], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, LOG_LEVEL: 'silent', NODE_NO_WARNINGS: '1' },
    });
    if (r.status === 3) return false;
    if (r.status !== 0) throw new Error(`generating the OpenAPI document failed:\n${r.stderr}`);
    JSON.parse(r.stdout);
    writeFileSync(join(outdir, 'openapi.json'), r.stdout);
    return true;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Bundles `entry` into `outdir/index.mjs`; when the entry serves an OpenAPI document (it uses
 * @hono/zod-openapi), writes `outdir/openapi.json` too. Returns the output path and the metafile.
 * The AWS SDK is bundled in by default (issue 15): tree-shaken ESM parsed once starts in ~0.6× the time of the
 * runtime's SDK, which Node resolves file by file with CommonJS export detection (docs/benchmarks.md, "Lambda
 * bundle"); it also pins the SDK to package-lock.json instead of whatever the runtime ships. `sdk: 'external'`
 * leaves it to the runtime: `npm run bench` builds that too, to report the function's own code apart.
 */
export async function bundleLambda(entry, outdir, { metafile = false, sdk = 'bundled' } = {}) {
  const outfile = join(outdir, 'index.mjs');
  const r = await build({
    ...common(entry, outfile, sdk),
    plugins: [englishOnlyZod, zodWithoutJsonSchema, prebuiltOpenApi],
    // functions/api/openapi-document.ts: serve openapi.json instead of generating.
    define: { __PREBUILT_OPENAPI__: 'true' },
    metafile: true,
  });
  const usesOpenApi = Object.keys(r.metafile.inputs).some((p) => p.startsWith('openapi-cut:'));
  const openapi = usesOpenApi && (await generateOpenApi(entry, outdir));
  return { outfile, metafile: metafile ? r.metafile : undefined, openapi };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [entry, outdir] = process.argv.slice(2);
  if (!entry || !outdir) {
    console.error('usage: node scripts/bundle-lambda.mjs <entry> <outdir>');
    process.exit(2);
  }
  await bundleLambda(resolve(entry), resolve(outdir));
}
