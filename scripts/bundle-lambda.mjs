// Bundles a Lambda entry the one way both CDK and `npm run bench` use: minified ESM for Node 22, the AWS SDK
// left external (the Lambda runtime provides it), and zod's ~250 KB of error-message locales replaced by
// English only (zod re-exports every locale from its root, which defeats tree-shaking).
// Usage: node scripts/bundle-lambda.mjs <entry.ts> <outdir>   → <outdir>/index.mjs
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const zodLocalesDir = join(dirname(require.resolve('zod/package.json')), 'v4', 'locales');

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

/** Bundles `entry` into `outdir/index.mjs`; returns the output path. */
export async function bundleLambda(entry, outdir, { metafile = false } = {}) {
  const outfile = join(outdir, 'index.mjs');
  const r = await build({
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
    external: ['@aws-sdk/*'],
    banner: { js: "import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);" },
    plugins: [englishOnlyZod],
    metafile,
    logLevel: 'warning',
  });
  return { outfile, metafile: r.metafile };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [entry, outdir] = process.argv.slice(2);
  if (!entry || !outdir) {
    console.error('usage: node scripts/bundle-lambda.mjs <entry> <outdir>');
    process.exit(2);
  }
  await bundleLambda(resolve(entry), resolve(outdir));
}
