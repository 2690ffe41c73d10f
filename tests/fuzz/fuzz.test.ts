/**
 * The request fuzzer against the real Node entry (src/node.ts, started as its own process and spoken to over
 * HTTP), so that a request that never answers is caught — the server is killed and restarted — instead of
 * freezing the test run. Cases and checks: tests/fuzz/generate.ts, shared with the suite inside workerd
 * (tests/workers/fuzz.test.ts).
 *
 * Deterministic: FUZZ_SEED (default 20261202) and FUZZ_RUNS (cases per POST route, default 120) for longer
 * local runs, e.g. `FUZZ_SEED=7 FUZZ_RUNS=2000 npx vitest run tests/fuzz`. FUZZ_REPORT=<file> writes the
 * distinct failures as JSON lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  BOUND_MS,
  casesForOperation,
  casesForPaths,
  checkResponse,
  distinct,
  failureKey,
  formatFailure,
  operationsOf,
  prototypeNameCases,
  settings,
  slowest,
  type Answer,
  type Failure,
  type FuzzCase,
  type OpenApiDoc,
} from './generate.js';
import { HANG_REPROS, LONG_SOLVE, scenarioSeeds, smallPortfolios } from './seeds.js';

const { seed, runs } = settings(process.env, 120);
/** A request with no answer after this is a hang: the server is killed and started again. */
const HANG_MS = BOUND_MS + 2_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * One request on its own connection (no keep-alive: a socket the server is closing must not fail the next
 * case), given up after `ms` with a TimeoutError.
 */
function httpRequest(url: string, c: FuzzCase, ms: number): Promise<Omit<Answer, 'ms'>> {
  return new Promise((resolve, reject) => {
    const body = c.body === undefined ? undefined : Buffer.from(c.body, 'utf8');
    const headers: Record<string, string | number> = { ...c.headers };
    if (body) headers['content-length'] = body.length;
    const req = request(url, { method: c.method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('error', reject);
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          text: Buffer.concat(chunks).toString('utf8'),
          allow: res.headers.allow ?? null,
        }),
      );
    });
    req.setTimeout(ms, () => req.destroy(Object.assign(new Error(`no answer within ${ms} ms`), { name: 'TimeoutError' })));
    req.on('error', reject);
    req.end(body);
  });
}

/** The Node entry as users run it (`npm run start:node`), its output kept to attribute a 500's stack. */
class NodeEntry {
  private proc?: ChildProcess;
  /** How the server process ended, if it did on its own: a crash, not a hang. */
  private exit?: string;
  /** The request before this one: the likely culprit when the server is found dead. */
  private previous?: FuzzCase;
  base = '';
  log = '';
  restarts = 0;

  async start(): Promise<void> {
    const port = await freePort();
    this.base = `http://127.0.0.1:${port}`;
    this.proc = spawn(process.execPath, ['--import', 'tsx', 'src/node.ts'], {
      // thousands of requests from one address (more with FUZZ_RUNS): the rate limit, tested on its own in
      // tests/api/access-limits.test.ts, is off unless RATE_LIMIT is set
      env: { RATE_LIMIT: '0', ...process.env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exit = undefined;
    this.proc.once('exit', (code, signal) => (this.exit = `exited with ${signal ?? `code ${code}`}`));
    this.proc.stdout!.on('data', (d) => (this.log += d));
    this.proc.stderr!.on('data', (d) => (this.log += d));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (await this.healthy(1_000)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`the Node entry did not start: ${this.log.slice(-2000)}`);
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    await exited;
  }

  async healthy(ms: number): Promise<boolean> {
    try {
      const res = await fetch(this.base + '/health', { signal: AbortSignal.timeout(ms) });
      await res.arrayBuffer();
      return res.ok;
    } catch {
      return false;
    }
  }

  /** One case; a hang is reported, and the server restarted, so the run goes on. */
  async send(c: FuzzCase): Promise<Failure | undefined> {
    try {
      return await this.answer(c);
    } finally {
      this.previous = c;
    }
  }

  private async answer(c: FuzzCase): Promise<Failure | undefined> {
    const logFrom = this.log.length;
    const started = performance.now();
    try {
      const res = await httpRequest(this.base + c.url, c, HANG_MS);
      const a: Answer = { ...res, ms: performance.now() - started };
      // a 500's stack reaches us through a pipe, a little after the answer
      if (a.status >= 500) await new Promise((r) => setTimeout(r, 100));
      const violations = checkResponse(c, a);
      return violations.length ? { c, a, violations, log: this.log.slice(logFrom) } : undefined;
    } catch (err) {
      const ms = performance.now() - started;
      const timedOut = (err as Error).name === 'TimeoutError';
      const stuck = !(await this.healthy(2_000));
      const violations = timedOut
        ? [{ rule: 'hang', message: `no answer within ${HANG_MS} ms${stuck ? '; /health stopped answering too' : ''}` }]
        : [
            {
              rule: 'crash',
              message: `the connection failed after ${Math.round(ms)} ms (${(err as Error).message}); the server ${this.exit ?? 'is still running'}; the request before: ${this.previous ? `${this.previous.method} ${this.previous.url} [${this.previous.family}: ${this.previous.label}]` : 'none'}`,
            },
          ];
      const failure: Failure = { c, a: { status: timedOut ? 'hang' : 'crash', ms }, violations, log: this.log.slice(Math.max(0, logFrom - 2_000)) };
      // a connection the server dropped while it keeps answering needs no restart; a hang or a death does
      if (timedOut || stuck || this.exit) {
        await this.stop();
        this.restarts++;
        await this.start();
      }
      return failure;
    }
  }
}

const entry = new NodeEntry();
let doc: OpenApiDoc;

/** How long /health may take while a solve runs: the solve is off the event loop (issue 10, item 2). */
const HEALTH_DURING_SOLVE_MS = 1_000;

/**
 * One case; with `watchHealth`, /health is asked while it is still being answered, and must answer at once.
 */
async function sendWatched(c: FuzzCase, watchHealth: boolean): Promise<Failure[]> {
  let settled = false;
  const answer = entry.send(c).finally(() => (settled = true));
  const failures: Failure[] = [];
  if (watchHealth) {
    await Promise.race([answer, new Promise((r) => setTimeout(r, 300))]);
    if (!settled) {
      const health: FuzzCase = { family: 'health', label: `GET /health during: ${c.label}`, method: 'GET', url: '/health', headers: {} };
      const started = performance.now();
      const ok = await httpRequest(entry.base + '/health', health, HEALTH_DURING_SOLVE_MS).then(
        (r) => r.status === 200,
        () => false,
      );
      const ms = performance.now() - started;
      if (!settled && !ok) {
        failures.push({
          c,
          a: { status: 'hang', ms },
          violations: [{ rule: 'blocked', message: `GET /health gave no answer within ${HEALTH_DURING_SOLVE_MS} ms while this request was being answered` }],
        });
      }
    }
  }
  const f = await answer;
  if (f) failures.push(f);
  return failures;
}

async function sweep(route: string, cases: FuzzCase[], watchHealth = false): Promise<void> {
  const failures: Failure[] = [];
  const timed: [number, FuzzCase][] = [];
  for (const c of cases) {
    const started = performance.now();
    failures.push(...(await sendWatched(c, watchHealth)));
    timed.push([performance.now() - started, c]);
  }
  console.log(`${route}: ${cases.length} requests; slowest ${slowest(timed)}`);
  const kept = distinct(route, failures);
  if (process.env.FUZZ_REPORT) {
    for (const f of kept)
      appendFileSync(
        process.env.FUZZ_REPORT,
        JSON.stringify({ runtime: 'node', seed, key: failureKey(route, f), repro: formatFailure(f), url: f.c.url, headers: f.c.headers, body: f.c.body }) +
          '\n',
      );
  }
  if (kept.length) {
    throw new Error(
      `${failures.length} of ${cases.length} requests to ${route} broke a rule (FUZZ_SEED=${seed} FUZZ_RUNS=${runs}); ${kept.length} distinct:\n\n` +
        kept.map(formatFailure).join('\n\n'),
    );
  }
}

describe(`fuzz: the Node entry (FUZZ_SEED=${seed}, FUZZ_RUNS=${runs})`, () => {
  beforeAll(async () => {
    await entry.start();
    // the service's own description of itself, from the running entry
    const res = await fetch(entry.base + '/openapi.json');
    doc = (await res.json()) as OpenApiDoc;
  }, 90_000);
  afterAll(() => entry.stop());

  it('documents request bodies to fuzz', () => {
    const posts = operationsOf(doc).filter((o) => o.schema);
    if (posts.length < 7) throw new Error(`only ${posts.length} operations with a body in /openapi.json`);
  });

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
      const op = operationsOf(doc, seeds).find((o) => o.route === route && o.method === 'POST');
      if (!op) throw new Error(`${route} is not in /openapi.json`);
      await sweep(route, [...casesForOperation(doc, op, runs, seed), ...prototypeNameCases(op, runs * 2)]);
    });
  }

  it('POST /v1/optimizations: bench project libraries, the two that hung the service among them; /health answers during each solve', {
    timeout: 600_000,
  }, async () => {
    const libraries = [...HANG_REPROS, LONG_SOLVE, ...smallPortfolios(Math.ceil(runs / 5), seed)];
    const cases: FuzzCase[] = libraries.map(({ label, body }) => ({
      family: 'bench',
      label,
      method: 'POST',
      url: '/v1/optimizations',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }));
    await sweep('/v1/optimizations (bench)', cases, true);
  });

  it('every path with every method, documented GET routes with hostile ids, unknown paths', { timeout: 600_000 }, async () => {
    await sweep('paths and methods', casesForPaths(doc));
  });
});
