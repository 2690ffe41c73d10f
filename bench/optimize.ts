/**
 * npm run bench, optimizer section (issue 4); bench/run.ts runs it after the allocation sections unless
 * BENCH_SKIP_OPTIMIZE=1. Every time is a median of interleaved rounds (each round runs every contestant
 * once, starting with a different one each round, so a slow spell of this shared machine hits them alike),
 * and every answer is checked before its time counts: status optimal (a portfolio within its 1e-4 gap),
 * the same objective from every backend that finished, the group row binding. An answer that is not
 * optimal is printed as what it is, never as a time, and is left out of the ratios.
 *
 * - Kind 1, regions (bench/region-data.ts): optimizeRegions with a group-share row, so it needs the LP
 *   (`method: "lp"`: a MILP in whole granules, mipRelGap 0), forced to each backend; and the same regions
 *   with bounds only through the direct algorithm against the LP (objectives checked equal first).
 * - Kind 2, portfolio (bench/portfolio-data.ts): optimizePortfolio as a request runs it (lexicographic
 *   priority stages, whole granules, marginal values), forced to each backend.
 * - Targets: (a) 1,000 projects to a 1e-4 gap in under 1 s (highs and auto); (b) 3,000 regions through the
 *   direct algorithm in under 10 ms; (c) auto never above 2× the faster of jslp and highs.
 *
 * javascript-lp-solver cannot finish the large instances, and its time limit only stops branch and bound,
 * never its LP simplex: its runs go to a child process (this file, forked) with the service's default
 * limit, killed when it has not answered JSLP_KILL_MS later or holds more than JSLP_MAX_RSS of memory.
 * HiGHS and auto get the API's longest limit, so that they finish and their time to the optimum is seen.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fromGranules } from '../src/core/money.js';
import type { BackendChoice } from '../src/domain/optimization/solver/core.js';
import { getHighs, highsLoaded } from '../src/domain/optimization/solver/highs.js';
import { optimizePortfolio } from '../src/domain/optimization/portfolio/portfolio.js';
import type { PortfolioInput, RegionAllocationInput } from '../src/domain/optimization/problems.js';
import { optimizeRegions, waterFillingProblem } from '../src/domain/optimization/regions/allocation.js';
import { readRegionProblem } from '../src/domain/optimization/regions/input.js';
import { waterFill } from '../src/domain/optimization/regions/waterFilling.js';
import { asReceived } from './data.js';
import { portfolioLibrary } from './portfolio-data.js';
import { regionBounds, regionGroupShare } from './region-data.js';

const SIZES = [50, 200, 1000, 5000] as const;
const BACKENDS = ['jslp', 'highs', 'auto'] as const;
type Backend = (typeof BACKENDS)[number];
type Kind = 'regions' | 'portfolio';

/** jslp's limit: the service's default (DEFAULT_TIME_LIMIT_MS), what a request forcing jslp gets. */
const JSLP_LIMIT_MS = 5_000;
/** Its child process is killed when it has not answered by then (its simplex ignores the limit)… */
const JSLP_KILL_MS = JSLP_LIMIT_MS + 5_000;
/** … or when it holds more memory than this (its dense tableau is rows × columns doubles). */
const JSLP_MAX_RSS = 2 * 1024 ** 3;
/** highs and auto: the API's longest limit (MAX_TIME_LIMIT_MS), so they finish. */
const LIMIT_MS = 20_000;
const PORTFOLIO_GAP = 1e-4;

/** Rounds per size: fewer where one call takes seconds. Warm-up (2 runs, not timed) at the smallest size. */
const ROUNDS: Record<Kind, Record<number, number>> = {
  regions: { 50: 15, 200: 7, 1000: 3, 5000: 3 },
  portfolio: { 50: 7, 200: 5, 1000: 5, 5000: 3 },
};
const DIRECT_ROUNDS = 100;
const TARGET_B_REGIONS = 3000;

// ---------------------------------------------------------------------------------------------------------
// instances and one checked call

/** The bounds-only regions, and the group's share of the total in their optimum (the direct algorithm's). */
async function groupShareWithoutGroup(n: number): Promise<number> {
  const base = regionBounds(n);
  const d = await optimizeRegions({ ...base, method: 'direct' });
  if (d.solve.status !== 'optimal') throw new Error(`bench data: ${n} bounds-only regions are ${d.solve.status}`);
  const sum = d.rows.reduce((s, row, i) => (i % 3 === 0 ? s + Number(row.amount) : s), 0);
  return sum / Number(base.total);
}

const instances = new Map<string, Promise<RegionAllocationInput | PortfolioInput>>();
function instance(kind: Kind, n: number): Promise<RegionAllocationInput | PortfolioInput> {
  const key = `${kind}:${n}`;
  let p = instances.get(key);
  if (!p) {
    p = kind === 'regions' ? groupShareWithoutGroup(n).then((share) => regionGroupShare(n, share)) : Promise.resolve(asReceived(portfolioLibrary(n)));
    instances.set(key, p);
  }
  return p;
}

interface Outcome {
  readonly ms: number;
  readonly status: string;
  readonly message?: string;
  readonly backends: readonly string[];
  /** regions: the objective (exact text); portfolio: each priority stage's value */
  readonly objective: string;
  readonly gap?: number;
  /** regions: every group limit binds */
  readonly groupsBind?: boolean;
}

async function call(kind: Kind, input: RegionAllocationInput | PortfolioInput, backend: BackendChoice, timeLimitMs: number): Promise<Outcome> {
  const solver = { backend, timeLimitMs };
  if (kind === 'regions') {
    const t0 = performance.now();
    const r = await optimizeRegions({ ...(input as RegionAllocationInput), solver });
    const ms = performance.now() - t0;
    return {
      ms,
      status: r.solve.status,
      message: r.solve.message,
      backends: r.solve.backends,
      objective: String(r.objective),
      groupsBind: r.groups.every((g) => g.binding),
    };
  }
  const t0 = performance.now();
  const r = await optimizePortfolio({ ...(input as PortfolioInput), solver });
  const ms = performance.now() - t0;
  const objective = (r.priorityStages ?? []).map((s) => s.value).join(' / ');
  return { ms, status: r.solve.status, message: r.solve.message, backends: r.solve.backends, objective, gap: r.solve.gap };
}

/** Why an answer's time does not count, or undefined when it does. */
function rejection(kind: Kind, o: Outcome): string | undefined {
  if (o.status === 'optimal') {
    if (kind === 'regions' && !o.groupsBind) throw new Error(`bench data: the group-share row does not bind (${o.backends.join('+')})`);
    if (kind === 'portfolio' && o.gap !== undefined && o.gap > PORTFOLIO_GAP) return `optimal but gap ${o.gap.toExponential(1)}`;
    return undefined;
  }
  if (/too large for javascript-lp-solver/.test(o.message ?? '')) return 'refused (over cell cap)';
  return o.status === 'time_limit' ? `time limit (${(o.ms / 1000).toFixed(1)} s)` : `${o.status} after ${(o.ms / 1000).toFixed(1)} s`;
}

// ---------------------------------------------------------------------------------------------------------
// javascript-lp-solver in a child process

type ChildReply = Outcome | { readonly failed: string };

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0; // no /proc: the time limit alone guards
  }
}

class JslpChild {
  private child?: ChildProcess;
  private ready?: Promise<void>;

  private start(): void {
    const child = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, BENCH_OPTIMIZE_CHILD: '1' } });
    this.child = child;
    this.ready = new Promise((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`the jslp child process exited (${code}) before it was ready`)));
    });
  }

  async run(kind: Kind, n: number): Promise<ChildReply> {
    if (!this.child) this.start();
    await this.ready;
    const child = this.child!;
    const sent = performance.now();
    return new Promise((resolve) => {
      const finish = (reply: ChildReply) => {
        clearTimeout(timer);
        clearInterval(watch);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if ('failed' in reply) {
          child.kill('SIGKILL');
          this.child = undefined;
        }
        resolve(reply);
      };
      const onMessage = (m: unknown) => finish(m as Outcome);
      const onExit = (code: number | null, signal: string | null) => finish({ failed: `its process ended (${code ?? signal})` });
      const timer = setTimeout(() => finish({ failed: `killed: no answer in ${JSLP_KILL_MS / 1000} s` }), JSLP_KILL_MS);
      const watch = setInterval(() => {
        const rss = rssOf(child.pid!);
        if (rss > JSLP_MAX_RSS) {
          finish({ failed: `killed at ${(rss / 1024 ** 3).toFixed(1)} GB after ${((performance.now() - sent) / 1000).toFixed(1)} s` });
        }
      }, 100);
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send({ kind, n });
    });
  }

  close(): void {
    this.child?.kill();
    this.child = undefined;
  }
}

async function childMain(): Promise<void> {
  await getHighs(); // the portfolio's marginal values use HiGHS whatever the backend: loaded before any timing
  process.on('message', async (job: { kind: Kind; n: number }) => {
    const input = await instance(job.kind, job.n);
    process.send!(await call(job.kind, input, 'jslp', JSLP_LIMIT_MS));
  });
  process.send!({ ready: true });
}

// ---------------------------------------------------------------------------------------------------------
// measuring

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x: number) => `${x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)} ms`;
const times = (x: number) => `${x.toFixed(2)}×`;

let highsReloads = 0;
async function keepHighsLoaded(): Promise<void> {
  // HiGHS drops its instance when it holds > 256 MB (highs.ts); reload it outside the timings
  if (!highsLoaded()) {
    highsReloads++;
    await getHighs();
  }
}

interface Cell {
  readonly ms: number[];
  failed?: string;
  picked?: string;
  gap?: number;
}

interface Comparison {
  readonly kind: Kind;
  readonly n: number;
  readonly rounds: number;
  readonly cells: Record<Backend, Cell>;
}

async function compareBackends(kind: Kind, n: number, jslp: JslpChild, warmUp: number): Promise<Comparison> {
  const input = await instance(kind, n);
  const rounds = ROUNDS[kind][n];
  const cells = Object.fromEntries(BACKENDS.map((b) => [b, { ms: [] } as Cell])) as Record<Backend, Cell>;
  let objective: string | undefined;
  for (let round = -warmUp; round < rounds; round++) {
    // each round starts with the next backend, so none always runs right after the jslp child answered
    const start = (round + warmUp) % BACKENDS.length;
    for (const b of [...BACKENDS.slice(start), ...BACKENDS.slice(0, start)]) {
      const cell = cells[b];
      if (cell.failed) continue;
      const reply: ChildReply = b === 'jslp' ? await jslp.run(kind, n) : await call(kind, input, b, LIMIT_MS);
      if (b !== 'jslp') await keepHighsLoaded();
      if ('failed' in reply) {
        cell.failed = reply.failed;
        continue;
      }
      const why = rejection(kind, reply);
      if (why) {
        cell.failed = why + (reply.message ? ` — ${reply.message}` : '');
        continue;
      }
      // regions: mipRelGap 0, so every backend must reach the same optimum exactly
      if (kind === 'regions') {
        objective ??= reply.objective;
        if (reply.objective !== objective) throw new Error(`regions n=${n}: ${b} answered objective ${reply.objective}, another backend ${objective}`);
      }
      cell.picked = reply.backends.join('+');
      cell.gap = Math.max(cell.gap ?? 0, reply.gap ?? 0);
      if (round >= 0) cell.ms.push(reply.ms);
    }
  }
  return { kind, n, rounds, cells };
}

function table(header: string[], body: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padStart(widths[i])).join('  ');
  console.log(line(header));
  for (const r of body) console.log(line(r));
}

/** One row of a backend table, its auto/best ratio, and notes for the cells without a time. */
function backendRow(c: Comparison, notes: string[]): { row: string[]; ratio?: number; note?: string } {
  const m = (b: Backend) => (c.cells[b].failed ? undefined : median(c.cells[b].ms));
  const cell = (b: Backend) => {
    const f = c.cells[b].failed;
    if (!f) return fmt(m(b)!);
    notes.push(`${b}, ${c.kind} n=${c.n}: ${f}`);
    return f.startsWith('refused') ? 'refused' : f.startsWith('time limit') ? 'time limit' : f.startsWith('killed') ? 'killed' : f.split(' ')[0];
  };
  const [j, h, a] = [m('jslp'), m('highs'), m('auto')];
  const finished = [j, h].filter((x): x is number => x !== undefined);
  const best = finished.length ? Math.min(...finished) : undefined;
  const ratio = a !== undefined && best !== undefined ? a / best : undefined;
  const over = j === undefined ? ' (highs only)' : h === undefined ? ' (jslp only)' : '';
  return {
    row: [
      String(c.n),
      String(c.rounds),
      cell('jslp'),
      cell('highs'),
      cell('auto'),
      c.cells.auto.picked ?? '-',
      j !== undefined && h !== undefined ? times(j / h) : '-',
      ratio !== undefined ? times(ratio) + over : '-',
    ],
    ratio,
  };
}

/** Medians of functions run in one interleaved loop; `perRound` runs of each per round. */
async function interleaved<K extends string>(fns: Record<K, { run: () => unknown; perRound: number }>, rounds: number): Promise<Record<K, number>> {
  const names = Object.keys(fns) as K[];
  const ms = Object.fromEntries(names.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let r = 0; r < rounds; r++) {
    for (const k of names) {
      for (let i = 0; i < fns[k].perRound; i++) {
        const t0 = performance.now();
        await fns[k].run();
        ms[k].push(performance.now() - t0);
        await keepHighsLoaded();
      }
    }
  }
  return Object.fromEntries(names.map((k) => [k, median(ms[k])])) as Record<K, number>;
}

// ---------------------------------------------------------------------------------------------------------

export async function optimizeBench(): Promise<void> {
  const started = performance.now();
  const t0 = performance.now();
  await getHighs();
  const load = performance.now() - t0;
  console.log(`Optimizer (issue 4), Node ${process.version}: medians of interleaved rounds; every answer checked before its time counts.`);
  console.log(`HiGHS load (compile + instantiate its wasm, once per process, before any timing): ${fmt(load)}`);
  console.log(
    `Limits: jslp ${JSLP_LIMIT_MS / 1000} s (the service default; its runs in a child process, killed after ${JSLP_KILL_MS / 1000} s or at ${JSLP_MAX_RSS / 1024 ** 3} GB), highs and auto ${LIMIT_MS / 1000} s (the API maximum).`,
  );
  const jslp = new JslpChild();
  const notes: string[] = [];
  const ratios: { what: string; ratio: number | undefined }[] = [];
  try {
    // kind 1: regions with a group-share row, each backend
    console.log('');
    console.log('Kind 1, regions with a group-share row (optimizeRegions method "lp": a MILP in whole granules of 0.01万元, mipRelGap 0)');
    const regionRows: string[][] = [];
    for (const [k, n] of SIZES.entries()) {
      const c = await compareBackends('regions', n, jslp, k === 0 ? 2 : 0);
      const r = backendRow(c, notes);
      regionRows.push(r.row);
      ratios.push({ what: `regions n=${n}`, ratio: r.ratio });
    }
    table(['regions', 'rounds', 'jslp', 'highs', 'auto', 'auto ran', 'jslp/highs', 'auto/best'], regionRows);

    // kind 1: bounds only, direct against the LP (auto)
    console.log('');
    console.log('Kind 1, the same regions with bounds only (no group row): the direct algorithm against the LP (auto backend)');
    const directRows: string[][] = [];
    for (const n of SIZES) {
      const input = regionBounds(n);
      const direct = { ...input, method: 'direct' as const };
      const lp = { ...input, method: 'lp' as const, solver: { timeLimitMs: LIMIT_MS } };
      const d = await optimizeRegions(direct);
      const l = await optimizeRegions(lp);
      if (d.solve.status !== 'optimal' || l.solve.status !== 'optimal' || d.objective !== l.objective) {
        throw new Error(
          `regions n=${n}: the direct algorithm (${d.solve.status}, objective ${d.objective}) and the LP (${l.solve.status}, objective ${l.objective}) disagree — not timing them`,
        );
      }
      const lpRounds = ROUNDS.regions[n];
      const check = (r: Awaited<ReturnType<typeof optimizeRegions>>) => {
        if (r.solve.status !== 'optimal' || r.objective !== d.objective)
          throw new Error(`regions n=${n}: ${r.solve.method} answered ${r.solve.status}, objective ${r.objective}`);
      };
      const med = await interleaved(
        {
          direct: { run: async () => check(await optimizeRegions(direct)), perRound: Math.ceil((n >= 5000 ? 50 : DIRECT_ROUNDS) / lpRounds) },
          lp: { run: async () => check(await optimizeRegions(lp)), perRound: 1 },
        },
        lpRounds,
      );
      directRows.push([
        String(n),
        `${Math.ceil((n >= 5000 ? 50 : DIRECT_ROUNDS) / lpRounds) * lpRounds}/${lpRounds}`,
        fmt(med.direct),
        fmt(med.lp),
        times(med.lp / med.direct),
        d.objective!,
      ]);
    }
    table(['regions', 'rounds direct/LP', 'direct', 'LP (auto)', 'LP/direct', 'objective (equal, checked)'], directRows);

    // target (b): 3,000 regions, direct
    console.log('');
    const bRows: string[][] = [];
    const bTimes: { deviation: string; whole: number }[] = [];
    for (const deviation of ['relative', 'absolute'] as const) {
      const input: RegionAllocationInput = { ...regionBounds(TARGET_B_REGIONS), deviation, method: 'direct' };
      const first = await optimizeRegions(input);
      if (first.solve.status !== 'optimal') throw new Error(`target (b): ${first.solve.status}`);
      const p = readRegionProblem(input);
      const held = first.rows.filter((r, i) => r.at === 'minimum' && p.lowerBy[i] === 'holdHarmless').length;
      const mins = first.rows.filter((r, i) => r.at === 'minimum' && p.lowerBy[i] === 'minimum').length;
      const capped = first.rows.filter((r) => r.at === 'maximum').length;
      // caps bind under relative deviation; under absolute the cut is shared in proportion and stays below them
      if (held < 0.15 * TARGET_B_REGIONS || mins === 0 || (deviation === 'relative' && capped === 0)) {
        throw new Error(`target (b) data: hold-harmless binds for ${held}, minimum for ${mins}, caps for ${capped} of ${TARGET_B_REGIONS} regions`);
      }
      const problem = waterFillingProblem(p);
      const fill = waterFill(problem);
      if (!fill.ok || fill.amounts.some((x, i) => fromGranules(x, p.granularity) !== first.rows[i].amount)) {
        throw new Error('target (b): waterFill alone and the whole call disagree');
      }
      const runs = { whole: { run: () => optimizeRegions(input), perRound: 1 }, fill: { run: () => waterFill(problem), perRound: 1 } };
      await interleaved(runs, 20); // warm-up
      const med = await interleaved(runs, DIRECT_ROUNDS);
      bTimes.push({ deviation, whole: med.whole });
      const pct = (k: number) => `${k} (${((100 * k) / TARGET_B_REGIONS).toFixed(1)}%)`;
      bRows.push([deviation, fmt(med.whole), fmt(med.fill), times(med.whole / med.fill), pct(held), pct(mins), pct(capped)]);
    }
    console.log(
      `Target (b): ${TARGET_B_REGIONS.toLocaleString('en')} regions, direct algorithm, granularity 0.01万元, fixed total, medians of ${DIRECT_ROUNDS} interleaved rounds`,
    );
    table(['deviation', 'whole call', 'waterFill alone', 'whole/fill', 'at hold-harmless floor', 'at minimum', 'at cap'], bRows);
    console.log('"whole call" = optimizeRegions(method "direct"): reading the request, bounds, water-filling, rows, objective, binding list.');

    // kind 2: portfolio, each backend
    console.log('');
    console.log(
      'Kind 2, project portfolio (optimizePortfolio on bench/portfolio-data.ts: lexicographic priority stages, mipRelGap 1e-4, whole granules, marginal values)',
    );
    const portfolioRows: string[][] = [];
    const at1000: Partial<Record<Backend, { ms?: number; gap?: number; failed?: string }>> = {};
    for (const [k, n] of SIZES.entries()) {
      const c = await compareBackends('portfolio', n, jslp, k === 0 ? 2 : 0);
      const r = backendRow(c, notes);
      portfolioRows.push([...r.row, c.cells.highs.gap !== undefined ? c.cells.highs.gap.toExponential(1) : '-']);
      ratios.push({ what: `portfolio n=${n}`, ratio: r.ratio });
      if (n === 1000)
        for (const b of BACKENDS) at1000[b] = { ms: c.cells[b].failed ? undefined : median(c.cells[b].ms), gap: c.cells[b].gap, failed: c.cells[b].failed };
    }
    table(['projects', 'rounds', 'jslp', 'highs', 'auto', 'auto ran', 'jslp/highs', 'auto/best', 'highs gap'], portfolioRows);
    console.log('(the marginal values are HiGHS row duals whatever the backend; "auto ran" lists the backends of all its stages)');

    if (notes.length) {
      console.log('');
      console.log('Cells without a time (left out of the ratios):');
      for (const n of notes) console.log(`  ${n}`);
    }
    if (highsReloads)
      console.log(`HiGHS dropped its instance (> 256 MB) ${highsReloads} time(s); reloaded outside the timings, but a reload inside a call is timed.`);

    // verdicts
    console.log('');
    for (const b of ['highs', 'auto'] as const) {
      const x = at1000[b]!;
      const met = x.ms !== undefined && x.ms < 1000;
      console.log(
        `(a) 1,000-project portfolio to a 1e-4 gap, ${b}: ${x.ms !== undefined ? `${fmt(x.ms)}, gap ≤ ${(x.gap ?? 0).toExponential(1)}` : x.failed} — target < 1 s: ${met ? 'met' : 'NOT met'}`,
      );
    }
    for (const { deviation, whole } of bTimes) {
      console.log(
        `(b) ${TARGET_B_REGIONS.toLocaleString('en')} regions, direct, ${deviation} deviation: whole call ${whole.toFixed(2)} ms — target < 10 ms: ${whole < 10 ? 'met' : 'NOT met'}`,
      );
    }
    const missing = ratios.filter((r) => r.ratio === undefined).map((r) => r.what);
    const over = ratios.filter((r) => r.ratio !== undefined && r.ratio > 2);
    const worst = ratios.reduce((w, r) => (r.ratio !== undefined && (w.ratio === undefined || r.ratio > w.ratio) ? r : w), {
      what: '-',
      ratio: undefined as number | undefined,
    });
    console.log(
      `(c) auto / faster of jslp and highs, every size and kind: worst ${worst.ratio !== undefined ? times(worst.ratio) : '-'} (${worst.what})` +
        (over.length ? `; above 2×: ${over.map((r) => `${r.what} ${times(r.ratio!)}`).join(', ')}` : '') +
        (missing.length ? `; no ratio: ${missing.join(', ')}` : '') +
        ` — target ≤ 2×: ${over.length === 0 && missing.length === 0 ? 'met' : 'NOT met'}`,
    );
    console.log(`optimizer section: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    jslp.close();
  }
}

if (process.env.BENCH_OPTIMIZE_CHILD === '1') await childMain();
