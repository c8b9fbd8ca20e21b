import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../../shared/errors.js';

const KIB = 1024;
const onError = () => {
  throw new AppError('payload-too-large', 'The request body is too large');
};
const standard = bodyLimit({ maxSize: 64 * KIB, onError });
const binBatch = bodyLimit({ maxSize: 256 * KIB, onError });
const BIN_SCANS = /^\/api\/bins\/[^/]+\/scans$/;

/** 64 KiB for every body; 256 KiB for smart-bin scan batches. */
export const bodyLimits: MiddlewareHandler = (c, next) => (BIN_SCANS.test(c.req.path) ? binBatch : standard)(c, next);
