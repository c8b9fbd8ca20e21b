import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/** `npm run test:soak`: the resilience suite alone, at its large size (SOAK=1), with room to run long. */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['tests/resilience/**/*.test.ts'],
    testTimeout: 3_600_000,
    hookTimeout: 1_800_000,
    env: { ...base.test?.env, SOAK: '1' },
  },
});
