/**
 * The fuzzer's sweep inside workerd, shared by tests/workers/fuzz.test.ts (the routes, the optimizer's
 * libraries, the library writes) and tests/workers/fuzz-paths.test.ts (every path and method).
 *
 * Each case goes to the Worker's own fetch handler (src/worker.ts's default export, with this isolate's env
 * and an execution context), not through the pool's `exports.default.fetch`: that path gets slower with every
 * request an isolate has served (measured here: 3 ms per request at first, 53 ms after 300, the same HEAD of
 * an unknown path; the handler itself stays at 0.2 ms), the open cloudflare/workers-sdk#15446, and it pushed
 * this sweep past 600 s in CI. Static assets (/docs/assets) are served before the Worker in production and
 * are tested through the pool in tests/workers/pages.test.ts.
 */
import { env } from 'cloudflare:workers';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import worker from '../../src/worker.js';
import {
  BOUND_MS,
  checkResponse,
  distinct,
  formatFailure,
  settings,
  slowest,
  type Answer,
  type Failure,
  type FuzzCase,
  type OpenApiDoc,
} from '../fuzz/generate.js';

export const ORIGIN = 'http://allocator.test';
/** As many cases by default as the Node suite (tests/fuzz/fuzz.test.ts). */
export const { seed, runs } = settings(env as unknown as { FUZZ_SEED?: string; FUZZ_RUNS?: string }, 120);
const HANG_MS = BOUND_MS + 2_000;

/** One request through the Worker's fetch handler, waiting for what it left running (ctx.waitUntil). */
export async function handle(request: Request): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(request, env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

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
      const res = await handle(
        new Request(ORIGIN + c.url, {
          method: c.method,
          headers: c.headers,
          body: c.body === undefined ? undefined : new TextEncoder().encode(c.body),
        }),
      );
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

export async function sweep(route: string, cases: FuzzCase[]): Promise<void> {
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

export async function openApi(): Promise<OpenApiDoc> {
  const res = await handle(new Request(ORIGIN + '/openapi.json'));
  return (await res.json()) as OpenApiDoc;
}
