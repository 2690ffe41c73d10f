/**
 * The request fuzzer against the real Node entry (src/node.ts, started as its own process and spoken to over
 * HTTP), so that a request that never answers is caught — the server is killed and restarted — instead of
 * freezing the test run. Cases and checks: tests/fuzz/generate.ts, shared with the suite inside workerd
 * (tests/workers/fuzz.test.ts).
 *
 * Deterministic: FUZZ_SEED (default 20261202) and FUZZ_RUNS (cases per POST route, default 120) for longer
 * local runs, e.g. `FUZZ_SEED=7 FUZZ_RUNS=2000 npx vitest run tests/fuzz`. FUZZ_REPORT=<file> writes the
 * distinct failures as JSON lines.
 *
 * The entry runs on its own SQLite file (a temporary DATABASE_PATH) with a write key made before it starts, so
 * the writes are fuzzed too: the project library's POST /v1/libraries (JSON and CSV/TSV/XLSX bodies), POST
 * …/projects, PATCH …/projects/{projectId}, POST …/decisions and PUT, with random If-Match values.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createKey } from '../../src/store/keys.js';
import { sqliteStore } from '../../src/store/sqlite.js';
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
  type Json,
  type OpenApiDoc,
  PROTOTYPE_NAMES,
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
  /** The status of every answer, in order: a sweep of writes checks that some landed. */
  readonly statuses: number[] = [];
  /** More environment for the process (its DATABASE_PATH), kept across restarts. */
  env: Record<string, string> = {};

  async start(): Promise<void> {
    const port = await freePort();
    this.base = `http://127.0.0.1:${port}`;
    this.proc = spawn(process.execPath, ['--import', 'tsx', 'src/node.ts'], {
      // thousands of requests from one address (more with FUZZ_RUNS): the rate limit, tested on its own in
      // tests/api/access-limits.test.ts, is off unless RATE_LIMIT is set
      env: { RATE_LIMIT: '0', ...process.env, ...this.env, PORT: String(port), HOST: '127.0.0.1' },
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
      this.statuses.push(a.status);
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

// ---------------------------------------------------------------------------------------------------------
// The project library's writes: seeds, If-Match values, table bodies

const JSON_HEADERS = { 'content-type': 'application/json' };

/** A project that passes entry review (targets, feasibility review, linkage, a related purpose). */
function libraryProject(id: string, extra: { [key: string]: Json } = {}): { [key: string]: Json } {
  return {
    id,
    name: `白岩村项目${id}`,
    town: '金山镇',
    village: '白岩村',
    category: 'industry',
    purpose: 'consolidation',
    amount: '120',
    sources: ['central'],
    targets: { output: [{ name: '新建基地', value: '200', unit: '亩' }], effect: [{ name: '带动增收', value: '150', unit: '户' }] },
    linkage: '村集体占股20%',
    feasibilityReviewed: true,
    ...extra,
  };
}

const LIBRARY_SEED = {
  name: '模糊测试项目库',
  county: '青岚县',
  projects: [
    libraryProject('F-1', { enteredOn: '2023-09-15' }),
    libraryProject('F-2', { status: 'planned', year: 2025, approvedAmount: '100', drawingReviewed: false }),
    libraryProject('F-3', {
      category: 'infrastructure',
      targets: { output: [{ name: '硬化道路', value: '3', unit: '公里' }], effect: [{ name: '受益', value: '90', unit: '户' }] },
    }),
  ],
} satisfies Json;

/** If-Match values: the head (read just before), old, future, weak, listed, malformed, absent. */
const IF_MATCH: (string | undefined)[] = [
  'HEAD',
  'HEAD',
  undefined,
  '"1"',
  '"2"',
  '"3"',
  '"7"',
  '"999"',
  '"0"',
  '"-1"',
  '"1e3"',
  '"99999999999999999999"',
  '*',
  'W/"1"',
  'garbage',
  '""',
  '"1", "2"',
  '"__proto__"',
];

const SAMPLE_CSV = readFileSync(new URL('../../samples/library-sample.csv', import.meta.url), 'utf8');
const SAMPLE_ROWS = SAMPLE_CSV.trim()
  .split(/\r?\n/)
  .map((line) => line.split(','));

/** What a hostile cell holds: prototype names, grouped, exponent and huge numbers, formulas, controls, long text. */
const HOSTILE_CELLS = [
  ...PROTOTYPE_NAMES,
  '1,200',
  '"1,200.50"',
  '1e30',
  '99999999999999999999',
  '-1',
  '0',
  '=1+1',
  '@SUM(A1)',
  '是否',
  '完成',
  '2025-02-30',
  '2025/13/1',
  '世界银行',
  '养殖',
  '★',
  '新建基地:1,200亩',
  '新建基地',
  ':',
  '"',
  '""',
  '\u0000',
  '\u202e',
  '\ud800',
  'a'.repeat(5_000),
  '',
];

const TABLE_TYPES = [
  'text/csv',
  'text/csv; charset=gbk',
  'text/csv; charset=utf-8',
  'text/tab-separated-values',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/plain',
];

const TABLE_QUERIES = [
  'name=%E6%A8%A1%E7%B3%8A&county=%E9%9D%92%E5%B2%9A%E5%8E%BF',
  'name=x&county=y&unit=yuan',
  'name=x&county=y&unit=yi',
  'name=x&county=y&model=__proto__',
  'name=x&county=y&model=nope&visibility=public',
  'name=x&county=y&visibility=x',
  'county=y',
  'name=x',
  '',
  'name=x&county=y&extra=1',
  'name=toString&county=constructor',
  'name=%00&county=y',
  'name=x&county=y&name=z',
];

/** The sample library as a table, one thing changed: a cell, a header, a row, the separator, the type or the query. */
const tableCase: fc.Arbitrary<FuzzCase> = fc
  .record({
    kind: fc.constantFrom('cell', 'cell', 'cell', 'header', 'truncate', 'row', 'none'),
    row: fc.nat({ max: SAMPLE_ROWS.length - 1 }),
    column: fc.nat({ max: SAMPLE_ROWS[0].length - 1 }),
    cell: fc.constantFrom(...HOSTILE_CELLS),
    cut: fc.nat({ max: SAMPLE_CSV.length }),
    tabs: fc.boolean(),
    type: fc.constantFrom(...TABLE_TYPES),
    query: fc.constantFrom(...TABLE_QUERIES),
  })
  .map((t) => {
    const rows = SAMPLE_ROWS.map((r) => [...r]);
    let label: string;
    if (t.kind === 'cell') {
      rows[1 + (t.row % (rows.length - 1))][t.column] = t.cell;
      label = `row ${2 + (t.row % (rows.length - 1))} column ${t.column + 1} ← ${JSON.stringify(t.cell.slice(0, 30))}`;
    } else if (t.kind === 'header') {
      rows[0][t.column] = t.cell;
      label = `header ${t.column + 1} ← ${JSON.stringify(t.cell.slice(0, 30))}`;
    } else if (t.kind === 'row') {
      rows.splice(1 + (t.row % (rows.length - 1)), 0, [...rows[1]]);
      label = 'a row duplicated (its id twice)';
    } else label = t.kind === 'truncate' ? `truncated at ${t.cut}` : 'the sample as is';
    let text = rows.map((r) => r.join(t.tabs ? '\t' : ',')).join('\n');
    if (t.kind === 'truncate') text = text.slice(0, t.cut);
    return {
      family: 'table',
      label: `${label}; ${t.tabs ? 'tab-separated' : 'comma-separated'}; ${t.type}; ?${t.query}`,
      method: 'POST',
      url: `/v1/libraries${t.query ? `?${t.query}` : ''}`,
      headers: { 'content-type': t.type },
      body: text,
    };
  });

const entry = new NodeEntry();

/** A sweep of writes that never got past the key, the If-Match or the schema would prove nothing: some must land (2xx), some be refused. */
function expectWritesLanded(route: string, statuses: readonly number[]): void {
  const landed = statuses.filter((x) => x >= 200 && x < 300).length;
  const refused = statuses.filter((x) => x >= 400 && x < 500).length;
  const unauthorised = statuses.filter((x) => x === 401 || x === 403).length;
  if (landed === 0 || refused === 0 || unauthorised > 0) {
    throw new Error(
      `${route}: ${landed} written, ${refused} refused, ${unauthorised} refused the key, of ${statuses.length}: the sweep does not reach the writes`,
    );
  }
}
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

/** The write key the library writes are sent with (made in the entry's own database before it starts). */
let writeKey = '';

describe(`fuzz: the Node entry (FUZZ_SEED=${seed}, FUZZ_RUNS=${runs})`, () => {
  beforeAll(async () => {
    const database = join(mkdtempSync(join(tmpdir(), 'fuzz-node-')), 'allocator.sqlite');
    const store = sqliteStore(database);
    writeKey = (await createKey(store, { name: 'fuzzer', workspace: 'fuzz', scope: 'write' }, 'cli')).secret;
    await store.close();
    entry.env = { DATABASE_PATH: database };
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

  describe('the library writes, with a write key (audit 15 #9)', () => {
    let library = '';
    const auth = () => ({ authorization: `Bearer ${writeKey}` });

    /** The library's head ETag now, as a client would read it before a write. */
    async function head(): Promise<string> {
      const res = await fetch(`${entry.base}/v1/libraries/${library}`, { headers: auth() });
      await res.arrayBuffer();
      return res.headers.get('etag') ?? '"1"';
    }

    beforeAll(async () => {
      const res = await fetch(`${entry.base}/v1/libraries`, {
        method: 'POST',
        headers: { ...JSON_HEADERS, ...auth() },
        body: JSON.stringify(LIBRARY_SEED),
      });
      const body = (await res.json()) as { id?: string };
      if (res.status !== 201 || !body.id) throw new Error(`the library to fuzz was not made: ${res.status} ${JSON.stringify(body)}`);
      library = body.id;
    }, 60_000);

    /**
     * The cases of one documented write, sent to the library made above with the key, each with an If-Match from
     * IF_MATCH (HEAD: the library's head at the time), deterministic for the seed.
     */
    async function sweepWrite(method: string, route: string, seeds: Json[], withIfMatch: boolean): Promise<void> {
      const op = operationsOf(doc, { [route]: seeds }).find((o) => o.route === route && o.method === method);
      if (!op) throw new Error(`${method} ${route} is not in /openapi.json`);
      const cases = [...casesForOperation(doc, op, runs, seed), ...prototypeNameCases(op, runs)];
      const ifMatch = fc.sample(fc.constantFrom(...IF_MATCH), { seed, numRuns: cases.length });
      const projectIds = fc.sample(fc.constantFrom('F-1', 'F-2', 'F-3', 'NOPE', '__proto__', 'toString'), { seed: seed + 1, numRuns: cases.length });
      const sent: FuzzCase[] = [];
      for (const [i, c] of cases.entries()) {
        const match = withIfMatch ? (ifMatch[i] === 'HEAD' ? await head() : ifMatch[i]) : undefined;
        sent.push({
          ...c,
          label: `${c.label}${match === undefined ? '' : ` [If-Match: ${match}]`}`,
          url: c.url.replace('{id}', library).replace('{projectId}', encodeURIComponent(projectIds[i])),
          headers: { ...c.headers, ...auth(), ...(match === undefined ? {} : { 'if-match': match }) },
        });
      }
      const from = entry.statuses.length;
      await sweep(`${method} ${route}`, sent);
      expectWritesLanded(`${method} ${route}`, entry.statuses.slice(from));
    }

    it('POST /v1/libraries: JSON bodies generated, seeded and mutated', { timeout: 600_000 }, async () => {
      await sweepWrite('POST', '/v1/libraries', [LIBRARY_SEED], false);
    });

    it('POST /v1/libraries: CSV, TSV and XLSX bodies (the sample with hostile cells, headers, types and query strings)', { timeout: 600_000 }, async () => {
      const cases = fc.sample(tableCase, { seed, numRuns: runs }).map((t) => ({ ...t, headers: { ...t.headers, ...auth() } }));
      const from = entry.statuses.length;
      await sweep('POST /v1/libraries (tables)', cases);
      expectWritesLanded('POST /v1/libraries (tables)', entry.statuses.slice(from));
    });

    it('POST /v1/libraries/{id}/projects', { timeout: 600_000 }, async () => {
      await sweepWrite(
        'POST',
        '/v1/libraries/{id}/projects',
        [{ projects: [libraryProject('N-1'), libraryProject('N-2', { status: 'planned', year: 2025 })] }],
        false,
      );
    });

    it('PATCH /v1/libraries/{id}/projects/{projectId} with random If-Match values', { timeout: 600_000 }, async () => {
      await sweepWrite(
        'PATCH',
        '/v1/libraries/{id}/projects/{projectId}',
        [
          { amount: '150', status: 'planned', year: 2025 },
          { drawingReviewed: true, arranged: '20' },
        ],
        true,
      );
    });

    it('POST /v1/libraries/{id}/decisions with random If-Match values', { timeout: 600_000 }, async () => {
      await sweepWrite(
        'POST',
        '/v1/libraries/{id}/decisions',
        [
          {
            decisions: [
              { project: 'F-1', decision: 'keep', reason: '符合规划', date: '2025-09-15' },
              { project: 'F-2', decision: 'adjust', reason: '调减规模', changes: { amount: '90' } },
            ],
          },
          { decisions: [{ project: 'F-3', decision: 'remove', reason: '已满两年未实施' }] },
        ],
        true,
      );
    });

    it('PUT /v1/libraries/{id} with random If-Match values', { timeout: 600_000 }, async () => {
      // the head's own projects as written (a PUT that drops or moves one back is refused), then mutated
      const res = await fetch(`${entry.base}/v1/libraries/${library}`, { headers: auth() });
      const { projects } = (await res.json()) as { projects: { [key: string]: Json }[] };
      const written = projects.map(({ changedIn: _c, decisions: _d, ...p }) => p);
      await sweepWrite('PUT', '/v1/libraries/{id}', [{ projects: written }], true);
    });
  });

  it('every path with every method, documented GET routes with hostile ids, unknown paths', { timeout: 600_000 }, async () => {
    await sweep('paths and methods', casesForPaths(doc));
  });
});
