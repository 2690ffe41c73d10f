/**
 * The optimizer's solver layer inside workerd: HiGHS loaded the way a Worker must load it — its .wasm
 * imported as a compiled module and passed through Emscripten's `instantiateWasm` — and both backends
 * answering the same problem, checked exactly.
 */
// a specifier ending in .wasm, as wrangler needs it (src/domain/optimization/solver/highs.ts)
import highsWasm from '../../node_modules/highs/build/highs.wasm';
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { hardKnapsack } from '../../bench/optimize-problems.js';
import { getHighs, provideHighsWasmModule, rat, solve, type LpProblem } from '../../src/domain/optimization/index.js';
import seed22 from '../fixtures/repro/portfolio-26-seed22-auto.json';
import jslp50 from '../fixtures/repro/portfolio-50-jslp-default.json';

/** max x + y s.t. 3x + 2y ≤ 12, x + 3y ≤ 9: (18/7, 15/7), objective 33/7. */
const FRACTIONAL: LpProblem = {
  variables: [{ name: 'x' }, { name: 'y' }],
  constraints: [
    {
      name: 'a',
      terms: [
        ['x', 3],
        ['y', 2],
      ],
      sense: '<=',
      rhs: 12,
    },
    {
      name: 'b',
      terms: [
        ['x', 1],
        ['y', 3],
      ],
      sense: '<=',
      rhs: 9,
    },
  ],
  objective: {
    sense: 'max',
    terms: [
      ['x', 1],
      ['y', 1],
    ],
  },
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

  it('stops a MILP at its work limit, which holds where clocks only move on I/O', async () => {
    provideHighsWasmModule(highsWasm);
    const knapsack = hardKnapsack(40);
    const r = await solve(knapsack, { workLimit: { mipNodes: 1 }, mipRelGap: 0 });
    expect(r).toMatchObject({ status: 'time_limit', backend: 'highs' });
    expect(r.gap).toBeGreaterThan(0);
    expect(r.solution).toBeDefined(); // checked exactly by the layer before it is returned
  });
});

describe('POST /v1/optimizations through the Worker entry', () => {
  const post = (body: unknown) =>
    exports.default.fetch('http://allocator.test/v1/optimizations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('solves a portfolio with HiGHS loaded by src/worker.ts, the answer checked exactly', async () => {
    const res = await post({
      kind: 'portfolio',
      unit: 'wan',
      solver: { backend: 'highs' },
      sources: [
        { id: 'central', budget: '300.00', floor: '0.6' },
        { id: 'provincial', budget: '150.00', floor: '0.5' },
      ],
      projects: [
        { id: 'P01', cost: '120.00', category: 'industry', benefits: { beneficiaries: '800' } },
        { id: 'P02', cost: '90.00', category: 'infrastructure', benefits: { beneficiaries: '1500' } },
        { id: 'P03', cost: '250.00', category: 'industry', benefits: { beneficiaries: '1000' } },
      ],
      objective: { maximize: { beneficiaries: '1' }, priorities: 'none' },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.summary).toMatchObject({ kind: 'portfolio', status: 'optimal', verified: true, backends: expect.arrayContaining(['highs']) });
    // 460 万元 of projects, 450 of money: P01 + P02 (2,300) loses to P02 + P03 (2,500, 340 万元), which fits
    expect(body.summary.totals).toMatchObject({ beneficiaries: '2500.000000', count: 2 });
    expect(body.rows.filter((p: any) => p.chosen).map((p: any) => p.id)).toEqual(['P02', 'P03']);
    expect(body.provenance).toMatchObject({ model: null, request: expect.stringMatching(/^sha256:/) });
  });

  // issue 10: javascript-lp-solver's simplex stalled on these and, with clocks standing still during a
  // computation here, nothing stopped it; now its pivots are metered and HiGHS's runs have work limits
  for (const [name, body] of [
    ['portfolio-26-seed22-auto', seed22],
    ['portfolio-50-jslp-default', jslp50],
  ] as const) {
    it(`answers ${name} (reliability sweep) in seconds with a checked plan`, async () => {
      const t = Date.now();
      const res = await post(body);
      expect(res.status).toBe(200);
      const answer = (await res.json()) as any;
      expect(['optimal', 'time_limit']).toContain(answer.summary.status);
      expect(answer.summary.verified).toBe(true);
      expect(answer.rows.some((p: any) => p.chosen)).toBe(true);
      expect(Date.now() - t).toBeLessThan(20_000); // workerd's clock moves on I/O: the awaits above
    });
  }

  it('allocates regions by the direct algorithm', async () => {
    const res = await post({
      kind: 'regions',
      unit: 'wan',
      total: '1000.00',
      holdHarmless: '0.9',
      regions: [
        { id: 'A', target: '416.40', lastYear: '520.00' },
        { id: 'B', target: '339.10', lastYear: '300.00' },
        { id: 'C', target: '244.50', lastYear: '200.00', maximum: '230.00' },
      ],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.summary).toMatchObject({ kind: 'regions', status: 'optimal', method: 'direct' });
    expect(body.rows.map((r: any) => r.amount)).toEqual(['468.00', '309.12', '222.88']);
    expect(body.summary.objective).toBe('103.200000');
    // the wall time is a header in workerd too, never in the answer (the same request, the same bytes)
    expect(body.summary).not.toHaveProperty('ms');
    expect(res.headers.get('server-timing')).toMatch(/^solve;dur=/);
  });

  it('answers floors above the total with a 422 constraints-cannot-hold at /total', async () => {
    const res = await post({
      kind: 'regions',
      unit: 'wan',
      total: '100',
      regions: [
        { id: 'A', target: '60', minimum: '70' },
        { id: 'B', target: '40', minimum: '40' },
      ],
    });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as any;
    expect(problem.errors).toMatchObject([{ pointer: '/total', code: 'constraints-cannot-hold' }]);
    expect(problem.errors[0].detail).toContain('by 10.00万元');
  });
});
