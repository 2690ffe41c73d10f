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
import { describe, it } from 'vitest';
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

  it('every path with every method, documented GET routes with hostile ids, unknown paths (all of them when FUZZ_RUNS > 30)', {
    timeout: 600_000,
  }, async () => {
    await sweep('paths and methods', casesForPaths(await openApi(), runs > 30));
  });
});
