/**
 * The request fuzzer inside workerd, through the Worker's real entry (src/worker.ts's fetch handler, see fuzz-sweep.ts):
 * the same generated cases and checks as the Node suite (tests/fuzz/generate.ts), fewer by default.
 *
 * A request that never answers because it computes forever cannot be interrupted from inside the isolate
 * (the test's own timer runs on the same thread), so a bounded wait here catches only asynchronous hangs.
 * Synchronous ones are caught first by the Node suite, which runs the same cases against a separate
 * process it can kill, and which `npm test` runs before this one. (workerd's clock does advance during
 * computation in this test pool, so each answer's time is measured.)
 *
 * FUZZ_SEED and FUZZ_RUNS reach the isolate as bindings (vitest.workers.config.ts).
 */
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { d1Store } from '../../src/store/d1.js';
import { createKey } from '../../src/store/keys.js';
import { casesForOperation, operationsOf, prototypeNameCases, type FuzzCase, type Json } from '../fuzz/generate.js';
import { HANG_REPROS, LONG_SOLVE, scenarioSeeds, smallPortfolios } from '../fuzz/seeds.js';
import { handle, openApi, ORIGIN, runs, seed, sweep } from './fuzz-sweep.js';

describe(`fuzz inside workerd (FUZZ_SEED=${seed}, FUZZ_RUNS=${runs})`, () => {
  const seeds = scenarioSeeds();
  for (const route of [
    '/v1/allocations',
    '/v1/allocations/compare',
    '/v1/optimizations',
    '/v1/rankings',
    '/v1/monitoring',
    '/v1/checks/industry-share',
    '/v1/evaluations',
    '/v1/libraries/entry-review',
    '/v1/libraries/indicator-checks',
    '/v1/libraries/review',
    '/v1/libraries/plan-review',
    '/v1/libraries/matching',
  ]) {
    it(`POST ${route}: generated, seeded and mutated bodies, prototype names in every place`, { timeout: 600_000 }, async () => {
      const doc = await openApi();
      const op = operationsOf(doc, seeds).find((o) => o.route === route && o.method === 'POST');
      if (!op) throw new Error(`${route} is not in /openapi.json`);
      await sweep(route, [...casesForOperation(doc, op, runs, seed), ...prototypeNameCases(op, runs)]);
    });
  }

  it('POST /v1/optimizations: bench project libraries, the two that hung the service among them', { timeout: 600_000 }, async () => {
    const libraries = [...HANG_REPROS, LONG_SOLVE, ...smallPortfolios(Math.ceil(runs / 5), seed)];
    await sweep(
      '/v1/optimizations (bench)',
      libraries.map(({ label, body }) => ({
        family: 'bench',
        label,
        method: 'POST',
        url: '/v1/optimizations',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })),
    );
  });

  it('the library writes with a write key: POST /v1/libraries, …/projects, PATCH …/projects/{id}, …/decisions, PUT, random If-Match values', {
    timeout: 600_000,
  }, async () => {
    const doc = await openApi();
    const key = (await createKey(d1Store(env.DB), { name: 'fuzzer', workspace: 'fuzz', scope: 'write' }, 'cli')).secret;
    const auth = { authorization: `Bearer ${key}` };
    const project = (id: string, extra: { [k: string]: Json } = {}): { [k: string]: Json } => ({
      id,
      name: `白岩村项目${id}`,
      category: 'industry',
      purpose: 'consolidation',
      amount: '120',
      sources: ['central'],
      targets: { output: [{ name: '新建基地', value: '200', unit: '亩' }], effect: [{ name: '带动增收', value: '150', unit: '户' }] },
      linkage: '村集体占股20%',
      feasibilityReviewed: true,
      ...extra,
    });
    const created = await handle(
      new Request(`${ORIGIN}/v1/libraries`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ name: '模糊测试项目库', county: '青岚县', projects: [project('F-1'), project('F-2', { status: 'planned', year: 2025 })] }),
      }),
    );
    const library = ((await created.json()) as { id: string }).id;
    if (created.status !== 201) throw new Error(`the library to fuzz was not made: ${created.status}`);
    const head = async () => (await handle(new Request(`${ORIGIN}/v1/libraries/${library}`, { headers: auth }))).headers.get('etag') ?? '"1"';
    const IF_MATCH = ['HEAD', 'HEAD', undefined, '"1"', '"2"', '"999"', '"0"', '*', 'W/"1"', 'garbage', '"1", "2"'];
    const writes: [string, string, Json[], boolean][] = [
      ['POST', '/v1/libraries', [{ name: '库', county: '县', projects: [project('A-1')] }], false],
      ['POST', '/v1/libraries/{id}/projects', [{ projects: [project('N-1')] }], false],
      ['PATCH', '/v1/libraries/{id}/projects/{projectId}', [{ amount: '150', status: 'planned', year: 2025 }], true],
      ['POST', '/v1/libraries/{id}/decisions', [{ decisions: [{ project: 'F-1', decision: 'keep', reason: '符合规划' }] }], true],
    ];
    // PUT last, seeded with the head's own projects as written (a PUT that drops or moves one back is refused)
    const before = (await (await handle(new Request(`${ORIGIN}/v1/libraries/${library}`, { headers: auth }))).json()) as {
      projects: { [k: string]: Json }[];
    };
    const written = before.projects.map(({ changedIn: _c, decisions: _d, ...p }) => p);
    writes.push(['PUT', '/v1/libraries/{id}', [{ projects: written }], true]);
    for (const [method, route, seeds, withIfMatch] of writes) {
      const op = operationsOf(doc, { [route]: seeds }).find((o) => o.route === route && o.method === method);
      if (!op) throw new Error(`${method} ${route} is not in /openapi.json`);
      const cases = [...casesForOperation(doc, op, runs, seed), ...prototypeNameCases(op, runs)];
      const ifMatch = fc.sample(fc.constantFrom(...IF_MATCH), { seed, numRuns: cases.length });
      const sent: FuzzCase[] = [];
      for (const [i, c] of cases.entries()) {
        const match = withIfMatch ? (ifMatch[i] === 'HEAD' ? await head() : ifMatch[i]) : undefined;
        sent.push({
          ...c,
          label: `${c.label}${match === undefined ? '' : ` [If-Match: ${match}]`}`,
          url: c.url.replace('{id}', library).replace('{projectId}', i % 3 === 2 ? '__proto__' : `F-${1 + (i % 2)}`),
          headers: { ...c.headers, ...auth, ...(match === undefined ? {} : { 'if-match': match }) },
        });
      }
      await sweep(`${method} ${route}`, sent);
    }
  });
});
