/**
 * Indicator transforms and factor shares (因素法). Each indicator becomes a column of non-negative integers
 * t_i; its share for region i is t_i / Σ_j t_j. Keeping the values as integers over one common scale lets
 * allocate.ts combine every share as one exact rational.
 */
import { Issue, pointer } from '../../core/errors.js';
import { atScale, parseDecimal, pow10, Scaled } from '../../core/money.js';
import { PreparedIndicator } from './model.js';
import { own } from '../../core/records.js';
import { issue } from '../../messages/index.js';

export type IndicatorValue = string | number;

export interface RegionInput {
  readonly id: string;
  readonly name?: string;
  /** the administrative level (province, city, county, town), echoed on the region's row */
  readonly level?: 'province' | 'city' | 'county' | 'town';
  readonly indicators: Readonly<Record<string, IndicatorValue>>;
  /** last year's amount, in the request's unit (year over year, hold-harmless, growth caps) */
  readonly lastYear?: string | number;
}

export interface Column {
  readonly indicator: PreparedIndicator;
  readonly factorIndex: number;
  /** raw inputs as parsed (numeric transforms) or the category (coefficient) */
  readonly raw: readonly (Scaled | string)[];
  /** transformed values as integers; the real value is t_i · unit.numerator / unit.denominator */
  readonly values: readonly bigint[];
  readonly unit: { readonly numerator: bigint; readonly denominator: bigint };
  readonly sum: bigint;
  /** false only for a reciprocal whose common denominator grew too large: 1/x kept to RECIPROCAL_DIGITS digits */
  readonly exact: boolean;
}

/** Limits that keep indicators meaningful and arithmetic bounded. */
export const INDICATOR_MAX_DECIMALS = 12;
export const INDICATOR_MAX = 10n ** 15n;
/**
 * reciprocal: 1/x_i is exactly L/x_i over L = lcm(x), as long as L stays below this bound (round incomes, a
 * few distinct values: the usual case). Beyond it, 1/x is kept to RECIPROCAL_DIGITS significant digits and
 * the column is marked inexact; everything after the transform is exact either way.
 */
export const RECIPROCAL_LCM_LIMIT = 10n ** 40n;
export const RECIPROCAL_DIGITS = 24;

const MAX_ISSUES = 50;
const LIMIT_AT_SCALE = Array.from({ length: INDICATOR_MAX_DECIMALS + 1 }, (_, s) => INDICATOR_MAX * pow10(s));

/** Reads and transforms one indicator for every region; pushes an issue per bad value. */
export function indicatorColumn(
  ind: PreparedIndicator,
  factorIndex: number,
  regions: readonly RegionInput[],
  issues: Issue[],
): Column | undefined {
  if (ind.spec.transform === 'coefficient') return coefficientColumn(ind, factorIndex, regions, issues);
  const raw = readNumbers(ind, regions, issues);
  if (!raw) return undefined;
  let scale = 0;
  for (const x of raw) if (x.scale > scale) scale = x.scale;
  const xs = raw.map((x) => atScale(x, scale));
  const base = { indicator: ind, factorIndex, raw };
  switch (ind.spec.transform) {
    case 'direct':
    case 'score':
      return withSum({ ...base, values: xs, unit: decimalUnit(scale), exact: true });
    case 'gapToMax': {
      let max = 0n;
      for (const x of xs) if (x > max) max = x;
      return withSum({ ...base, values: xs.map((x) => max - x), unit: decimalUnit(scale), exact: true });
    }
    case 'gapToBenchmark': {
      const b = ind.benchmark!;
      const s = Math.max(scale, b.scale);
      const line = atScale(b, s);
      const lift = pow10(s - scale);
      const values = xs.map((x) => {
        const gap = line - x * lift;
        return gap > 0n ? gap : 0n;
      });
      return withSum({ ...base, values, unit: decimalUnit(s), exact: true });
    }
    case 'reciprocal': {
      // x = X / 10^scale, so 1/x = 10^scale / X = (L / X) · 10^scale / L.
      const lcm = leastCommonMultiple(xs, RECIPROCAL_LCM_LIMIT);
      if (lcm !== undefined) {
        return withSum({ ...base, values: xs.map((x) => lcm / x), unit: { numerator: pow10(scale), denominator: lcm }, exact: true });
      }
      let max = 1n;
      for (const x of xs) if (x > max) max = x;
      // 10^p / X keeps at least RECIPROCAL_DIGITS significant digits for every X ≤ max.
      const p = RECIPROCAL_DIGITS + max.toString().length;
      const numerator = pow10(p);
      const values = xs.map((x) => numerator / x);
      return withSum({ ...base, values, unit: { numerator: pow10(scale), denominator: numerator }, exact: false });
    }
  }
}

function decimalUnit(scale: number) {
  return { numerator: 1n, denominator: pow10(scale) };
}

/** lcm of positive integers, or undefined as soon as it exceeds `limit` (most values repeat or divide it). */
export function leastCommonMultiple(values: readonly bigint[], limit: bigint): bigint | undefined {
  let lcm = 1n;
  for (const x of values) {
    if (lcm % x === 0n) continue;
    lcm = (lcm / gcd(lcm, x)) * x;
    if (lcm > limit) return undefined;
  }
  return lcm;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function withSum(c: Omit<Column, 'sum'>): Column {
  let sum = 0n;
  for (const v of c.values) sum += v;
  return { ...c, sum };
}

function valuePath(i: number, input: string): string {
  return pointer('regions', i, 'indicators', input);
}

function readNumbers(ind: PreparedIndicator, regions: readonly RegionInput[], issues: Issue[]): Scaled[] | undefined {
  const out = new Array<Scaled>(regions.length);
  const before = issues.length;
  for (let i = 0; i < regions.length; i++) {
    const value = own(regions[i].indicators, ind.input);
    const x = value === undefined ? undefined : parseDecimal(value);
    const problem = numberProblem(ind, regions[i].id, value, x, i);
    if (problem) {
      if (issues.length < MAX_ISSUES) issues.push(problem);
      continue;
    }
    out[i] = x!;
  }
  return issues.length === before ? out : undefined;
}

/** What is wrong with one numeric indicator value, if anything (kept out of the loop: it is the rare path). */
function numberProblem(
  ind: PreparedIndicator,
  regionId: string,
  value: IndicatorValue | undefined,
  x: Scaled | undefined,
  i: number,
): Issue | undefined {
  if (x && x.coefficient >= 0n && x.scale <= INDICATOR_MAX_DECIMALS && x.coefficient < LIMIT_AT_SCALE[x.scale]) {
    const zeroReciprocal = ind.spec.transform === 'reciprocal' && x.coefficient === 0n;
    const aboveMax = ind.spec.transform === 'score' && ind.max !== undefined && compareToMax(x, ind.max) > 0;
    if (!zeroReciprocal && !aboveMax) return undefined;
  }
  const shown = JSON.stringify(value);
  const at = valuePath(i, ind.input);
  if (value === undefined) return issue(at, 'indicator-missing', { region: regionId, input: ind.input, transform: ind.spec.transform });
  if (!x) return issue(at, 'indicator-not-a-number', { shown });
  if (x.coefficient < 0n) return issue(at, 'indicator-negative', { shown });
  if (x.scale > INDICATOR_MAX_DECIMALS || x.coefficient >= LIMIT_AT_SCALE[x.scale]) return issue(at, 'indicator-out-of-range', { shown, decimals: INDICATOR_MAX_DECIMALS });
  if (ind.spec.transform === 'reciprocal' && x.coefficient === 0n) return issue(at, 'reciprocal-of-zero');
  if (ind.spec.transform === 'score' && ind.max && compareToMax(x, ind.max) > 0) return issue(at, 'score-above-max', { shown, max: String(ind.spec.max) });
  return undefined;
}

function compareToMax(x: Scaled, max: Scaled): number {
  const s = Math.max(x.scale, max.scale);
  const a = atScale(x, s);
  const b = atScale(max, s);
  return a < b ? -1 : a > b ? 1 : 0;
}


function coefficientColumn(
  ind: PreparedIndicator,
  factorIndex: number,
  regions: readonly RegionInput[],
  issues: Issue[],
): Column | undefined {
  const map = ind.coefficients!;
  let scale = ind.default?.scale ?? 0;
  for (const c of map.values()) if (c.scale > scale) scale = c.scale;
  const known = [...map.keys()].map((k) => JSON.stringify(k)).join(', ');
  const raw = new Array<string>(regions.length);
  const values = new Array<bigint>(regions.length);
  const before = issues.length;
  for (let i = 0; i < regions.length; i++) {
    const value = own(regions[i].indicators, ind.input);
    const category = value === undefined ? undefined : String(value);
    const c = category === undefined ? ind.default : (map.get(category) ?? ind.default);
    if (c === undefined) {
      if (issues.length < MAX_ISSUES) {
        issues.push(
          value === undefined
            ? issue(valuePath(i, ind.input), 'category-missing', { region: regions[i].id, input: ind.input, known })
            : issue(valuePath(i, ind.input), 'unknown-category', { shown: JSON.stringify(value), input: ind.input, known }),
        );
      }
      continue;
    }
    raw[i] = category ?? '(default)';
    values[i] = atScale(c, scale);
  }
  if (issues.length !== before) return undefined;
  return withSum({ indicator: ind, factorIndex, raw, values, unit: decimalUnit(scale), exact: true });
}
