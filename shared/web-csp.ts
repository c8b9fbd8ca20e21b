import { createHash } from 'node:crypto';

/**
 * The web's Content-Security-Policy, one definition for CloudFront (infra/constructs/web-site.ts) and the local
 * server (functions/local/server.ts). Scripts come from the site itself, plus the inline scripts of the built
 * index.html, each allowed by its sha256 (issue 14: the early reads, web/src/early-reads.ts), computed from the
 * very file that is deployed, so a changed script cannot be shipped with a stale hash.
 */
export function webCsp(indexHtml?: string): string {
  const hashes = indexHtml ? inlineScriptHashes(indexHtml).map((h) => ` '${h}'`) : [];
  return [
    "default-src 'self'",
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    `script-src 'self'${hashes.join('')}`,
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** `sha256-…` of each inline `<script>` (one without `src`) of an HTML page, as CSP hashes its text. */
export function inlineScriptHashes(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(m[1]!)) continue;
    out.push(`sha256-${createHash('sha256').update(m[2]!, 'utf8').digest('base64')}`);
  }
  return out;
}
