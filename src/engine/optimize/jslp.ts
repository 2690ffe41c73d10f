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
 * - `options.timeout` applies to branch and bound only; a pure LP runs to the end however long it takes.
 *   So an LP whose dense tableau is larger than JSLP_MAX_LP_CELLS is refused here (status error) rather
 *   than allowed to blow the time limit; `auto` never sends such a model here. A MILP that reaches the
 *   timeout is reported as time_limit, with the LP relaxation as its bound (jslp reports none).
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

/** `maxLpCells` is for measurements only (bench/optimize-backends.ts runs jslp past its cap). */
export function solveJslp(p: NumericProblem, options: BackendOptions, maxLpCells = JSLP_MAX_LP_CELLS): RawResult {
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
  if (milp) model.options = { timeout: Math.max(1, Math.floor(options.timeLimitMs)), tolerance: options.mipRelGap };
  const started = Date.now();
  let result: SolveResult;
  try {
    result = solver.Solve(model, 1e-9) as SolveResult;
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
    return { status: 'time_limit', x, objective: objectiveOf(p, x), bound: relaxationBound(p, model) };
  }
  return { status: 'optimal', x, objective: objectiveOf(p, x) };
}

/** The LP relaxation's optimum: a valid (if loose) bound for a MILP that ran out of time. */
function relaxationBound(p: NumericProblem, model: JslpModel): number | undefined {
  try {
    const relaxed = solver.Solve({ ...model, ints: {}, options: {} }, 1e-9) as SolveResult;
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
