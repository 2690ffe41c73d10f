/**
 * The solver is checked, not trusted. A backend answers in floats; this file turns that answer into exact
 * rationals and checks it against every bound, every integrality and every constraint with BigInt
 * arithmetic. Only an answer that passes is ever returned as a solution (core.ts); otherwise the caller
 * gets the list of violations.
 *
 * From floats to an exact point (`exactPoint`), in the scaled units of scale.ts, where magnitudes are
 * ~1–1e4 so absolute tolerances mean something:
 * 1. missing values are 0 (javascript-lp-solver leaves out variables at zero);
 * 2. an integer variable within `integer` of an integer is that integer (0.9999999 → 1); one further
 *    away stays fractional and fails the check;
 * 3. a continuous value at, beyond or within `bound` (relative) of one of its bounds is that bound,
 *    exactly (solvers overshoot bounds by their feasibility tolerance);
 * 4. any other value becomes a simple rational if one is within 1e-12 (1000/3 from 333.33333333333337),
 *    else the double's exact value;
 * 5. check exactly. Float noise usually leaves equalities and tight rows off by 1e-13 here, so, if anything
 *    fails: take the rows that are tight in the floats (within `row` of their right-hand side, relative to
 *    the row's magnitude) or violated, fix every integer and every value
 *    snapped to a bound, and solve those rows for the remaining variables in exact arithmetic (sparse
 *    Gaussian elimination, Markowitz pivots). At an LP vertex, or with a MILP's integers fixed, this
 *    recovers the exact point the solver was approximating. Free variables no tight row pins keep their
 *    rounded values. Check exactly again; a tight inequality the elimination let go (degenerate vertices
 *    have more tight rows than they need) that ends up broken is made to hold in another round; then
 *    retry with tighter and looser tolerances before giving up.
 */
import type { CompiledProblem, CompiledRow } from './model.js';
import { type Rational, Sum, ZERO, abs, cmp, div, floor, fromFloat, isInteger, isZero, mul, neg, rat, sub, toFloat } from '../../../core/rational.js';

export interface Violation {
  readonly kind: 'constraint' | 'lower' | 'upper' | 'integer';
  /** The constraint's name, or the variable's. */
  readonly name: string;
  /** How far off, > 0, in the constraint's (or variable's) own units; for integer, the distance to the nearest integer. */
  readonly by: Rational;
}

export interface Tolerances {
  /** |x − round(x)| at or below this makes an integer variable that integer (absolute, scaled units). */
  readonly integer: number;
  /** |x − bound| ≤ bound·max(1, |bound|) snaps a continuous value to the bound. */
  readonly bound: number;
  /** |activity − rhs| ≤ row·max(1, |rhs|, Σ|a_j x_j|) counts a row as tight. */
  readonly row: number;
}

export const DEFAULT_TOLERANCES: Tolerances = { integer: 1e-6, bound: 1e-9, row: 1e-9 };

/** Σ a_j x_j of a row, exactly. */
export function activity(row: { index: readonly number[]; value: readonly Rational[] }, x: readonly Rational[]): Rational {
  const s = new Sum();
  for (let k = 0; k < row.index.length; k++) s.addProduct(row.value[k], x[row.index[k]]);
  return s.value();
}

/** By how much the row is violated at activity `a` (≤ 0: it holds). */
function excess(row: CompiledRow, a: Rational): Rational {
  if (row.sense === '<=') return sub(a, row.rhs);
  if (row.sense === '>=') return sub(row.rhs, a);
  return abs(sub(a, row.rhs));
}

/** Every bound, integrality and constraint that x breaks, exactly. Empty: x is feasible. */
export function checkExactly(p: CompiledProblem, x: readonly Rational[]): Violation[] {
  const out: Violation[] = [];
  for (let j = 0; j < p.names.length; j++) {
    const v = x[j];
    const lo = p.lower[j];
    const hi = p.upper[j];
    if (lo && cmp(v, lo) < 0) out.push({ kind: 'lower', name: p.names[j], by: sub(lo, v) });
    if (hi && cmp(v, hi) > 0) out.push({ kind: 'upper', name: p.names[j], by: sub(v, hi) });
    if (p.integer[j] && !isInteger(v)) {
      const down = sub(v, rat(floor(v)));
      const distance = cmp(down, rat(1n, 2n)) <= 0 ? down : sub(rat(1n), down);
      out.push({ kind: 'integer', name: p.names[j], by: distance });
    }
  }
  for (const row of p.rows) {
    const e = excess(row, activity(row, x));
    if (e.num > 0n) out.push({ kind: 'constraint', name: row.name, by: e });
  }
  return out;
}

/** The objective Σ c_j x_j + constant, exactly. */
export function objectiveValue(p: CompiledProblem, x: readonly Rational[]): Rational {
  const s = new Sum();
  for (let j = 0; j < p.names.length; j++) s.addProduct(p.cost[j], x[j]);
  s.add(p.constant);
  return s.value();
}

interface Rounded {
  readonly x: Rational[];
  /** The float values after snapping (what tightness is judged on). */
  readonly xs: Float64Array;
  /** true: fixed (integer, or snapped to a bound); false: free to be solved for. */
  readonly fixed: boolean[];
}

function round(p: CompiledProblem, xf: ArrayLike<number>, tol: Tolerances): Rounded {
  const n = p.names.length;
  const x: Rational[] = new Array(n);
  const xs = new Float64Array(n);
  const fixed: boolean[] = new Array(n).fill(false);
  for (let j = 0; j < n; j++) {
    const v = Number.isFinite(xf[j]) ? xf[j] : 0;
    xs[j] = v;
    if (p.integer[j]) {
      const r = Math.round(v);
      if (Math.abs(v - r) <= tol.integer) {
        x[j] = rat(BigInt(r));
        xs[j] = r;
      } else {
        x[j] = fromFloat(v, 0);
      }
      fixed[j] = true;
      continue;
    }
    const lo = p.lower[j];
    const hi = p.upper[j];
    // at or beyond a bound (within tolerance): the bound, exactly — solvers overshoot bounds by ~1e-9
    const lf = lo ? toFloat(lo) : -Infinity;
    const hf = hi ? toFloat(hi) : Infinity;
    if (lo && v <= lf + tol.bound * Math.max(1, Math.abs(lf))) {
      x[j] = lo;
      xs[j] = lf;
      fixed[j] = true;
    } else if (hi && v >= hf - tol.bound * Math.max(1, Math.abs(hf))) {
      x[j] = hi;
      xs[j] = hf;
      fixed[j] = true;
    } else {
      x[j] = fromFloat(v, 1e-12 * Math.max(1, Math.abs(v)));
    }
  }
  return { x, xs, fixed };
}

/** Rows at (or beyond) their right-hand side in the snapped floats, equalities always. */
function tightRows(p: CompiledProblem, xs: Float64Array, tol: number): number[] {
  const tight: number[] = [];
  p.rows.forEach((row, i) => {
    if (row.sense === '=') {
      tight.push(i);
      return;
    }
    let act = 0;
    let magnitude = 0;
    for (let k = 0; k < row.index.length; k++) {
      const t = toFloat(row.value[k]) * xs[row.index[k]];
      act += t;
      magnitude += Math.abs(t);
    }
    const rhs = toFloat(row.rhs);
    const eps = tol * Math.max(1, Math.abs(rhs), magnitude);
    if (row.sense === '<=' ? act >= rhs - eps : act <= rhs + eps) tight.push(i);
  });
  return tight;
}

interface Equation {
  readonly coef: Map<number, Rational>;
  rhs: Rational;
  /** an inequality thought tight: may be dropped if it turns out inconsistent */
  readonly optional: boolean;
  /** pivot order: 0 equality, 1 a row found broken, 2 another tight row */
  readonly priority: number;
  alive: boolean;
}

/** Work budget of the exact elimination (rational multiply-adds), so no request can spin on it. */
const ELIMINATION_BUDGET = 4_000_000;

/**
 * Solves the tight rows for the free variables in exact arithmetic, in place. False when the rows are
 * inconsistent (an equality left as 0 = c ≠ 0) or the work budget runs out.
 */
function solveTightRows(p: CompiledProblem, x: Rational[], fixed: readonly boolean[], tight: readonly number[], forced: ReadonlySet<number>): boolean {
  const eqs: Equation[] = [];
  const colEqs = new Map<number, Set<number>>();
  for (const i of tight) {
    const row = p.rows[i];
    const coef = new Map<number, Rational>();
    const rhs = new Sum();
    rhs.add(row.rhs);
    row.index.forEach((j, k) => {
      if (fixed[j]) rhs.addProduct(neg(row.value[k]), x[j]);
      else coef.set(j, row.value[k]);
    });
    const e = eqs.length;
    const priority = row.sense === '=' ? 0 : forced.has(i) ? 1 : 2;
    eqs.push({ coef, rhs: rhs.value(), optional: row.sense !== '=', priority, alive: true });
    for (const j of coef.keys()) {
      let set = colEqs.get(j);
      if (!set) colEqs.set(j, (set = new Set()));
      set.add(e);
    }
  }
  const pivots: { eq: Equation; col: number }[] = [];
  let work = 0;
  let aliveCount = eqs.length;
  while (aliveCount > 0) {
    // equalities pivot first, then rows found broken, then the other tight ones; the sparsest first within each
    let best = -1;
    for (let e = 0; e < eqs.length; e++) {
      const q = eqs[e];
      if (!q.alive) continue;
      const b = best < 0 ? undefined : eqs[best];
      if (!b || q.priority < b.priority || (q.priority === b.priority && q.coef.size < b.coef.size)) best = e;
    }
    const eq = eqs[best];
    eq.alive = false;
    aliveCount--;
    if (eq.coef.size === 0) {
      if (!isZero(eq.rhs) && !eq.optional) return false;
      continue;
    }
    // Markowitz: the column in the fewest other live equations makes the least fill-in
    let col = -1;
    let colCount = Infinity;
    for (const j of eq.coef.keys()) {
      const c = colEqs.get(j)!.size;
      if (c < colCount) {
        col = j;
        colCount = c;
      }
    }
    for (const j of eq.coef.keys()) colEqs.get(j)!.delete(best);
    const pivot = eq.coef.get(col)!;
    for (const o of [...colEqs.get(col)!]) {
      const other = eqs[o];
      const f = div(other.coef.get(col)!, pivot);
      for (const [j, a] of eq.coef) {
        if (j === col) {
          other.coef.delete(j);
          colEqs.get(j)!.delete(o);
          continue;
        }
        const next = sub(other.coef.get(j) ?? ZERO, mul(f, a));
        if (isZero(next)) {
          other.coef.delete(j);
          colEqs.get(j)!.delete(o);
        } else {
          if (!other.coef.has(j)) colEqs.get(j)!.add(o);
          other.coef.set(j, next);
        }
      }
      other.rhs = sub(other.rhs, mul(f, eq.rhs));
      work += eq.coef.size;
      if (work > ELIMINATION_BUDGET) return false;
    }
    pivots.push({ eq, col });
  }
  for (let t = pivots.length - 1; t >= 0; t--) {
    const { eq, col } = pivots[t];
    const s = new Sum();
    s.add(eq.rhs);
    for (const [j, a] of eq.coef) if (j !== col) s.addProduct(neg(a), x[j]);
    x[col] = div(s.value(), eq.coef.get(col)!);
  }
  return true;
}

export interface ExactPoint {
  readonly x: Rational[];
  /** Whether the tight rows had to be solved exactly (step 5) to get a feasible point. */
  readonly repaired: boolean;
  /** Empty when x satisfies everything exactly. */
  readonly violations: Violation[];
}

/** Rows (by index) that a list of violations names. */
function brokenRows(p: CompiledProblem, violations: readonly Violation[]): number[] {
  const names = new Set(violations.filter((v) => v.kind === 'constraint').map((v) => v.name));
  return p.rows.flatMap((row, i) => (names.has(row.name) ? [i] : []));
}

/**
 * One try at tolerances `tol`. Tight rows are solved as equalities; a tight inequality that turns out
 * inconsistent with the others is let go, but if it then ends up broken it is made to hold in the next
 * round (a degenerate vertex has more tight rows than it needs, and the first choice may be the wrong ones).
 */
function attempt(p: CompiledProblem, xf: ArrayLike<number>, tol: Tolerances): ExactPoint {
  const { x: rounded, xs, fixed } = round(p, xf, tol);
  const first = checkExactly(p, rounded);
  if (first.length === 0) return { x: rounded, repaired: false, violations: first };
  const tight = new Set(tightRows(p, xs, tol.row));
  // rows the rounded point breaks must hold: solved as equalities, and first
  const forced = new Set(brokenRows(p, first));
  let last: ExactPoint = { x: rounded, repaired: true, violations: first };
  for (let pass = 0; pass < 6; pass++) {
    for (const i of forced) tight.add(i);
    const x = [...rounded];
    if (
      !solveTightRows(
        p,
        x,
        fixed,
        [...tight].sort((a, b) => a - b),
        forced,
      )
    )
      return last;
    const violations = checkExactly(p, x);
    last = { x, repaired: true, violations };
    const broken = brokenRows(p, violations).filter((i) => !forced.has(i));
    if (violations.length === 0 || broken.length === 0) return last;
    for (const i of broken) forced.add(i);
  }
  return last;
}

/**
 * An exact point from a backend's float answer (scaled problem, scaled values), checked exactly. Tries the
 * default tolerances, then tighter, then looser ones; returns the first point with no violations, or the
 * first attempt's violations.
 */
export function exactPoint(p: CompiledProblem, xf: ArrayLike<number>, tol: Tolerances = DEFAULT_TOLERANCES): ExactPoint {
  const first = attempt(p, xf, tol);
  if (first.violations.length === 0) return first;
  for (const factor of [1e-3, 1e2, 1e4]) {
    const again = attempt(p, xf, { integer: tol.integer, bound: tol.bound * factor, row: tol.row * factor });
    if (again.violations.length === 0) return again;
  }
  return first;
}
