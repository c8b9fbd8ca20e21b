import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../../shared/errors.js';

/** What the local server (Node's default) and this check allow for all request headers together. */
export const MAX_HEADER_BYTES = 16 * 1024;

/** The 431 problem as raw HTTP, for Node's parser which refuses such a request before the app sees it. */
const headerTooLargeResponse = (): string => {
  const body = JSON.stringify({
    type: '/problems/header-too-large',
    title: 'Request headers too large',
    status: 431,
    detail: `The request headers exceed ${MAX_HEADER_BYTES} bytes`,
  });
  return (
    'HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: application/problem+json\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
};

/** Headers over 16 KiB in all → 431 problem+json (Lambda and in-process callers; see server.ts for Node). */
export const headerLimit: MiddlewareHandler = async (c, next) => {
  let size = 0;
  c.req.raw.headers.forEach((v, k) => (size += k.length + v.length + 4));
  if (size > MAX_HEADER_BYTES) {
    throw new AppError('header-too-large', `The request headers exceed ${MAX_HEADER_BYTES} bytes`);
  }
  await next();
};

/** Node refuses headers over 16 KiB before the app runs, with a bare 431: make it the API's problem+json. */
export function problemOnHeaderOverflow(server: import('node:events').EventEmitter): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: import('node:net').Socket) => {
    if (!socket.writable) return;
    if (err.code === 'HPE_HEADER_OVERFLOW') socket.end(headerTooLargeResponse());
    else socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
}
