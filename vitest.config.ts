import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/fixtures/global-setup.ts'],
    setupFiles: ['tests/fixtures/setup.ts'],
    // Browser tests on a loaded 2-core machine: a cold page and its API calls can take a minute.
    testTimeout: 120_000,
    // A browser waiting on the API of a busy 2-core machine needs more than the 1 s default.
    expect: { poll: { timeout: 15_000 } },
    // Browser files seed a demo city in beforeAll: 85-100 s on a loaded 2-core machine.
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
    env: { LOG_LEVEL: 'silent', AWS_REGION: 'ap-east-1', APP_ENV: 'local' },
  },
});
