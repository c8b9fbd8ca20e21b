import { build } from 'vite';
import { setConfig } from '../config.js';
import { log } from '../api/log.js';
import { hasJava, JAVA_MISSING } from './dynamodb-local.js';
import { startLocal } from './server.js';
import { startLocalJobs } from './jobs.js';

/** The whole `npm start`: checks, web build, stack, jobs, and a clean stop on Ctrl-C / SIGTERM. */
export async function runLocal(): Promise<void> {
  process.env.APP_ENV ??= 'local';
  setConfig({ appEnv: process.env.APP_ENV === 'local' ? 'local' : 'cloud' });
  if (!process.env.DYNAMODB_ENDPOINT && !hasJava()) {
    console.error(JAVA_MISSING);
    process.exit(1);
  }
  // Signals are handled from the very start, so a Ctrl-C during start-up also stops DynamoDB Local.
  const running: { stack?: Awaited<ReturnType<typeof startLocal>>; jobs?: ReturnType<typeof startLocalJobs> } = {};
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', 'stopping', { signal });
    // Never hang on the way out: whatever is left after 10 s is ended by the exit.
    setTimeout(() => process.exit(0), 10_000).unref();
    running.jobs?.stop();
    await running.stack?.stop().catch((err: unknown) => console.error('stopping:', err));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  if (process.env.SKIP_WEB_BUILD !== '1') {
    console.log('Building the web …');
    await build({ configFile: 'web/vite.config.ts', logLevel: 'warn' });
  }
  const stack = (running.stack = await startLocal());
  if (stopping) return void (await stack.stop());
  running.jobs = startLocalJobs();
  console.log(`community-points is running at ${stack.url}  (API ${stack.url}/api, docs ${stack.url}/api/docs)`);
}
