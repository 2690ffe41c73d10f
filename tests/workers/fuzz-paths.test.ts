/**
 * The fuzzer inside workerd, every path with every method (tests/fuzz/generate.ts casesForPaths): documented GET
 * routes with hostile ids, unknown paths. Its own file, so its own isolate: after the route sweeps and the
 * library writes of tests/workers/fuzz.test.ts in one isolate, this sweep outgrew its 600 s limit in CI, while
 * alone it answers its ~750 requests in about 2 minutes (session 14; the cause in that isolate is not found).
 */
import { describe, it } from 'vitest';
import { casesForPaths } from '../fuzz/generate.js';
import { openApi, runs, seed, sweep } from './fuzz-sweep.js';

describe(`fuzz inside workerd, paths (FUZZ_SEED=${seed}, FUZZ_RUNS=${runs})`, () => {
  it('every path with every method, documented GET routes with hostile ids, unknown paths (all of them when FUZZ_RUNS > 30)', {
    timeout: 600_000,
  }, async () => {
    await sweep('paths and methods', casesForPaths(await openApi(), runs > 30));
  });
});
