// End-to-end tests: the edge build under `wrangler dev`, driven by a real browser (Debian's Chromium through
// playwright-core). Slow by nature (a Worker build, a browser), so every wait inside is bounded and the
// files run one at a time.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
});
