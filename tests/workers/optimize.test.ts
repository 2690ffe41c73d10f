/**
 * The optimizer's solver layer inside workerd: HiGHS loaded the way a Worker must load it — its .wasm
 * imported as a compiled module and passed through Emscripten's `instantiateWasm` — and both backends
 * answering the same problem, checked exactly.
 */
// a specifier ending in .wasm, as wrangler needs it (src/engine/optimize/highs.ts)
import highsWasm from '../../node_modules/highs/build/highs.wasm';
import { describe, expect, it } from 'vitest';
import { getHighs, provideHighsWasmModule, rat, solve, type LpProblem } from '../../src/engine/optimize/index.js';

/** max x + y s.t. 3x + 2y ≤ 12, x + 3y ≤ 9: (18/7, 15/7), objective 33/7. */
const FRACTIONAL: LpProblem = {
  variables: [{ name: 'x' }, { name: 'y' }],
  constraints: [
    { name: 'a', terms: [['x', 3], ['y', 2]], sense: '<=', rhs: 12 },
    { name: 'b', terms: [['x', 1], ['y', 3]], sense: '<=', rhs: 9 },
  ],
  objective: { sense: 'max', terms: [['x', 1], ['y', 1]] },
};

describe('optimizer in workerd', () => {
  it('loads HiGHS from the imported wasm module and solves with both backends', async () => {
    expect(highsWasm).toBeInstanceOf(WebAssembly.Module);
    provideHighsWasmModule(highsWasm);
    expect((await getHighs()).version.major).toBe(1);
    for (const backend of ['highs', 'jslp'] as const) {
      const r = await solve(FRACTIONAL, { backend });
      expect(r.status).toBe('optimal');
      expect(r.solution!.values.get('x')).toEqual(rat(18n, 7n));
      expect(r.solution!.objective).toEqual(rat(33n, 7n));
    }
  });
});
