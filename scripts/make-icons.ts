import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/**
 * Draws the app icon (积 on the theme red, full bleed so it also works as a maskable icon: the glyph stays in
 * the central 60 %) with this machine's Chromium and CJK font, and writes the PNGs the manifest names plus a
 * favicon.ico that wraps a 48 px PNG (ICO has carried PNG since Windows Vista; every browser reads it).
 * Run once when the icon changes: `npx tsx scripts/make-icons.ts`; the outputs are committed under web/public.
 */
const OUT = 'web/public';
const THEME = '#b3261e';

const html = (px: number) => `<!doctype html><html><body style="margin:0">
<div style="width:${px}px;height:${px}px;background:${THEME};display:flex;align-items:center;justify-content:center;
 color:#fff;font:700 ${Math.round(px * 0.56)}px/1 'Noto Sans CJK SC','Noto Sans SC',sans-serif">积</div></body></html>`;

/** An ICO file holding one PNG image. */
function icoOf(png: Buffer, px: number): Buffer {
  const head = Buffer.alloc(22);
  head.writeUInt16LE(0, 0); // reserved
  head.writeUInt16LE(1, 2); // type: icon
  head.writeUInt16LE(1, 4); // one image
  head.writeUInt8(px, 6);
  head.writeUInt8(px, 7);
  head.writeUInt8(0, 8); // no palette
  head.writeUInt8(0, 9);
  head.writeUInt16LE(1, 10); // colour planes
  head.writeUInt16LE(32, 12); // bits per pixel
  head.writeUInt32LE(png.length, 14);
  head.writeUInt32LE(22, 18); // offset of the image
  return Buffer.concat([head, png]);
}

const profile = await mkdtemp(join(tmpdir(), 'cp-icons-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await context.newPage();
  const shot = async (px: number) => {
    await page.setViewportSize({ width: px, height: px });
    await page.setContent(html(px));
    return page.screenshot({ clip: { x: 0, y: 0, width: px, height: px } });
  };
  for (const px of [192, 512]) await writeFile(join(OUT, `icons/icon-${px}.png`), await shot(px));
  await writeFile(join(OUT, 'icons/apple-touch-icon.png'), await shot(180));
  await writeFile(join(OUT, 'favicon.ico'), icoOf(await shot(48), 48));
} finally {
  await context.close();
  await rm(profile, { recursive: true, force: true });
}
