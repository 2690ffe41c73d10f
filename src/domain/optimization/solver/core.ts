/**
 * One solve, checked: compile → scale → backend → exact point → exact check against the problem as given
 * → status. solve.ts adds the infeasibility explanation on top; elastic.ts calls this core directly.
 *
 * Statuses:
 * - `optimal`: the backend proved optimality (a MILP: within `mipRelGap`) and its answer satisfies every
 *   bound, integrality and constraint exactly.
 * - `time_limit`: the backend stopped early; `solution` is the best it found (checked exactly) if any,
 *   `bound` and `gap` say how far from optimal it may be.
 * - `infeasible`: the backend's verdict (for `auto`, HiGHS's when javascript-lp-solver gave it first).
 *   solve.ts checks it further: the elastic problem of elastic.ts must need some relaxation.
 * - `unbounded`: confirmed exactly — a feasible point and an improving direction, both found and checked
 *   (confirmUnbounded below).
 * - `unverified`: the backend claimed something that does not hold exactly: a solution breaking a bound,
 *   integrality or constraint (only the violations are returned, never the values), an answer whose
 *   nearest exactly feasible point has a different objective, or an unconfirmed "unbounded".
 * - `error`: the backend failed (or refused: an LP too large for javascript-lp-solver when forced, or a
 *   `workLimit` it cannot keep).
 *
 * Backend choice (`auto`), measured once with bench/optimize-backends.ts (Node 20, this project's 2 shared
 * cores, so ±50% between runs at the small end; the solver call alone on the scaled problem, medians;
 * LP = allocation-shaped, n variables; MILP = n-project knapsack with two budgets and a category floor):
 *
 *   LP  n=50:   jslp 1.0 ms   highs 1.6 ms        MILP n=20:  jslp 3.1 ms   highs 84 ms
 *   LP  n=100:  jslp 9.5 ms   highs 1.6 ms        MILP n=30:  jslp 2.5 ms   highs 52 ms
 *   LP  n=200:  jslp 3.5 ms   highs 2.7 ms        MILP n=50:  jslp 7.1 ms   highs 54 ms
 *   LP  n=400:  jslp 18 ms    highs 5.9 ms        MILP n=100: jslp 24 ms    highs 213 ms
 *   LP  n=1000: jslp 68 ms    highs 20 ms         MILP n=200: jslp 93 ms    highs 160 ms
 *
 * Region MILPs (bench/optimize.ts: integer granules, nearly integral thanks to their rounding rows) measured
 * later: 50 regions (301 columns + rows) jslp 21 ms, HiGHS 26 ms; 200 regions jslp 66 ms, HiGHS 58 ms; 1,000
 * regions jslp 624 ms, HiGHS 298 ms. Raising the MILP threshold to 320 for every MILP was tried and undone:
 * a portfolio stage of that size then ran jslp's simplex, which no time limit interrupts, for minutes. So
 * the threshold is per call (`autoJslpMaxMilp`): region MILPs use REGION_AUTO_JSLP_MAX_MILP (regionLp.ts).
 *
 * HiGHS also pays 40–55 ms once per isolate to compile its wasm, and ~30 ms of root work on any MILP
 * however small; jslp's dense tableau grows as rows × columns (a dense 600-column LP: 0.37 s against
 * HiGHS's 0.08 s) and its branch and bound has no cuts, so it can blow up where HiGHS does not. Hence:
 * - LP: jslp up to AUTO_JSLP_MAX_LP columns + rows (LP n=50 here is 103), HiGHS above;
 * - MILP: jslp up to AUTO_JSLP_MAX_MILP columns + rows when every integer is bounded within
 *   ±AUTO_JSLP_MAX_INTEGER, with AUTO_JSLP_MILP_BUDGET_MS to finish before HiGHS takes over (so a jslp
 *   blow-up costs at most that on top of HiGHS's time); HiGHS otherwise, and whenever `workLimit` is set.
 *   That budget is work, not only time (jslp.ts's meter): jslp's simplex can stall on a portfolio stage
 *   (issue 10; ~1 in 400 small generated libraries), and the meter ends it after that budget's worth of
 *   pivots wherever it runs, clock or not. Portfolio stages are still sent to jslp first: measured on 180
 *   generated libraries of 12–40 projects (bench generator, seeds 1–60), auto took 9.7 s in all against
 *   HiGHS alone 18.1 s, every answer optimal, 35 of 1,650 jslp runs stopped by the meter and re-asked.
 * - LP: AUTO_JSLP_LP_BUDGET_MS of work likewise, then HiGHS.
 * Whatever jslp says other than a checked optimum or a confirmed "unbounded" (infeasible, unverified,
 * error, time_limit) is re-asked of HiGHS before it is believed: jslp's false verdicts on badly scaled
 * models are why this layer exists (tests/optimize/scaling.test.ts).
 */
import type { Backend, BackendName, RawResult } from './backend.js';
import { HIGHS_ITERATIONS_PER_MS, HIGHS_NODES_PER_MS, highsBackend } from './highs.js';
import { JSLP_CELLS_PER_MS, jslpBackend } from './jslp.js';
import { compile, integerCount, nonzeroCount, type CompiledProblem, type LpProblem } from './model.js';
import { type Rational, ZERO, abs, cmp, eq, rat, toFloat } from '../../../core/rational.js';
import { applyScaling, chooseScaling, toNumeric, unscaleDual, unscaleValues, type Scaling } from './scale.js';
import { activity, checkExactly, exactPoint, objectiveValue, type Violation } from './verify.js';

export type BackendChoice = 'auto' | BackendName;

export type SolveStatus = 'optimal' | 'time_limit' | 'infeasible' | 'unbounded' | 'unverified' | 'error';

/** LPs up to this many columns + rows go to javascript-lp-solver under `auto` (see the table above). */
export const AUTO_JSLP_MAX_LP = 150;
/** MILPs up to this many columns + rows may go to javascript-lp-solver under `auto`… */
export const AUTO_JSLP_MAX_MILP = 120;
/** … if every integer variable stays within ±this (jslp tests integrality to 1e-9 absolute: not at 1e8)… */
export const AUTO_JSLP_MAX_INTEGER = 1_000_000;
/** … and it gets this long before HiGHS takes over (its branch and bound can blow up where HiGHS's cuts do not). */
export const AUTO_JSLP_MILP_BUDGET_MS = 50;

/**
 * … and an LP this long: its simplex runs ~10 ms at AUTO_JSLP_MAX_LP, and the budget is work (jslp.ts's
 * meter), so a degenerate LP on which jslp stalls costs this much before HiGHS takes over, not the limit.
 */
export const AUTO_JSLP_LP_BUDGET_MS = 200;

export const DEFAULT_TIME_LIMIT_MS = 5_000;
export const DEFAULT_MIP_REL_GAP = 1e-6;

export interface SolveOptions {
  /** Default `auto`. */
  readonly backend?: BackendChoice;
  /**
   * Wall-clock budget for the whole call (all backend runs together). Default 5 s. Deployed Workers only
   * advance clocks on I/O, so there neither backend can see time pass during a solve: each run therefore
   * also gets a work budget derived from its share of this limit (jslp.ts's meter, highs.ts's
   * highsWorkLimits), which stops it after about that much work anywhere.
   */
  readonly timeLimitMs?: number;
  /**
   * HiGHS's node and iteration limits per run, instead of those derived from timeLimitMs. javascript-lp-solver
   * counts its work otherwise, so these make `auto` choose HiGHS for MILPs.
   */
  readonly workLimit?: { readonly mipNodes?: number; readonly simplexIterations?: number };
  /** A MILP counts as solved at this relative gap. Default 1e-6. */
  readonly mipRelGap?: number;
  /** Want shadow prices (LP only; HiGHS gives them): makes `auto` choose HiGHS for LPs. */
  readonly duals?: boolean;
  /**
   * `auto`: MILPs up to this many columns + rows may go to javascript-lp-solver (default AUTO_JSLP_MAX_MILP),
   * for a caller whose MILPs are nearly integral and whose LP relaxation jslp solves quickly (regions).
   */
  readonly autoJslpMaxMilp?: number;
  /** Replaces a backend's implementation (tests feed wrong answers through it to see them refused). */
  readonly backends?: Partial<Record<BackendName, Backend>>;
}

export interface LpSolution {
  /** Every variable's value, exactly (variables at zero included). */
  readonly values: ReadonlyMap<string, Rational>;
  /** The objective at these values, exactly (constant included). */
  readonly objective: Rational;
  /** Constraints that hold with equality at this solution, exactly (equalities included), in problem order. */
  readonly binding: readonly string[];
  /**
   * LP solved by HiGHS to optimality: d(optimal objective) / d(rhs) per constraint, in objective units per
   * unit of the constraint (floats: marginal values are for reading, not for money). 0 for slack rows.
   */
  readonly shadowPrices?: ReadonlyMap<string, number>;
}

export interface SolveStats {
  readonly variables: number;
  readonly integers: number;
  readonly constraints: number;
  readonly nonzeros: number;
  /**
   * Each backend run, in order: the solve, then any checks — HiGHS after jslp under auto, the LP with a
   * MILP's integers fixed, the feasibility and direction LPs behind an "unbounded".
   */
  readonly runs: readonly { backend: BackendName; status: string; ms: number; work?: RawResult['work'] }[];
  /** The exact point needed the tight rows solved exactly (verify.ts step 5). */
  readonly repaired: boolean;
  readonly verifyMs: number;
  readonly totalMs: number;
  /** The powers of ten used (scale.ts): largest and smallest column and row exponents, and the objective's. */
  readonly scaling: { readonly col: [number, number]; readonly row: [number, number]; readonly obj: number };
}

export interface SolveResult {
  readonly status: SolveStatus;
  /** The backend whose answer this is. */
  readonly backend: BackendName;
  /** Only with `optimal` or `time_limit`, and only when it satisfies everything exactly. */
  readonly solution?: LpSolution;
  /** MILP: the best bound on the objective the backend proved (problem units, constant included). */
  readonly bound?: number;
  /** MILP: |objective − bound| / max(|objective|, 1e-9); 0 for an LP at its optimum. */
  readonly gap?: number;
  /** `unverified`: what the backend's answer broke, in each constraint's or variable's own units. */
  readonly violations?: readonly Violation[];
  readonly message?: string;
  readonly stats: SolveStats;
}

const BACKENDS: Record<BackendName, Backend> = { jslp: jslpBackend, highs: highsBackend };

/**
 * The solver layer's clock, for deadlines: performance.now() plus the work backends did that no clock saw.
 * A deployed Worker advances no clock during a computation, so there a request's later runs would each get
 * its whole time limit again (a portfolio makes dozens of runs). Each run's work, converted to the
 * milliseconds it stands for (workMs: jslp's tableau cells, HiGHS's iterations and nodes, at the rates
 * that derive their budgets), moves this clock on by however much it exceeds the wall time the run took:
 * on Node about nothing, in a Worker all of it. So the time limit bounds a request's total work too.
 * It only moves forward; a concurrent request's work makes a deadline come sooner, never later.
 */
let unseenWorkMs = 0;
export function solverClock(): number {
  return performance.now() + unseenWorkMs;
}

/** The milliseconds a run's work stands for, at the rates its budget was derived with. */
function workMs(backend: BackendName, work: RawResult['work']): number {
  if (!work) return 0;
  if (backend === 'jslp') return (work.cells ?? 0) / JSLP_CELLS_PER_MS;
  return Math.max((work.simplexIterations ?? 0) / HIGHS_ITERATIONS_PER_MS, (work.mipNodes ?? 0) / HIGHS_NODES_PER_MS);
}

function now(): number {
  return solverClock();
}

function range(values: readonly number[]): [number, number] {
  let lo = 0;
  let hi = 0;
  values.forEach((v, k) => {
    if (k === 0 || v < lo) lo = v;
    if (k === 0 || v > hi) hi = v;
  });
  return [lo, hi];
}

/** Which backend `auto` tries first for a compiled problem (see the module comment). */
export function autoBackend(p: CompiledProblem, options: SolveOptions = {}): BackendName {
  const size = p.names.length + p.rows.length;
  if (integerCount(p) === 0) return options.duals || size > AUTO_JSLP_MAX_LP ? 'highs' : 'jslp';
  if (size > (options.autoJslpMaxMilp ?? AUTO_JSLP_MAX_MILP) || options.workLimit) return 'highs';
  const limit = rat(BigInt(AUTO_JSLP_MAX_INTEGER));
  for (let j = 0; j < p.names.length; j++) {
    if (!p.integer[j]) continue;
    const lo = p.lower[j];
    const hi = p.upper[j];
    if (!lo || !hi || cmp(abs(lo), limit) > 0 || cmp(abs(hi), limit) > 0) return 'highs';
  }
  return 'jslp';
}

/** Infeasibility visible without a solver: crossed bounds, or a constraint with no terms that excludes 0. */
function trivialInfeasibility(p: CompiledProblem): string | undefined {
  for (let j = 0; j < p.names.length; j++) {
    const lo = p.lower[j];
    const hi = p.upper[j];
    if (lo && hi && cmp(lo, hi) > 0) return `variable "${p.names[j]}" has its lower bound above its upper bound`;
  }
  for (const row of p.rows) {
    if (row.index.length > 0) return undefined;
    const s = cmp(ZERO, row.rhs);
    if ((row.sense === '<=' && s > 0) || (row.sense === '>=' && s < 0) || (row.sense === '=' && s !== 0)) {
      return `constraint "${row.name}" has no terms and cannot hold`;
    }
  }
  return undefined;
}

interface Attempt {
  readonly backend: BackendName;
  readonly raw: RawResult;
  readonly ms: number;
}

/** Solves a problem once (no infeasibility explanation): see the module comment. */
export function solveCore(problem: LpProblem | CompiledProblem, options: SolveOptions = {}): Promise<SolveResult> {
  return solveChecked(problem, options, true);
}

/** `confirm`: check an "unbounded" verdict (not when already checking one: a backend could say it again). */
async function solveChecked(problem: LpProblem | CompiledProblem, options: SolveOptions, confirm: boolean): Promise<SolveResult> {
  const started = now();
  const compiled = 'names' in problem ? problem : compile(problem);
  const timeLimitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const mipRelGap = options.mipRelGap ?? DEFAULT_MIP_REL_GAP;
  const deadline = started + timeLimitMs;
  const scaling = chooseScaling(compiled);
  const scaled = applyScaling(compiled, scaling);
  const choice = options.backend ?? 'auto';
  const first: BackendName = choice === 'auto' ? autoBackend(compiled, options) : choice;
  const runs: SolveStats['runs'][number][] = [];
  const stats = (extra: { repaired?: boolean; verifyMs?: number } = {}): SolveStats => ({
    variables: compiled.names.length,
    integers: integerCount(compiled),
    constraints: compiled.rows.length,
    nonzeros: nonzeroCount(compiled),
    runs,
    repaired: extra.repaired ?? false,
    verifyMs: extra.verifyMs ?? 0,
    totalMs: now() - started,
    scaling: { col: range(scaling.col), row: range(scaling.row), obj: scaling.obj },
  });

  if (first === 'jslp' && options.workLimit) {
    // only forcing jslp gets here (auto picks HiGHS): a limit it cannot keep is refused, not ignored
    return { status: 'error', backend: first, message: 'javascript-lp-solver has no work limits; use HiGHS (or auto) with workLimit', stats: stats() };
  }
  const trivial = trivialInfeasibility(compiled);
  if (trivial) return { status: 'infeasible', backend: first, message: trivial, stats: stats() };

  if (compiled.names.length === 0) {
    // nothing to decide (and empty rows were checked above): the objective is its constant
    const solution = { values: new Map(), objective: compiled.constant, binding: compiled.rows.map((r) => r.name) };
    return { status: 'optimal', backend: first, solution, gap: 0, stats: stats() };
  }
  const numeric = toNumeric(scaled);
  const milp = integerCount(compiled) > 0;
  const run = async (name: BackendName, budgetMs = Infinity): Promise<Attempt> => {
    const t = now();
    const raw = await (options.backends?.[name] ?? BACKENDS[name]).solve(numeric, {
      timeLimitMs: Math.max(1, Math.min(budgetMs, deadline - now())),
      mipRelGap,
      workLimit: options.workLimit,
    });
    const ms = now() - t;
    unseenWorkMs += Math.max(0, workMs(name, raw.work) - ms);
    runs.push({ backend: name, status: raw.status, ms, ...(raw.work ? { work: raw.work } : {}) });
    return { backend: name, raw, ms };
  };

  const auto = choice === 'auto';
  const attempt = await run(first, auto && first === 'jslp' ? (milp ? AUTO_JSLP_MILP_BUDGET_MS : AUTO_JSLP_LP_BUDGET_MS) : Infinity);
  const checked = async (a: Attempt): Promise<SolveResult> => {
    const r = check(compiled, scaled, scaling, a, stats);
    if (milp && r.solution) return polish(compiled, r, a.backend, { ...options, timeLimitMs: deadline - now() });
    if (r.status !== 'unbounded') return r;
    if (!confirm) return { ...r, status: 'unverified', message: `${a.backend} answered unbounded to a problem that cannot be` };
    return confirmUnbounded(compiled, r, a.backend, { ...options, timeLimitMs: deadline - now() });
  };
  const result = await checked(attempt);
  // under auto, anything but a checked optimum from jslp is asked again of HiGHS: its "infeasible" and
  // "unbounded" have been false (issue 4), and a MILP it could not finish in its budget goes to HiGHS
  const sure = result.status === 'optimal' || result.status === 'unbounded'; // unbounded is confirmed by now
  if (!auto || attempt.backend !== 'jslp' || sure || now() >= deadline) return result;
  const second = await checked(await run('highs'));
  // keep jslp's checked incumbent only if HiGHS found nothing at all
  return second.solution || !result.solution ? second : result;
}

/**
 * A MILP answer is checked on its continuous part too: with every integer fixed at its value, the LP left
 * must not do better. HiGHS 1.15.1 has answered "optimal" (objective 0) to a MILP whose continuous
 * variables were unbounded (tests/optimize/verify.test.ts): the fixed LP shows it, and its confirmed
 * "unbounded" becomes the answer. A fixed LP that merely does better replaces the continuous values (the
 * backend's MILP answer was not optimal, and the result says so).
 */
async function polish(p: CompiledProblem, claim: SolveResult, backend: BackendName, options: SolveOptions): Promise<SolveResult> {
  const values = claim.solution!.values;
  const fixedAt = (j: number) => (p.integer[j] ? values.get(p.names[j])! : null);
  const fixed: CompiledProblem = {
    ...p,
    lower: p.lower.map((b, j) => fixedAt(j) ?? b),
    upper: p.upper.map((b, j) => fixedAt(j) ?? b),
    integer: p.integer.map(() => false),
  };
  const lp = await solveChecked(fixed, { ...options, backend, duals: false }, true);
  const runs = [...claim.stats.runs, ...lp.stats.runs];
  const stats = { ...claim.stats, runs, totalMs: claim.stats.totalMs + lp.stats.totalMs };
  if (lp.status === 'unbounded') {
    return {
      status: 'unbounded',
      backend,
      message: `${backend} answered ${claim.status}, but with its integers fixed the continuous part is unbounded`,
      stats,
    };
  }
  if (lp.status !== 'optimal' || !lp.solution) return { ...claim, stats };
  const better = p.sense === 'max' ? cmp(lp.solution.objective, claim.solution!.objective) > 0 : cmp(lp.solution.objective, claim.solution!.objective) < 0;
  if (!better) return { ...claim, stats };
  return {
    ...claim,
    solution: { ...lp.solution, shadowPrices: undefined },
    message: `${backend}'s answer was improved with its integers fixed: it was not optimal${claim.status === 'optimal' ? ' as claimed' : ''}`,
    stats,
  };
}

/**
 * "Unbounded" is checked too: it holds when the problem has a feasible point and an improving direction d
 * (A·d within each row's sense at 0, d within the bounds' recession cone, c·d better than 0). Both are
 * found by the same backend as plain LPs and checked exactly like any answer: the feasible point with the
 * objective dropped, the direction by the LP "improve c·d by at most 1". For a MILP the direction is one of
 * its relaxation, which with rational data and a feasible integer point means the MILP is unbounded too.
 * A feasibility check that answers infeasible turns the verdict into `infeasible`; no improving direction
 * (the LP's optimum is 0) makes it `unverified`.
 */
async function confirmUnbounded(p: CompiledProblem, claim: SolveResult, backend: BackendName, options: SolveOptions): Promise<SolveResult> {
  const started = now();
  const left = () => Math.max(1, (options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS) - (now() - started));
  const sub = { ...options, backend, duals: false };
  const feasible = await solveChecked({ ...p, cost: p.cost.map(() => ZERO), constant: ZERO }, { ...sub, timeLimitMs: left() }, false);
  const runs = [...claim.stats.runs, ...feasible.stats.runs];
  const withRuns = (r: Omit<SolveResult, 'stats'>): SolveResult => ({
    ...r,
    stats: { ...claim.stats, runs, totalMs: claim.stats.totalMs + now() - started },
  });
  if (feasible.status === 'infeasible') {
    return withRuns({ status: 'infeasible', backend, message: `${backend} answered unbounded, but the problem has no feasible point` });
  }
  if (feasible.status !== 'optimal') {
    return withRuns({
      status: 'unverified',
      backend,
      message: `${backend} answered unbounded; looking for a feasible point to confirm it ended ${feasible.status}`,
    });
  }
  const maximize = p.sense === 'max';
  const direction: CompiledProblem = {
    ...p,
    lower: p.lower.map((b) => (b ? ZERO : null)),
    upper: p.upper.map((b) => (b ? ZERO : null)),
    integer: p.integer.map(() => false),
    rows: [
      ...p.rows.map((row) => ({ ...row, rhs: ZERO })),
      // the objective may improve by at most 1: keeps this LP bounded
      {
        name: '\u0000improvement',
        sense: maximize ? ('<=' as const) : ('>=' as const),
        rhs: maximize ? rat(1n) : rat(-1n),
        index: p.cost.flatMap((c, j) => (c.num === 0n ? [] : [j])),
        value: p.cost.filter((c) => c.num !== 0n),
      },
    ],
    constant: ZERO,
  };
  const ray = await solveChecked(direction, { ...sub, timeLimitMs: left() }, false);
  runs.push(...ray.stats.runs);
  if (ray.status === 'optimal' && ray.solution && ray.solution.objective.num !== 0n) {
    return withRuns({ status: 'unbounded', backend, message: claim.message });
  }
  return withRuns({
    status: 'unverified',
    backend,
    message:
      ray.status === 'optimal'
        ? `${backend} answered unbounded, but no direction improves the objective: the problem is bounded`
        : `${backend} answered unbounded; looking for an improving direction to confirm it ended ${ray.status}`,
  });
}

function check(
  compiled: CompiledProblem,
  scaled: CompiledProblem,
  scaling: Scaling,
  attempt: Attempt,
  stats: (extra?: { repaired?: boolean; verifyMs?: number }) => SolveStats,
): SolveResult {
  const { raw, backend } = attempt;
  if (raw.status === 'infeasible' || raw.status === 'unbounded' || raw.status === 'error') {
    return { status: raw.status, backend, message: raw.message, stats: stats() };
  }
  if (!raw.x) return { status: raw.status, backend, message: raw.message ?? 'no feasible solution found in time', stats: stats() };
  const t = now();
  const point = exactPoint(scaled, raw.x);
  const x = unscaleValues(point.x, scaling);
  // the definitive check: against the problem as the caller gave it, in its own units
  const violations = checkExactly(compiled, x);
  const verifyMs = now() - t;
  if (violations.length > 0) {
    return {
      status: 'unverified',
      backend,
      violations,
      message: `${backend} answered ${raw.status}, but its answer breaks ${violations.length} bound(s) or constraint(s) exactly; it is not returned`,
      stats: stats({ repaired: point.repaired, verifyMs }),
    };
  }
  // the exact point must be the answer the backend gave, not merely near a feasible one: its objective
  // (scaled units, where it is ~1) may differ from the backend's floats by rounding noise only
  let floatObjective = 0;
  for (let j = 0; j < raw.x.length; j++) floatObjective += Number.isFinite(raw.x[j]) ? toFloat(scaled.cost[j]) * raw.x[j] : 0;
  const exactObjective = toFloat(objectiveValue(scaled, point.x)) - toFloat(scaled.constant);
  if (Math.abs(exactObjective - floatObjective) > 1e-6 * Math.max(1, Math.abs(floatObjective))) {
    return {
      status: 'unverified',
      backend,
      violations: [],
      message: `${backend}'s answer is not feasible as given; the nearest exactly feasible point has a different objective (${exactObjective} against ${floatObjective}, scaled), so it is not returned`,
      stats: stats({ repaired: point.repaired, verifyMs: now() - t }),
    };
  }
  const objective = objectiveValue(compiled, x);
  const constant = toFloat(compiled.constant);
  const bound = raw.bound !== undefined && Number.isFinite(raw.bound) ? raw.bound * 10 ** scaling.obj + constant : undefined;
  const objFloat = toFloat(objective);
  const gap = bound !== undefined ? Math.abs(objFloat - bound) / Math.max(Math.abs(objFloat), 1e-9) : raw.status === 'optimal' ? 0 : undefined;
  const binding = compiled.rows.filter((row) => eq(activity(row, x), row.rhs)).map((row) => row.name);
  const shadowPrices =
    raw.rowDual && raw.status === 'optimal'
      ? new Map(compiled.rows.map((row, i) => [row.name, unscaleDual(raw.rowDual![i], i, scaling) + 0] as const))
      : undefined;
  return {
    status: raw.status === 'optimal' ? 'optimal' : 'time_limit',
    backend,
    solution: {
      values: new Map(compiled.names.map((name, j) => [name, x[j]] as const)),
      objective,
      binding,
      shadowPrices,
    },
    bound,
    gap,
    message: raw.message,
    stats: stats({ repaired: point.repaired, verifyMs }),
  };
}
