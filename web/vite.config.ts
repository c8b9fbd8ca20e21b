import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The web app. Vite 8 compiles TSX with oxc: the automatic JSX runtime from `preact` is all Preact needs,
 * so no framework plugin. Pages are lazy chunks (see src/routes.ts); the first load stays small.
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
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
