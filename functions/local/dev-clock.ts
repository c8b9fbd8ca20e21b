import { Hono } from 'hono';
import { z } from 'zod';
import { advanceClock, nowIso, setClock } from '../clock.js';
import { problem, zodErrors } from '../api/problem.js';

/** `POST /api/dev/clock` body: move the clock by `advanceMs`, or set it to `at` (it keeps running from there). */
export const ClockMove = z.union([
  z
    .object({
      advanceMs: z
        .number()
        .int()
        .min(-366 * 86_400_000)
        .max(366 * 86_400_000),
    })
    .strict(),
  z.object({ at: z.iso.datetime({ offset: true }) }).strict(),
]);

/**
 * The local server's clock for browser tests: `GET /api/dev/clock` → `{ now }`, `POST /api/dev/clock
 * {advanceMs}|{at}` → `{ now }`. Mounted by the local server only, and only when `APP_ENV=local` and
 * `DEV_CLOCK=1`, so the Lambda never carries it (it is not part of `createApp()`).
 */
export const devClockRoutes = new Hono()
  .get('/api/dev/clock', (c) => c.json({ now: nowIso() }, 200))
  .post('/api/dev/clock', async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    if (body === undefined) return problem(c, 'invalid-json', 'The body is not valid JSON');
    const move = ClockMove.safeParse(body);
    if (!move.success) return problem(c, 'validation', 'Give advanceMs or at', zodErrors(move.error));
    if ('advanceMs' in move.data) advanceClock(move.data.advanceMs);
    else setClock(move.data.at);
    return c.json({ now: nowIso() }, 200);
  });

/** Whether `env` asks for the dev clock route (never outside APP_ENV=local). */
export const devClockEnabled = (env: NodeJS.ProcessEnv): boolean => env.APP_ENV === 'local' && env.DEV_CLOCK === '1';
