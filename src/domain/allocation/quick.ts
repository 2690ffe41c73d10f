/**
 * The formula-only allocation in doubles: the exact engine's very answer (allocate.ts), computed without a
 * BigInt per value wherever doubles provably give the same digits; undefined wherever they might not, and
 * the exact engine answers instead. Doubles never decide an amount they cannot prove: they only choose,
 * between two neighbouring answers, the one the exact arithmetic would give, and only when the estimate is
 * farther from the line between them than its proven error.
 *
 * Why: the exact engine spends ~6 µs a region on BigInt columns, numerators and conversions (18 ms at 2,900
 * regions, more than reading and writing the request's JSON). Here the work is typed arrays of doubles.
 *
 * The estimate. Region i's share is s_i = Σ_k W_k · t_ik / S_k (allocate.ts), every t_ik ≥ 0:
 * - the indicator values are read as decimals c·10^-scale with c an exact double (parseShortDecimal) and
 *   put at the column's common scale, where each is an integer below 2^53: exact. So are the transforms'
 *   integer columns (direct, score, gapToMax, gapToBenchmark, coefficient) and their sums (checked < 2^53);
 * - a reciprocal column is 1/X_i: one rounding; its sum is compensated (Neumaier), within 3u of the exact sum.
 *   The exact engine's column is L/X_i (exact) or floor(10^p/X_i) with 10^p/X_i ≥ 10^24, whose share differs
 *   from (1/X_i)/Σ(1/X_j) by less than 10^-23 relative: RECIPROCAL_SLACK;
 * - W_k as a double (3 roundings), a_k = W_k / S_k (1), a_k · t_ik (1), then K − 1 additions of non-negative
 *   terms. With u = 2^-53, every factor share s_if and s_i is within (9 + K + F)·u relative of its exact
 *   value (K columns, F factors; first order, the second-order terms are below 10^-28 for any real model).
 *   ERROR doubles that bound.
 * Each decision below then widens the error by the roundings it adds and refuses to decide within it:
 * - the floor of T·s_i and the fraction beyond it (the largest-remainder split): a fraction within the
 *   error of 0 or 1, or leftover granules whose winners and losers are not separated by the errors, give up;
 * - every text (formula share 12 decimals and percent, each factor's contribution): rounded half away from
 *   zero, so a value within the error of a half gives up;
 * - ranks: equal amounts are ordered by share; shares closer than their errors (identical regions) give up.
 * Amounts, shares of the total and year-over-year texts are written by the exact engine's own functions
 * (rows.ts) from the integer parts. tests/engine/quick.test.ts compares both engines on generated requests.
 */
import { formatCount, formatScaled, fromGranules, parseShortDecimal, type Scaled, toText } from '../../core/money.js';
import { own } from '../../core/records.js';
import type { AllocationResult, AllocationRow, AllocationScenario } from './allocate.js';
import type { RegionInput } from './factors.js';
import { isSplitNumber, modelInputs } from './inputs.js';
import type { PreparedIndicator, PreparedModel } from './model.js';
import { ranksByAmount } from './rank.js';
import { EXTRA_DECIMALS, factorRecord, rowOf, sharesOfTotal } from './rows.js';
import { INDICATOR_MAX, INDICATOR_MAX_DECIMALS } from './transforms/column.js';

const U = 2 ** -53;
const SAFE = 2 ** 53;
/** The split decides floors in doubles below this (as the exact engine's own filter, money/apportion.ts). */
const FAST_TOTAL = 2 ** 51;
/** Texts are decided below this scaled size, where the fraction of a double is exact to far below its error. */
const TEXT_LIMIT = 2 ** 40;
const RECIPROCAL_SLACK = 1e-20;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i); // exact doubles up to 10^22
/** The limits every numeric indicator is read within (transforms/column.ts), as doubles. */
const MAX_DECIMALS = INDICATOR_MAX_DECIMALS;
const MAX_INDICATOR = Number(INDICATOR_MAX);

/** An indicator column in doubles: its values t_i, their sum, and the relative error of each. */
interface QuickColumn {
  readonly values: Float64Array;
  readonly sum: number;
  /** relative error of each value (0: exact) */
  readonly valueError: number;
  /** relative error of the sum (0: exact) */
  readonly sumError: number;
}

/**
 * The formula-only allocation of a scenario the exact engine has found free of problems so far (its
 * scenario, total and last year's amounts checked; no explain; no pipeline stage applies), or undefined
 * where a value, a check or a decision is beyond what doubles prove here.
 */
export function quickFormula(s: AllocationScenario, total: bigint, lastYear: readonly (Scaled | undefined)[]): AllocationResult | undefined {
  const T = Number(total);
  const n = s.regions.length;
  reuse();
  if (!(T > 0 && T < FAST_TOTAL) || n === 0 || !keysRead(s.model, s.regions)) return undefined;
  const model = s.model;

  // every indicator is read (and checked) as the exact engine reads it, weighted or not
  const F = model.factors.length;
  const byFactor: (Float64Array | undefined)[] = new Array(F);
  let K = 0;
  let worst = 0; // the largest relative error of a coefficient a_k and a value t_ik, summed
  const terms: { f: number; a: number; values: Float64Array }[] = [];
  for (let f = 0; f < F; f++) {
    for (const ind of model.factors[f].indicators) {
      const column = readColumn(ind, s.regions);
      if (!column) return undefined;
      const weight = ind.effectiveWeight;
      if (weight.coefficient <= 0n) continue;
      if (column.sum === 0) return undefined; // indicator-all-zero: the exact engine says so
      K++;
      const w = Number(weight.coefficient) / (weight.scale <= 22 ? POW10[weight.scale] : 10 ** weight.scale);
      terms.push({ f, a: w / column.sum, values: column.values });
      worst = Math.max(worst, column.valueError + column.sumError);
    }
  }
  for (const { f, a, values } of terms) {
    let target = byFactor[f];
    if (target === undefined) byFactor[f] = target = zeros(n);
    for (let i = 0; i < n; i++) target[i] += a * values[i];
  }
  const shares = zeros(n);
  for (const col of byFactor) if (col) for (let i = 0; i < n; i++) shares[i] += col[i];
  // 9 roundings per term at most, then the sums: see the note at the top; doubled
  const ERROR = 2 * ((9 + K + F) * U + worst) + RECIPROCAL_SLACK;

  const split = splitTotal(T, shares, ERROR + 2 * U);
  if (!split) return undefined;
  const parts = Array.from(split.parts, BigInt);
  const ranks = rankParts(parts, shares, ERROR + U);
  if (!ranks) return undefined;

  const g = s.granularity;
  const detail = g.scale + EXTRA_DECIMALS;
  const pool = Number(s.total.coefficient);
  if (detail > 15 || !Number.isSafeInteger(pool)) return undefined;
  // a factor's contribution pool × s_if in counts of 10^-detail: s_if × poolCoefficient × 10^(detail − poolScale)
  const lift = detail >= s.total.scale ? pool * POW10[detail - s.total.scale] : pool / POW10[s.total.scale - detail];
  if (!(lift < SAFE)) return undefined;
  const liftError = ERROR + (detail >= s.total.scale ? 2 * U : 4 * U);
  const zero = formatScaled(0n, detail);
  const ofTotal = sharesOfTotal(total);
  const rows: AllocationRow[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const share = decide(shares[i] * 1e12, ERROR + 2 * U, 12);
    const percent = decide(shares[i] * 1e4, ERROR + 2 * U, 2);
    if (share === undefined || percent === undefined) return undefined;
    const factors = factorRecord(model);
    for (let f = 0; f < F; f++) {
      const col = byFactor[f];
      let text = zero;
      if (col !== undefined) {
        const t = decide(col[i] * lift, liftError, detail);
        if (t === undefined) return undefined;
        text = t;
      }
      factors[model.factors[f].spec.id] = text;
    }
    rows[i] = rowOf(s.regions[i], parts[i], g, ofTotal, { share, percent: percent + '%' }, ranks[i], factors, lastYear[i]);
  }
  const amount = fromGranules(total, g);
  return {
    model: { id: model.model.id, version: model.model.version },
    unit: s.unit,
    summary: { total: amount, granularity: toText(g), sum: amount, balanced: true, regions: n, leftoverGranules: split.left, weightsSum: '1' },
    rows,
  };
}

/**
 * Typed arrays reused from call to call, a pool of them (quickFormula is synchronous and keeps none):
 * fresh ones were ~20 × 8 bytes per region of external memory per request (460 kB at 2,900 regions),
 * which drives V8's major collections. Each call starts at the pool's first array.
 */
const pool: Float64Array[] = [];
let taken = 0;

function reuse(): void {
  taken = 0;
}

/** n zeros, from the pool where it has an array long enough. */
function zeros(n: number): Float64Array {
  let array = pool[taken];
  if (array === undefined || array.length < n) pool[taken] = array = new Float64Array(Math.max(n, 256));
  taken++;
  const view = array.subarray(0, n);
  view.fill(0);
  return view;
}

/**
 * The text of the integer nearest the exact value x estimates (halves away from zero), to `places`
 * decimals, when x is within x · error of it and no closer to a half than that; else undefined.
 */
function decide(x: number, error: number, places: number): string | undefined {
  if (!(x < TEXT_LIMIT)) return undefined;
  const floor = Math.floor(x);
  const frac = x - floor; // exact below 2^52
  if (Math.abs(frac - 0.5) <= x * error) return undefined;
  return formatCount(frac > 0.5 ? floor + 1 : floor, places);
}

/** Every indicator key of every region is one the model reads, and a set-aside's split numbers are numbers (inputs.ts). */
function keysRead(model: PreparedModel, regions: readonly RegionInput[]): boolean {
  const { inputs, splitNumbers } = modelInputs(model);
  for (const r of regions) {
    for (const key of Object.keys(r.indicators)) {
      if (!inputs.has(key)) return false;
      if (splitNumbers.has(key) && !isSplitNumber(r.indicators[key])) return false;
    }
  }
  return true;
}

/** An indicator's column in doubles, or undefined where a value is not short, would be refused, or outgrows 2^53. */
function readColumn(ind: PreparedIndicator, regions: readonly RegionInput[]): QuickColumn | undefined {
  switch (ind.spec.transform) {
    case 'coefficient':
      return coefficientColumn(ind, regions);
    case 'direct':
    case 'score':
    case 'gapToMax':
    case 'gapToBenchmark':
    case 'reciprocal':
      return numericColumn(ind, regions);
    default:
      return undefined; // a transform this file does not know: the exact engine
  }
}

function numericColumn(ind: PreparedIndicator, regions: readonly RegionInput[]): QuickColumn | undefined {
  const n = regions.length;
  const values = zeros(n);
  const scales = zeros(n);
  let scale = 0;
  let lowest = MAX_DECIMALS;
  for (let i = 0; i < n; i++) {
    const value = own(regions[i].indicators, ind.input);
    if (value === undefined) return undefined;
    const x = parseShortDecimal(value);
    if (x === undefined || x.coefficient < 0 || x.scale > MAX_DECIMALS || (x.scale === 0 && x.coefficient >= MAX_INDICATOR)) return undefined;
    values[i] = x.coefficient;
    scales[i] = x.scale;
    if (x.scale > scale) scale = x.scale;
    if (x.scale < lowest) lowest = x.scale;
  }
  // the values at the common scale: integers, exact below 2^53
  if (lowest !== scale) {
    for (let i = 0; i < n; i++) {
      const v = values[i] * POW10[scale - scales[i]];
      if (!(v < SAFE)) return undefined;
      values[i] = v;
    }
  }
  switch (ind.spec.transform) {
    case 'score':
      if (ind.maximum !== undefined && !atMost(values, scale, ind.maximum)) return undefined; // score-above-max
      return integerColumn(values);
    case 'gapToMax': {
      let max = 0;
      for (let i = 0; i < n; i++) if (values[i] > max) max = values[i];
      for (let i = 0; i < n; i++) values[i] = max - values[i];
      return integerColumn(values);
    }
    case 'gapToBenchmark': {
      const b = ind.benchmark!;
      const common = Math.max(scale, b.scale);
      const line = Number(b.coefficient) * POW10[common - b.scale];
      const up = POW10[common - scale];
      if (!(line < SAFE) || !Number.isSafeInteger(Number(b.coefficient))) return undefined;
      for (let i = 0; i < n; i++) {
        const x = values[i] * up;
        if (!(x < SAFE)) return undefined;
        values[i] = line > x ? line - x : 0;
      }
      return integerColumn(values);
    }
    case 'reciprocal': {
      // 1/X_i, its sum compensated (Neumaier): within 3u of the sum of the rounded values, so within 4u of Σ 1/X_i
      let sum = 0;
      let carry = 0;
      for (let i = 0; i < n; i++) {
        if (values[i] === 0) return undefined; // reciprocal-of-zero
        const r = 1 / values[i];
        values[i] = r;
        const t = sum + r;
        carry += Math.abs(sum) >= Math.abs(r) ? sum - t + r : r - t + sum;
        sum = t;
      }
      return { values, sum: sum + carry, valueError: U, sumError: 4 * U };
    }
    default:
      return integerColumn(values); // direct
  }
}

/** Every value (at `scale`) is at most the maximum, compared as exact integers; false also where they are not exact. */
function atMost(values: Float64Array, scale: number, maximum: Scaled): boolean {
  const m = Number(maximum.coefficient);
  if (!Number.isSafeInteger(m)) return false;
  const common = Math.max(scale, maximum.scale);
  const limit = m * POW10[common - maximum.scale];
  const up = POW10[common - scale];
  if (!(limit < SAFE)) return false;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] * up;
    if (!(x < SAFE) || x > limit) return false;
  }
  return true;
}

/** A column of exact integers with its exact sum (all partial sums below 2^53), or undefined. */
function integerColumn(values: Float64Array): QuickColumn | undefined {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum < SAFE ? { values, sum, valueError: 0, sumError: 0 } : undefined;
}

/** Per coefficient indicator: each category's coefficient, and the default, at the column's scale (exact doubles), or null. */
const coefficientTables = new WeakMap<PreparedIndicator, { readonly map: Map<string, number>; readonly fallback: number | undefined } | null>();

function coefficientTable(ind: PreparedIndicator) {
  let table = coefficientTables.get(ind);
  if (table !== undefined) return table;
  const source = ind.coefficients!;
  let scale = ind.default?.scale ?? 0;
  for (const c of source.values()) if (c.scale > scale) scale = c.scale;
  const at = (c: Scaled) => {
    const v = Number(c.coefficient) * POW10[scale - c.scale];
    return Number.isSafeInteger(Number(c.coefficient)) && v < SAFE ? v : undefined;
  };
  const map = new Map<string, number>();
  let exact = scale <= 22;
  for (const [category, c] of source) {
    const v = at(c);
    if (v === undefined) exact = false;
    else map.set(category, v);
  }
  const fallback = ind.default === undefined ? undefined : at(ind.default);
  if (ind.default !== undefined && fallback === undefined) exact = false;
  table = exact ? { map, fallback } : null;
  coefficientTables.set(ind, table);
  return table;
}

function coefficientColumn(ind: PreparedIndicator, regions: readonly RegionInput[]): QuickColumn | undefined {
  const table = coefficientTable(ind);
  if (!table) return undefined;
  const values = zeros(regions.length);
  for (let i = 0; i < regions.length; i++) {
    const value = own(regions[i].indicators, ind.input);
    const c = value === undefined ? table.fallback : (table.map.get(String(value)) ?? table.fallback);
    if (c === undefined) return undefined; // category-missing or unknown-category
    values[i] = c;
  }
  return integerColumn(values);
}

/**
 * The largest-remainder split of T granules by the estimated shares: floor(T·s_i) and one leftover granule
 * to each of the largest fractions, when every floor is decided and the winners' fractions exceed the
 * losers' by more than their errors (then the exact remainders order them the same way, and no tie-break
 * is reached). `error`: the shares' relative error plus the product's rounding.
 */
function splitTotal(T: number, shares: Float64Array, error: number): { parts: Float64Array; left: number } | undefined {
  const n = shares.length;
  const parts = zeros(n);
  const fractions = zeros(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const e = T * shares[i];
    const floor = Math.floor(e);
    const frac = e - floor;
    // a share of exactly 0 is exact (every term is 0); any other needs its fraction clear of 0 and 1
    if (e !== 0 && !(frac > e * error && frac < 1 - e * error)) return undefined;
    parts[i] = floor;
    fractions[i] = frac;
    given += floor;
  }
  const left = T - given;
  if (left < 0 || left > n) return undefined;
  if (left === 0) return { parts, left };
  // the left-th largest fraction is the threshold; the winners are exactly those at or above it
  const sorted = zeros(n);
  sorted.set(fractions);
  sorted.sort();
  const threshold = sorted[n - left];
  let winners = 0;
  let lowestWinner = Infinity;
  let highestLoser = 0;
  for (let i = 0; i < n; i++) {
    const f = fractions[i];
    const margin = T * shares[i] * error;
    if (f >= threshold) {
      winners++;
      lowestWinner = Math.min(lowestWinner, f - margin);
      parts[i] += 1;
    } else highestLoser = Math.max(highestLoser, f + margin);
  }
  if (winners !== left || !(lowestWinner > highestLoser) || !(lowestWinner > 0)) return undefined;
  return { parts, left };
}

/**
 * Ranks by amount, largest first; equal amounts by share, larger first (rank.ts), kept only where every two
 * equal amounts next to each other have estimates farther apart than their errors: then the exact shares
 * order them the same way and the ids are never reached. Undefined where two are not (identical regions).
 */
function rankParts(parts: readonly bigint[], shares: Float64Array, error: number): number[] | undefined {
  const ranks = ranksByAmount(parts, (a, b) => shares[b] - shares[a]);
  const order = new Array<number>(parts.length);
  for (let i = 0; i < parts.length; i++) order[ranks[i] - 1] = i;
  for (let k = 1; k < order.length; k++) {
    const [hi, lo] = [order[k - 1], order[k]];
    if (parts[hi] === parts[lo] && !(shares[hi] - shares[lo] > (shares[hi] + shares[lo]) * error)) return undefined;
  }
  return ranks;
}
