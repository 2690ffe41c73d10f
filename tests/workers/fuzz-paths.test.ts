/**
 * The fuzzer inside workerd, every path with every method (tests/fuzz/generate.ts casesForPaths): documented GET
 * routes with hostile ids, unknown paths. Its own file (so its own isolate, run beside the route sweeps of
 * tests/workers/fuzz.test.ts): with its ~750 requests it is the longest sweep here.
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
