import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/** The theme red of the header (styles.css `--red`); the phone's status bar and splash take it. */
const THEME = '#b3261e';

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
  },
  plugins: [
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
            // had open still render in a basement; the network wins whenever it answers within 4 s.
            // Signing out clears this cache (src/pwa.ts), so the next person on the phone sees none of it.
            urlPattern: ({ url, request }) =>
              request.method === 'GET' &&
              url.pathname.startsWith('/api/') &&
              !/^\/api\/(auth|dev|docs|openapi)/.test(url.pathname),
            handler: 'NetworkFirst',
            options: {
              cacheName: 'api',
              networkTimeoutSeconds: 4,
              expiration: { maxEntries: 200, maxAgeSeconds: 24 * 3600 },
              cacheableResponse: { statuses: [200] },
            },
          },
        ],
      },
    }),
  ],
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
