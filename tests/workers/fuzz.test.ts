/**
 * The request fuzzer inside workerd, through the Worker's real entry (src/worker.ts, `exports.default.fetch`):
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
import { env, exports } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { d1Store } from '../../src/store/d1.js';
import { createKey } from '../../src/store/keys.js';
import {
  BOUND_MS,
  casesForOperation,
  casesForPaths,
  checkResponse,
  distinct,
  formatFailure,
  operationsOf,
  prototypeNameCases,
  settings,
  slowest,
  type Answer,
  type Failure,
  type FuzzCase,
  type Json,
  type OpenApiDoc,
} from '../fuzz/generate.js';
import { HANG_REPROS, LONG_SOLVE, scenarioSeeds, smallPortfolios } from '../fuzz/seeds.js';

const ORIGIN = 'http://allocator.test';
/** Each request costs several times more here than in Node (the pool's fetch path): fewer cases by default. */
const { seed, runs } = settings(env as unknown as { FUZZ_SEED?: string; FUZZ_RUNS?: string }, 20);
const HANG_MS = BOUND_MS + 2_000;

/** One case through the Worker's fetch handler; what it logs with console.error is kept for the report. */
async function send(c: FuzzCase): Promise<Failure | undefined> {
  const logged: string[] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => {
    logged.push(args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}\n${a.stack ?? ''}` : String(a))).join(' '));
    consoleError(...args);
  };
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const answer = (async (): Promise<Answer> => {
      const res = await exports.default.fetch(ORIGIN + c.url, {
        method: c.method,
        headers: c.headers,
        body: c.body === undefined ? undefined : new TextEncoder().encode(c.body),
      });
      const text = await res.text();
      return {
        status: res.status,
        contentType: res.headers.get('content-type') ?? '',
        text,
        ms: performance.now() - started,
        allow: res.headers.get('allow'),
      };
    })();
    const timeout = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), HANG_MS)));
    const a = await Promise.race([answer, timeout]);
    if (a === 'hang') {
      return {
        c,
        a: { status: 'hang', ms: performance.now() - started },
        violations: [{ rule: 'hang', message: `no answer within ${HANG_MS} ms` }],
        log: logged.join('\n'),
      };
    }
    const violations = checkResponse(c, a);
    return violations.length ? { c, a, violations, log: logged.join('\n') } : undefined;
  } finally {
    clearTimeout(timer);
    console.error = consoleError;
  }
}

async function sweep(route: string, cases: FuzzCase[]): Promise<void> {
  const failures: Failure[] = [];
  const timed: [number, FuzzCase][] = [];
  for (const c of cases) {
    const started = performance.now();
    const f = await send(c);
    timed.push([performance.now() - started, c]);
    if (f) failures.push(f);
  }
  console.log(`${route}: ${cases.length} requests; slowest ${slowest(timed)}`);
  const kept = distinct(route, failures);
  if (kept.length) {
    throw new Error(
      `${failures.length} of ${cases.length} requests to ${route} broke a rule inside workerd (FUZZ_SEED=${seed} FUZZ_RUNS=${runs}); ${kept.length} distinct:\n\n` +
        kept.map(formatFailure).join('\n\n'),
    );
  }
}

async function openApi(): Promise<OpenApiDoc> {
  const res = await exports.default.fetch(ORIGIN + '/openapi.json');
  return (await res.json()) as OpenApiDoc;
}

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
    const created = await exports.default.fetch(`${ORIGIN}/v1/libraries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ name: '模糊测试项目库', county: '青岚县', projects: [project('F-1'), project('F-2', { status: 'planned', year: 2025 })] }),
    });
    const library = ((await created.json()) as { id: string }).id;
    if (created.status !== 201) throw new Error(`the library to fuzz was not made: ${created.status}`);
    const head = async () => (await exports.default.fetch(`${ORIGIN}/v1/libraries/${library}`, { headers: auth })).headers.get('etag') ?? '"1"';
    const IF_MATCH = ['HEAD', 'HEAD', undefined, '"1"', '"2"', '"999"', '"0"', '*', 'W/"1"', 'garbage', '"1", "2"'];
    const writes: [string, string, Json[], boolean][] = [
      ['POST', '/v1/libraries', [{ name: '库', county: '县', projects: [project('A-1')] }], false],
      ['POST', '/v1/libraries/{id}/projects', [{ projects: [project('N-1')] }], false],
      ['PATCH', '/v1/libraries/{id}/projects/{projectId}', [{ amount: '150', status: 'planned', year: 2025 }], true],
      ['POST', '/v1/libraries/{id}/decisions', [{ decisions: [{ project: 'F-1', decision: 'keep', reason: '符合规划' }] }], true],
    ];
    // PUT last, seeded with the head's own projects as written (a PUT that drops or moves one back is refused)
    const before = (await (await exports.default.fetch(`${ORIGIN}/v1/libraries/${library}`, { headers: auth })).json()) as {
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

  it('every path with every method, documented GET routes with hostile ids, unknown paths (all of them when FUZZ_RUNS > 30)', {
    timeout: 600_000,
  }, async () => {
    await sweep('paths and methods', casesForPaths(await openApi(), runs > 30));
  });
});
