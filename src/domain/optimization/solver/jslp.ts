/**
 * Backend: javascript-lp-solver 1.0.3 (pure JS, a dense simplex tableau with branch and bound). No start-up
 * cost, so it is the choice for small models (core.ts `auto`); slow beyond a few hundred variables.
 *
 * Its pitfalls, and what this file does about each:
 * - `Solve()` is typed `SolveResult | unknown`: cast, then check `feasible`, `bounded` and that `result` is
 *   finite before believing anything.
 * - Variables at zero are left out of the result: every missing column is read as 0.
 * - Integers come back as 0.9999999: values are passed on as floats; verify.ts rounds near-integers
 *   within a tolerance and re-checks exactly.
 * - It has no variable bounds, only rows, and every variable is ≥ 0: a finite lower bound l becomes the
 *   shift x = l + y (y ≥ 0), an upper bound alone x = u − y, both an extra row y ≤ u − l. Integer bounds
 *   are integral (model.ts), so shifts keep integrality. A free variable is split, x = y⁺ − y⁻: its
 *   "unrestricted" option gave wrong answers (negative minima of Σ|deviation| in tests/optimize/oracle).
 * - `options.timeout` applies to branch and bound only, and is read between nodes: a pure LP, and one
 *   node's simplex, run to the end however long they take. Its phase 1 can cycle for ever on degenerate
 *   models (its Bland fallback keeps the most-negative-row choice; issue 10: a 26-project portfolio stage
 *   of 39 columns, tests/fixtures/repro), and in a deployed Worker Date.now() stands still, so not even
 *   the branch and bound stops. Hence the work meter below: every pivot and every branch-and-bound node
 *   is charged its tableau's cells, and a run over its budget (derived from its time limit,
 *   JSLP_CELLS_PER_MS) is stopped by a private sentinel thrown from inside the solver and reported as
 *   time_limit, with the best integral incumbent jslp had found (it keeps them: `keep_solutions`).
 *   An LP whose dense tableau is larger than JSLP_MAX_LP_CELLS is still refused here (status error);
 *   `auto` never sends such a model here. A MILP that stops early has the LP relaxation as its bound
 *   (jslp reports none).
 * - It rounds its objective to 1/precision and compares with absolute tolerances, which is why it must
 *   only ever see scaled problems (scale.ts).
 * - Its result keys share one namespace with `feasible`, `result`, `bounded`, `isIntegral`: columns are
 *   named c0, c1 … and rows r0, r1 …, never the caller's names.
 */
import solver, { type Model as JslpModel, type SolveResult } from 'javascript-lp-solver';
import type { Backend, BackendOptions, RawResult } from './backend.js';
import type { NumericProblem } from './scale.js';

/**
 * Largest dense tableau (rows × columns, bound rows included) a pure LP may have here: measured on dense
 * random LPs, 600k cells took 0.08–0.16 s and 1.35M cells 0.37 s (HiGHS: 0.04 and 0.08 s), so this keeps a
 * forced jslp LP in the tenths of a second it cannot be interrupted in; larger LPs go to HiGHS.
 */
export const JSLP_MAX_LP_CELLS = 600_000;

/**
 * Largest dense tableau a MILP may have here. jslp allocates it whole before its first pivot (no meter
 * sees that), and its branch and bound keeps a saved copy: 5,000 regions with a group row made 873M cells,
 * 7 GB, and 1,000 regions 35M (279 MB, twice a Worker's memory). 2M cells is 16 MB a copy; `auto` sends
 * MILPs of at most a few hundred thousand cells here (REGION_AUTO_JSLP_MAX_MILP), 200 regions are 1.4M.
 */
export const JSLP_MAX_MILP_CELLS = 2_000_000;

/**
 * Tableau cells (pivotCells below) one millisecond of jslp works through on this project's machine (Node 20,
 * a shared core), measured on generated portfolios' stages (bench/portfolio-data.ts, 26 and 40 projects,
 * backend jslp): 16k–160k per ms of a whole Solve (model building included), 69k over all; a stalled
 * phase 1 on a dense 94 × 54 tableau 74k. So a run's budget of timeLimitMs × this many cells ends it
 * within about its time limit here (up to ~2× on a dense stall), and bounds it the same way where clocks
 * stand still.
 */
export const JSLP_CELLS_PER_MS = 120_000;

/**
 * The work meter. javascript-lp-solver exports its Tableau class, and every simplex phase (primal phase 1
 * and 2, the dual simplex of branch and bound, putInBase/takeOutOfBase) pivots through
 * `Tableau.prototype.pivot`, and every branch-and-bound node starts with `restore()`: wrapping those two
 * methods counts all of its work without patching the package (and wrapping `simplex()` marks where one
 * node's simplex starts, to tell a stall from long work). The meter is per Solve call (set just
 * before, cleared in `finally`); Solve is synchronous, so no other solve can run in between, and calls
 * made without a meter (bench scripts, other code) are not counted.
 */
interface Meter {
  /** cells still allowed */
  left: number;
  /** pivots in the current simplex() call (phase 1 and 2 of one node) */
  pivots: number;
  /** the jslp Model being solved (read back for its incumbents when the meter stops it) */
  model?: { solutions?: Record<string, number>[] };
}

/**
 * Thrown from inside jslp when a meter runs out (or one simplex call stalls); caught only by `metered`.
 * Not an Error: nothing else should catch it.
 */
class WorkBudgetExceeded {
  constructor(readonly stalled: boolean) {}
}

/**
 * One simplex call (both phases of one node) making more pivots than this many times its tableau's rows +
 * columns is taken for cycling: a healthy one needs a few times its rows, and jslp itself gives its own
 * pivot rule max(rows, columns) pivots before it falls back to its Bland-like rule.
 */
const STALL_PIVOTS_PER_LINE = 10;

interface MeteredTableau {
  width: number;
  height: number;
  matrix: Float64Array;
  model: Meter['model'] | null;
}

/**
 * What one pivot costs: jslp updates only the rows with a nonzero in the pivot column, each across the
 * width, after scanning the column. (A node's restore() copies the matrix, about a quarter as dear per cell.)
 */
function pivotCells(t: MeteredTableau, column: number): number {
  let rows = 0;
  for (let k = column; k < t.matrix.length; k += t.width) if (t.matrix[k] !== 0) rows++;
  return rows * t.width + t.height;
}

let meter: Meter | undefined;
const METERED = Symbol.for('allocator.jslp.metered');

function installMeter(): void {
  const proto = (solver as unknown as { Tableau: { prototype: Record<string | symbol, unknown> } }).Tableau.prototype;
  if (proto[METERED]) return;
  for (const method of ['pivot', 'restore', 'simplex']) {
    const original = proto[method] as (this: MeteredTableau, ...args: unknown[]) => unknown;
    proto[method] = function (this: MeteredTableau, ...args: unknown[]) {
      const m = meter;
      if (m) {
        m.model ??= this.model ?? undefined;
        if (method === 'simplex') m.pivots = 0;
        else {
          m.left -= method === 'pivot' ? pivotCells(this, args[1] as number) : (this.width * this.height) / 4;
          if (m.left < 0) throw new WorkBudgetExceeded(false);
        }
        if (method === 'pivot' && ++m.pivots > STALL_PIVOTS_PER_LINE * (this.width + this.height)) throw new WorkBudgetExceeded(true);
      }
      return original.apply(this, args);
    };
  }
  proto[METERED] = true;
}
installMeter();

type Metered<T> = { done: T } | { stalled: boolean; left: number; incumbents: readonly Record<string, number>[] };

/** Cells charged by every meter so far (solveJslp reports its difference as the run's work). */
let spentCells = 0;

/** Runs one jslp Solve with at most `cells` of work. */
function metered<T>(cells: number, run: () => T): Metered<T> {
  const m: Meter = { left: cells, pivots: 0 };
  const outer = meter;
  meter = m;
  try {
    return { done: run() };
  } catch (e) {
    if (e instanceof WorkBudgetExceeded) return { stalled: e.stalled, left: Math.max(0, m.left), incumbents: m.model?.solutions ?? [] };
    throw e;
  } finally {
    meter = outer;
    spentCells += cells - Math.max(0, m.left);
  }
}

/** jslp's tolerance (pivots, feasibility, integrality) for the second try of a stalled run. */
const RETRY_PRECISION = 1e-8;

/** The work budget of a run with this time limit (at least one small pivot). */
export function jslpCellBudget(timeLimitMs: number): number {
  return Number.isFinite(timeLimitMs) ? Math.max(1, timeLimitMs) * JSLP_CELLS_PER_MS : 5_000 * JSLP_CELLS_PER_MS;
}

interface Column {
  /** x = shift + sign · y (− y⁻ when free) */
  readonly shift: number;
  readonly sign: 1 | -1;
  /** a free variable: x = y − y⁻, y⁻ the column named c<j>n */
  readonly free: boolean;
}

const OBJ = 'obj';

/** The jslp JSON model of a numeric problem, and how to read its columns back. */
export function toJslpModel(p: NumericProblem): { model: JslpModel; columns: Column[]; cells: number } | { infeasible: string } {
  const columns: Column[] = [];
  const variables: Record<string, Record<string, number>> = {};
  const constraints: Record<string, { min?: number; max?: number; equal?: number }> = {};
  const ints: Record<string, 1> = {};
  // rhs shifts from substituted columns, per row
  const shiftOf = new Float64Array(p.nRows);
  for (let j = 0; j < p.nCols; j++) {
    const lo = p.colLower[j];
    const hi = p.colUpper[j];
    if (lo > hi) return { infeasible: `column ${j}: lower bound above upper bound` };
    const name = `c${j}`;
    const coefficients: Record<string, number> = {};
    let column: Column;
    if (Number.isFinite(lo)) {
      column = { shift: lo, sign: 1, free: false };
      if (Number.isFinite(hi)) {
        constraints[`u${j}`] = { max: hi - lo };
        coefficients[`u${j}`] = 1;
      }
    } else if (Number.isFinite(hi)) {
      column = { shift: hi, sign: -1, free: false };
    } else {
      column = { shift: 0, sign: 1, free: true };
    }
    columns.push(column);
    if (p.cost[j] !== 0) coefficients[OBJ] = column.sign * p.cost[j];
    variables[name] = coefficients;
    if (p.integer[j]) ints[name] = 1;
    if (column.free) {
      variables[`${name}n`] = p.cost[j] !== 0 ? { [OBJ]: -p.cost[j] } : {};
      if (p.integer[j]) ints[`${name}n`] = 1;
    }
  }
  for (let i = 0; i < p.nRows; i++) {
    for (let k = p.rowStart[i]; k < p.rowStart[i + 1]; k++) {
      const j = p.rowIndex[k];
      const a = p.rowValue[k];
      variables[`c${j}`][`r${i}`] = columns[j].sign * a;
      if (columns[j].free) variables[`c${j}n`][`r${i}`] = -a;
      shiftOf[i] += a * columns[j].shift;
    }
  }
  for (let i = 0; i < p.nRows; i++) {
    const lo = p.rowLower[i] - shiftOf[i];
    const hi = p.rowUpper[i] - shiftOf[i];
    if (p.rowStart[i] === p.rowStart[i + 1]) {
      // an empty row: 0 must lie within its bounds (with the absolute tolerance of scaled units)
      if (lo > 1e-9 || hi < -1e-9) return { infeasible: `row ${i} has no terms and excludes 0` };
      continue;
    }
    if (p.rowLower[i] === p.rowUpper[i]) constraints[`r${i}`] = { equal: lo };
    else if (Number.isFinite(p.rowLower[i])) constraints[`r${i}`] = { min: lo };
    else constraints[`r${i}`] = { max: hi };
  }
  const rows = Object.keys(constraints).length;
  const cells = (rows + 1) * (Object.keys(variables).length + rows + 1);
  return {
    model: {
      optimize: OBJ,
      opType: p.maximize ? 'max' : 'min',
      constraints,
      variables,
      ints,
    },
    columns,
    cells,
  };
}

function hasIntegers(p: NumericProblem): boolean {
  return p.integer.some((b) => b === 1);
}

function read(result: SolveResult, p: NumericProblem, columns: Column[]): Float64Array {
  const x = new Float64Array(p.nCols);
  const at = (name: string) => {
    const v = result[name];
    return typeof v === 'number' && Number.isFinite(v) ? v : 0; // missing: at zero
  };
  for (let j = 0; j < p.nCols; j++) {
    const y = columns[j].free ? at(`c${j}`) - at(`c${j}n`) : at(`c${j}`);
    x[j] = columns[j].shift + columns[j].sign * y;
  }
  return x;
}

function objectiveOf(p: NumericProblem, x: Float64Array): number {
  let s = 0;
  for (let j = 0; j < p.nCols; j++) s += p.cost[j] * x[j];
  return s;
}

/**
 * One jslp run, with the tableau cells its meters charged as its `work` (core.ts's clock counts them).
 * `maxLpCells` is for measurements only (bench/optimize-backends.ts runs jslp past its cap).
 */
export function solveJslp(p: NumericProblem, options: BackendOptions, maxLpCells = JSLP_MAX_LP_CELLS): RawResult {
  const before = spentCells;
  const result = solveWithin(p, options, maxLpCells);
  return { ...result, work: { cells: spentCells - before } };
}

function solveWithin(p: NumericProblem, options: BackendOptions, maxLpCells: number): RawResult {
  const built = toJslpModel(p);
  if ('infeasible' in built) return { status: 'infeasible', message: built.infeasible };
  const { model, columns, cells } = built;
  const milp = hasIntegers(p);
  if (!milp && cells > maxLpCells) {
    return {
      status: 'error',
      message: `LP too large for javascript-lp-solver (${cells} tableau cells > ${maxLpCells}); use HiGHS`,
    };
  }
  const maxMilpCells = Math.max(JSLP_MAX_MILP_CELLS, maxLpCells);
  if (milp && cells > maxMilpCells) {
    return {
      status: 'error',
      message: `MILP too large for javascript-lp-solver (${cells} tableau cells > ${maxMilpCells}: its memory); use HiGHS`,
    };
  }
  // keep_solutions: jslp records each improving integral incumbent, which a stopped run then still has
  if (milp) model.options = { timeout: Math.max(1, Math.floor(options.timeLimitMs)), tolerance: options.mipRelGap, keep_solutions: true };
  const budget = jslpCellBudget(options.timeLimitMs);
  const started = Date.now();
  let result: SolveResult;
  try {
    // a stalled simplex is tried once more at a coarser tolerance with what is left of the budget: the
    // stalls seen were phase 1 pivoting on rows whose rhs is float noise just below −1e-9
    // (tests/fixtures/repro: 40 pivots at 1e-8 where 1e-9 made 200,000 and more); verify.ts checks the
    // answer exactly whatever tolerance found it
    let run = metered(budget, () => solver.Solve(model, 1e-9) as SolveResult);
    if (!('done' in run) && run.stalled && run.left > 0) {
      if (milp) model.options = { ...model.options, timeout: Math.max(1, Math.floor(options.timeLimitMs - (Date.now() - started))) };
      const first = run;
      run = metered(run.left, () => solver.Solve(model, RETRY_PRECISION) as SolveResult);
      // a second stop keeps the best incumbent of both runs
      if (!('done' in run)) run = { ...run, incumbents: [...first.incumbents, ...run.incumbents] };
    }
    if (!('done' in run)) return stoppedByMeter(p, model, columns, run, budget);
    result = run.done;
  } catch (e) {
    return { status: 'error', message: `javascript-lp-solver failed: ${(e as Error).message}` };
  }
  const elapsed = Date.now() - started;
  // jslp starts its own clock a little after ours and reads Date.now() to the millisecond: a run that ends
  // within a few ms of the limit was stopped by it, and its "optimum" is only an incumbent
  const timedOut = milp && elapsed >= options.timeLimitMs - Math.max(5, options.timeLimitMs / 100);
  if (!result || typeof result !== 'object') return { status: 'error', message: 'javascript-lp-solver gave no result' };
  if (result.bounded === false) return { status: 'unbounded' };
  if (result.feasible !== true) return { status: timedOut ? 'time_limit' : 'infeasible' };
  if (typeof result.result !== 'number' || !Number.isFinite(result.result)) {
    return { status: 'error', message: `javascript-lp-solver gave objective ${String(result.result)}` };
  }
  const x = read(result, p, columns);
  if (milp && result.isIntegral !== true) {
    // B&B stopped (timeout) before any integral incumbent: what is left in the tableau is a relaxation
    return { status: timedOut ? 'time_limit' : 'error', message: timedOut ? undefined : 'no integral solution found' };
  }
  if (timedOut) {
    return { status: 'time_limit', x, objective: objectiveOf(p, x), bound: relaxationBound(p, model, budget) };
  }
  return { status: 'optimal', x, objective: objectiveOf(p, x) };
}

/**
 * A run the work meter stopped: time_limit, with the best integral incumbent jslp recorded, if any, and
 * the relaxation's bound. A stalled LP or root relaxation has none, and `auto` then asks HiGHS.
 */
function stoppedByMeter(
  p: NumericProblem,
  model: JslpModel,
  columns: Column[],
  stop: { stalled: boolean; incumbents: readonly Record<string, number>[] },
  budget: number,
): RawResult {
  const why = stop.stalled
    ? 'javascript-lp-solver stopped: its simplex kept pivoting without progress (cycling), also at a coarser tolerance'
    : `javascript-lp-solver used up its work budget (${budget.toExponential(1)} tableau cells, about its time limit)`;
  let best: { x: Float64Array; objective: number } | undefined;
  for (const incumbent of stop.incumbents) {
    const x = read(incumbent as unknown as SolveResult, p, columns);
    const objective = objectiveOf(p, x);
    if (!best || (p.maximize ? objective > best.objective : objective < best.objective)) best = { x, objective };
  }
  if (!best) return { status: 'time_limit', message: `${why} before it found a solution` };
  return { status: 'time_limit', ...best, bound: relaxationBound(p, model, budget), message: why };
}

/** The LP relaxation's optimum: a valid (if loose) bound for a MILP that ran out of time. */
function relaxationBound(p: NumericProblem, model: JslpModel, budget: number): number | undefined {
  try {
    const run = metered(budget, () => solver.Solve({ ...model, ints: {}, options: {} }, 1e-9) as SolveResult);
    if (!('done' in run)) return undefined;
    const relaxed = run.done;
    if (relaxed.feasible !== true || relaxed.bounded === false) return undefined;
    // jslp solved for y (x = shift + sign·y): add back Σ cost·shift
    return Number.isFinite(relaxed.result) ? relaxed.result + shiftTotal(p) : undefined;
  } catch {
    return undefined;
  }
}

function shiftTotal(p: NumericProblem): number {
  let s = 0;
  for (let j = 0; j < p.nCols; j++) {
    const lo = p.colLower[j];
    const hi = p.colUpper[j];
    const shift = Number.isFinite(lo) ? lo : Number.isFinite(hi) ? hi : 0;
    s += p.cost[j] * shift;
  }
  return s;
}

export const jslpBackend: Backend = {
  name: 'jslp',
  solve: async (problem, options) => solveJslp(problem, options),
};
