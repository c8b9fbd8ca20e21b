import { build } from 'vite';
import { firstLoadJs } from '../scripts/first-load-size.js';
import { progress, type Row } from './report.js';

const BUDGET_KB = 60;

/** Section 4: what a first visit to each page downloads (entry + page chunk + their static imports), gzipped. */
export async function benchWeb(): Promise<Row[]> {
  progress('building the web (npm run build:web)');
  await build({ configFile: 'web/vite.config.ts', logLevel: 'warn' });
  const { pages, worst } = firstLoadJs('web/dist');
  const kb = (b: number) => b / 1024;
  return [
    ...pages
      .sort((a, b) => b.gzipBytes - a.gzipBytes)
      .map((p): Row => ({
        section: 'Web first load',
        metric: `${p.page.replace(/^(web\/)?src\/pages\//, '')}: JS before it shows (${p.files.length} files, gzip)`,
        value: `${kb(p.gzipBytes).toFixed(1)} KB`,
        target: `≤ ${BUDGET_KB} KB`,
        ok: kb(p.gzipBytes) <= BUDGET_KB,
      })),
    {
      section: 'Web first load',
      metric: 'largest page',
      value: `${kb(worst.gzipBytes).toFixed(1)} KB (${worst.page.replace(/^(web\/)?src\/pages\//, '')})`,
      target: `≤ ${BUDGET_KB} KB`,
      ok: kb(worst.gzipBytes) <= BUDGET_KB,
      readme: { label: 'web first-load JS, largest page (gzip)', value: `${kb(worst.gzipBytes).toFixed(1)} KB` },
    },
  ];
}
