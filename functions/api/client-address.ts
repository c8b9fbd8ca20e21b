import type { Context } from 'hono';

interface Envs {
  /** @hono/node-server: the socket the request came on. */
  incoming?: { socket?: { remoteAddress?: string } };
  /** hono/aws-lambda: the API Gateway event. */
  event?: { requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } } };
}

/**
 * The address of the caller, for limits a stranger must not be able to dodge by claiming another one.
 * - Local server: the socket's remote address; a client's `X-Forwarded-For` is ignored (anyone can write it).
 * - Lambda behind CloudFront: API Gateway's `sourceIp` is the CloudFront edge, and CloudFront appends the
 *   viewer's address as the LAST `X-Forwarded-For` entry. Entries equal to `sourceIp` (a hop API Gateway
 *   may add) are dropped from the end, then the last one is taken; everything left of it came from the
 *   client and is never trusted. (Called on the execute-api URL directly, the last entry is the client's
 *   claim: the CloudFront WAF rule and the 20-per-phone cap still hold there.)
 */
export function clientAddress(c: Context): string {
  const env = c.env as Envs | undefined;
  const socket = env?.incoming?.socket?.remoteAddress;
  if (socket) return socket;
  const source = env?.event?.requestContext?.http?.sourceIp ?? env?.event?.requestContext?.identity?.sourceIp;
  if (!source) return 'unknown';
  const hops = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  while (hops.length > 0 && hops.at(-1) === source) hops.pop();
  return hops.at(-1) ?? source;
}
