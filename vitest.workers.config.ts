// Tests that run inside workerd, against the Worker built from wrangler.toml, with a local D1 (binding DB)
// migrated from migrations/ before each test file (tests/workers/setup.ts).
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

const migrations = await readD1Migrations('./migrations');

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: {
          // tests/workers/fuzz.test.ts reads its seed and run count from these (empty: its defaults)
          FUZZ_SEED: process.env.FUZZ_SEED ?? '',
          FUZZ_RUNS: process.env.FUZZ_RUNS ?? '',
          TEST_MIGRATIONS: migrations,
        },
        // a second rate limiter with a tiny limit, for tests/workers/access.test.ts's 429 (wrangler.toml's
        // RATE_LIMITER stays as deployed: generous enough for every other test, the fuzz sweep included)
        ratelimits: { RATE_LIMITER_TINY: { simple: { limit: 3, period: 60 } } },
      },
    }),
  ],
  test: {
    include: ['tests/workers/**/*.test.ts'],
    setupFiles: ['./tests/workers/setup.ts'],
    // the first request builds the Worker (HiGHS's 3.5 MB wasm included): slow on a loaded 2-core machine
    testTimeout: 30_000,
  },
});
