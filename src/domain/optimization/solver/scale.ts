/**
 * Scaling to well-conditioned units before a solver sees a problem, and back afterwards.
 *
 * Why: planners write money in yuan, so a county budget is ~1e9 and a coefficient is 1 or 0.6. Fed to a
 * float solver as they are, the tolerances (1e-9 absolute in javascript-lp-solver) are meaningless next
 * to 1e9: javascript-lp-solver 1.0.3 answers a false "infeasible", a false "unbounded", or a MILP answer
 * 0.1% short of the optimum (issue 4; tests/optimize/scaling.test.ts reproduces them). So no solver ever
 * sees raw yuan.
 *
 * How: only by powers of ten, so scaling is exact in rational arithmetic and the answer can be mapped back
 * and checked without any rounding of the problem:
 * - column j (continuous only): x_j = 10^c_j · x'_j. c_j puts the variable's typical magnitude in
 *   [1e3, 1e4) when it is above 1e4 (yuan amounts become "units of 10^c yuan", e.g. 10万元), or near 1 when
 *   it is below 1e-2; otherwise 0. The typical magnitude is the largest finite non-zero bound, or failing
 *   that the median of |rhs / coefficient| over the rows it appears in. Integer columns are never scaled
 *   (x' would stop being an integer).
 * - row i: divided by 10^r_i, r_i the rounded log10 of the geometric mean of its largest and smallest
 *   column-scaled coefficient, so coefficients sit around 1 and the right-hand side follows.
 * - objective: divided by 10^o so its largest column-scaled coefficient is about 1.
 * The scaled problem is the same CompiledProblem shape with exact rationals; `toNumeric` makes the floats
 * a backend reads. Tolerances downstream (verify.ts) are absolute in these scaled units.
 */
import { type CompiledProblem, type CompiledRow } from './model.js';
import { type Rational, times10, toFloat } from '../../../core/rational.js';

export interface Scaling {
  /** x_j = 10^col[j] · x'_j */
  readonly col: readonly number[];
  /** scaled row i = row i / 10^row[i] (both sides) */
  readonly row: readonly number[];
  /** scaled objective = objective / 10^obj */
  readonly obj: number;
}

const MAX_EXPONENT = 30;

function log10abs(r: Rational): number {
  const x = Math.abs(toFloat(r));
  return x > 0 && Number.isFinite(x) ? Math.log10(x) : Number.NaN;
}

function clamp(e: number): number {
  return Math.max(-MAX_EXPONENT, Math.min(MAX_EXPONENT, e));
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)];
}

/** Chooses the powers of ten (see the module comment). Pure function of the problem: deterministic. */
export function chooseScaling(p: CompiledProblem): Scaling {
  const n = p.names.length;
  // log10 of |rhs / a_ij| for each column, from the rows it appears in
  const fromRows: number[][] = Array.from({ length: n }, () => []);
  for (const row of p.rows) {
    const lr = log10abs(row.rhs);
    if (Number.isNaN(lr)) continue;
    row.index.forEach((j, k) => fromRows[j].push(lr - log10abs(row.value[k])));
  }
  const col = new Array<number>(n).fill(0);
  for (let j = 0; j < n; j++) {
    if (p.integer[j]) continue;
    let m = Number.NaN;
    for (const b of [p.lower[j], p.upper[j]]) {
      if (!b) continue;
      const l = log10abs(b);
      if (!Number.isNaN(l) && !(m >= l)) m = l;
    }
    if (Number.isNaN(m) && fromRows[j].length > 0) m = median(fromRows[j]);
    if (Number.isNaN(m)) continue;
    if (m >= 4) col[j] = clamp(Math.floor(m) - 3);
    else if (m < -2) col[j] = clamp(Math.floor(m));
  }
  const row = p.rows.map((r) => {
    let hi = -Infinity;
    let lo = Infinity;
    r.index.forEach((j, k) => {
      const l = log10abs(r.value[k]) + col[j];
      if (l > hi) hi = l;
      if (l < lo) lo = l;
    });
    return r.index.length === 0 ? 0 : clamp(Math.round((hi + lo) / 2));
  });
  let objHi = -Infinity;
  p.cost.forEach((c, j) => {
    if (c.num === 0n) return;
    const l = log10abs(c) + col[j];
    if (l > objHi) objHi = l;
  });
  const obj = objHi === -Infinity ? 0 : clamp(Math.round(objHi));
  return { col, row, obj };
}

/** The same problem in scaled units, exactly. */
export function applyScaling(p: CompiledProblem, s: Scaling): CompiledProblem {
  const rows: CompiledRow[] = p.rows.map((r, i) => ({
    name: r.name,
    sense: r.sense,
    rhs: times10(r.rhs, -s.row[i]),
    index: r.index,
    value: r.value.map((v, k) => times10(v, s.col[r.index[k]] - s.row[i])),
  }));
  return {
    names: p.names,
    lower: p.lower.map((b, j) => (b ? times10(b, -s.col[j]) : null)),
    upper: p.upper.map((b, j) => (b ? times10(b, -s.col[j]) : null)),
    integer: p.integer,
    rows,
    sense: p.sense,
    cost: p.cost.map((c, j) => times10(c, s.col[j] - s.obj)),
    constant: times10(p.constant, -s.obj),
    source: p.source,
  };
}

/** Scaled values back to the problem's own units, exactly. */
export function unscaleValues(values: readonly Rational[], s: Scaling): Rational[] {
  return values.map((v, j) => times10(v, s.col[j]));
}

/**
 * A scaled row dual (d objective' / d rhs') back to the problem's units: d objective / d rhs_i =
 * y'_i · 10^(obj − row_i).
 */
export function unscaleDual(dual: number, i: number, s: Scaling): number {
  return dual * 10 ** (s.obj - s.row[i]);
}

/** The float form a backend reads: row-wise sparse, bounds as ±Infinity when absent. */
export interface NumericProblem {
  readonly nCols: number;
  readonly nRows: number;
  readonly maximize: boolean;
  readonly cost: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  readonly integer: Uint8Array;
  readonly rowStart: Int32Array;
  readonly rowIndex: Int32Array;
  readonly rowValue: Float64Array;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
}

export function toNumeric(p: CompiledProblem): NumericProblem {
  const nCols = p.names.length;
  const nRows = p.rows.length;
  const nnz = p.rows.reduce((n, r) => n + r.index.length, 0);
  const rowStart = new Int32Array(nRows + 1);
  const rowIndex = new Int32Array(nnz);
  const rowValue = new Float64Array(nnz);
  const rowLower = new Float64Array(nRows);
  const rowUpper = new Float64Array(nRows);
  let k = 0;
  p.rows.forEach((r, i) => {
    rowStart[i] = k;
    r.index.forEach((j, t) => {
      rowIndex[k] = j;
      rowValue[k] = toFloat(r.value[t]);
      k++;
    });
    const b = toFloat(r.rhs);
    rowLower[i] = r.sense === '<=' ? -Infinity : b;
    rowUpper[i] = r.sense === '>=' ? Infinity : b;
  });
  rowStart[nRows] = k;
  return {
    nCols,
    nRows,
    maximize: p.sense === 'max',
    cost: Float64Array.from(p.cost, toFloat),
    colLower: Float64Array.from(p.lower, (b) => (b ? toFloat(b) : -Infinity)),
    colUpper: Float64Array.from(p.upper, (b) => (b ? toFloat(b) : Infinity)),
    integer: Uint8Array.from(p.integer, (b) => (b ? 1 : 0)),
    rowStart,
    rowIndex,
    rowValue,
    rowLower,
    rowUpper,
  };
}
