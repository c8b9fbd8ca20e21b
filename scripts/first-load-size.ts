import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

interface Chunk {
  file: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
}

export interface FirstLoad {
  /** The page chunk's source (`src/pages/me.tsx`). */
  page: string;
  /** Every JS file fetched before that page shows: the entry, the page, and their static imports. */
  files: string[];
  gzipBytes: number;
}

/**
 * What a first visit downloads, per page: the entry chunk and the page's lazy chunk with all their static
 * imports (from Vite's manifest), gzipped. The largest is the first-load size the 60 KB budget is about.
 */
export function firstLoadJs(distDir = 'web/dist'): { pages: FirstLoad[]; worst: FirstLoad } {
  const manifest = JSON.parse(readFileSync(join(distDir, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;
  const gz = new Map<string, number>();
  const size = (file: string) => {
    if (!gz.has(file)) gz.set(file, gzipSync(readFileSync(join(distDir, file))).length);
    return gz.get(file)!;
  };
  const closure = (key: string, into: Set<string>) => {
    const c = manifest[key];
    if (!c || into.has(c.file)) return;
    into.add(c.file);
    for (const k of c.imports ?? []) closure(k, into);
  };
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
  const pages = Object.keys(manifest)
    .filter((k) => manifest[k]!.isDynamicEntry && k.includes('/pages/'))
    .map((page) => {
      const files = new Set<string>();
      closure(entry, files);
      closure(page, files);
      const list = [...files];
      return { page, files: list, gzipBytes: list.reduce((n, f) => n + size(f), 0) };
    });
  const worst = pages.reduce((a, b) => (b.gzipBytes > a.gzipBytes ? b : a));
  return { pages, worst };
}

// `npx tsx scripts/first-load-size.ts [distDir]` after `npm run build:web`.
if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  const r = firstLoadJs(process.argv[2]);
  for (const p of r.pages) console.log(`${p.page.padEnd(32)} ${(p.gzipBytes / 1024).toFixed(1)} KB gzip`);
  console.log(`first-load JS (largest page): ${(r.worst.gzipBytes / 1024).toFixed(1)} KB gzip; budget 60 KB`);
}
