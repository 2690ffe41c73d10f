// Tests that run inside workerd, against the Worker built from wrangler.toml.
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      // tests/workers/fuzz.test.ts reads its seed and run count from these (empty: its defaults)
      miniflare: { bindings: { FUZZ_SEED: process.env.FUZZ_SEED ?? '', FUZZ_RUNS: process.env.FUZZ_RUNS ?? '' } },
    }),
  ],
  test: {
    include: ['tests/workers/**/*.test.ts'],
    // the first request builds the Worker (HiGHS's 3.5 MB wasm included): slow on a loaded 2-core machine
    testTimeout: 30_000,
  },
});
