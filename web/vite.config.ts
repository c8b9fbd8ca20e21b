import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildSync } from 'esbuild';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { API_DOCS_ASSETS, apiDocsInit } from '../functions/api/api-docs.js';

/** The theme red of the header (styles.css `--red`); the phone's status bar and splash take it. */
const THEME = '#b3261e';

/** Copies the pinned Swagger UI (npm swagger-ui-dist) into the build for `/api/docs` (functions/api/api-docs.ts). */
function swaggerUiAssets(): Plugin {
  const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  return {
    name: 'swagger-ui-assets',
    apply: 'build',
    generateBundle() {
      const dir = API_DOCS_ASSETS.slice(1);
      for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css']) {
        this.emitFile({ type: 'asset', fileName: `${dir}/${file}`, source: readFileSync(join(dist, file)) });
      }
      this.emitFile({ type: 'asset', fileName: `${dir}/init.js`, source: apiDocsInit });
    },
  };
}

/**
 * Inlines the shell's stylesheet and web/src/early-reads.inline.ts (a classic script) into index.html's <head>,
 * after the entry chunk's tags: the script starts the activities page's API reads while the entry chunk
 * downloads (src/early-reads.ts). The CSP allows it by the sha256 of the built file (shared/web-csp.ts).
 */
function earlyReadsScript(): Plugin {
  return {
    name: 'early-reads-script',
    // After Vite has put in the entry's tags, so the script can go right after them (below).
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const out = buildSync({
          entryPoints: [fileURLToPath(new URL('./src/early-reads.inline.ts', import.meta.url))],
          bundle: true,
          minify: true,
          format: 'iife',
          target: 'es2020',
          write: false,
          legalComments: 'none',
        });
        // The shell's stylesheet (2.8 KB gzip) goes into the page itself, and the reads' script after it, after
        // the entry script and its modulepreloads: the browser asks for the entry chunk first, and only then do
        // the reads take connections (HTTP/1.1 gives a page 6; a resident's activities page asks 7 reads, and
        // the entry chunk and the render-blocking stylesheet waited a round trip behind them). The CSP allows
        // inline styles; the file stays in the build for the service worker's precache.
        const script = `<script>${out.outputFiles[0]!.text.trim()}</script>`;
        const css = /<link rel="stylesheet" crossorigin href="\/([^"]+\.css)">/;
        const found = css.exec(html);
        if (found) {
          const asset = ctx.bundle?.[found[1]!];
          if (asset?.type !== 'asset') throw new Error(`index.html: ${found[1]} is not in the build`);
          return html.replace(css, () => `<style>${String(asset.source).trim()}</style>\n    ${script}`);
        }
        // The dev server has no built stylesheet link: the end of <head>.
        return html.replace('</head>', `  ${script}\n  </head>`);
      },
    },
  };
}

/**
 * The web app. Vite 8 compiles TSX with oxc: the automatic JSX runtime from `preact` is all Preact needs,
 * so no framework plugin. Pages are lazy chunks (see src/routes.ts); the first load stays small.
 *
 * vite-plugin-pwa writes the manifest and a Workbox service worker that precaches the whole shell (every
 * chunk, so any page opens offline, not only the ones visited) and answers navigations with index.html.
 * `registerType: 'prompt'`: a new version waits until the person taps 刷新 (src/pwa.ts), so a form being
 * filled in is never reloaded away under them.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Lists each chunk's imports, so scripts/first-load-size.ts can add up what a first visit downloads.
    manifest: true,
    target: 'es2022',
    // The gate is first-load gzip (scripts/first-load-size.ts), not Vite's raw-size warning.
    chunkSizeWarningLimit: 200,
    rolldownOptions: {
      output: {
        // Everything the entry imports statically in one chunk: otherwise the bundler splits it into ~6 small
        // shared chunks, and on a slow phone's HTTP/1.1 (6 connections) the last of them waits a round trip
        // (~0.6 s on Fast 3G) before the first screen can run. Lazy pages stay their own chunks.
        codeSplitting: { groups: [{ name: 'app', tags: ['$initial'] }] },
      },
    },
  },
  plugins: [
    earlyReadsScript(),
    swaggerUiAssets(),
    VitePWA({
      registerType: 'prompt',
      // src/pwa.ts registers it (with the update prompt); no extra script tag in index.html.
      injectRegister: false,
      includeAssets: ['favicon.ico', 'icons/apple-touch-icon.png'],
      manifest: {
        id: '/',
        name: '社区积分',
        short_name: '社区积分',
        description: '志愿服务、垃圾分类积分与积分兑换',
        lang: 'zh-CN',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: THEME,
        background_color: '#f4f2ee',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          // Full-bleed red with the glyph in the middle 60 %: safe to crop to any mask.
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,ico,webmanifest,woff2}'],
        // The API docs (1.5 MB of Swagger UI) are for developers at a desk, not part of the phone's shell.
        globIgnores: ['api-docs/**'],
        navigateFallback: '/index.html',
        // The API and its docs are never the app shell.
        navigateFallbackDenylist: [/^\/api(\/|$)/],
        cleanupOutdatedCaches: true,
        // The first install takes over the open page at once, so the page a volunteer opened online keeps
        // working when the signal goes; a later version still waits for the prompt (no skipWaiting).
        clientsClaim: true,
        runtimeCaching: [
          {
            // An offline check-in's upload (src/offline-checkins.ts marks it): if it cannot reach the API, the
            // service worker keeps the request and replays it on the browser's `sync` event when the network is
            // back, even with the app closed. The page's own IndexedDB copy uploads too; the second is a 409
            // already-checked-in, which changes nothing.
            urlPattern: ({ url, request }) =>
              /^\/api\/activities\/[^/]+\/checkins$/.test(url.pathname) && request.headers.has('x-offline-checkin'),
            method: 'POST',
            handler: 'NetworkOnly',
            options: { backgroundSync: { name: 'offline-checkins', options: { maxRetentionTime: 24 * 60 } } },
          },
          {
            // Public reference data (streets, activities, themes) and my own reads, so the pages a volunteer
            // had open still render in a basement. Only when the network fails: no timeout, because a slow
            // answer is still better than a stale sign-up state. Signing out clears it (src/pwa.ts).
            urlPattern: ({ url, request }) =>
              request.method === 'GET' &&
              url.pathname.startsWith('/api/') &&
              !/^\/api\/(auth|dev|docs|openapi)/.test(url.pathname),
            handler: 'NetworkFirst',
            options: {
              cacheName: 'api',
              // By count only: an age limit reads the answer's Date against the phone's clock, and a phone whose
              // clock is off would throw away exactly what it needs offline. Sign-out empties the cache.
              expiration: { maxEntries: 200 },
              cacheableResponse: { statuses: [200] },
            },
          },
        ],
      },
    }),
  ],
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
