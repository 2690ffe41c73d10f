/**
 * What the transforms share: reading a numeric indicator for every region (with its issues), the decimal
 * unit of a column, the column's sum.
 */
import { type Issue, pointer } from '../../../core/errors.js';
import { atScale, parseDecimal, pow10, type Scaled } from '../../../core/money.js';
import { own } from '../../../core/records.js';
import { issue } from '../../../messages/index.js';
import type { Column, IndicatorValue, RegionInput } from '../factors.js';
import type { Decimalish, PreparedIndicator } from '../model.js';

/** Limits that keep indicators meaningful and arithmetic bounded. */
export const INDICATOR_MAX_DECIMALS = 12;
export const INDICATOR_MAX = 10n ** 15n;

export const MAX_ISSUES = 50;
const LIMIT_AT_SCALE = Array.from({ length: INDICATOR_MAX_DECIMALS + 1 }, (_, s) => INDICATOR_MAX * pow10(s));

export function decimalUnit(scale: number) {
  return { numerator: 1n, denominator: pow10(scale) };
}

export function withSum(c: Omit<Column, 'sum'>): Column {
  return { ...c, sum: sumOf(c.values) };
}

/**
 * Σ values, in doubles while every value and every partial sum is a safe integer (then each addition is
 * exact; a safe Number(v) is v itself, as Number() of a BigInt rounds monotonically), else in BigInts: one
 * BigInt for the column, not one per region.
 */
export function sumOf(values: readonly bigint[]): bigint {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const x = Number(values[i]);
    sum += x;
    if (!Number.isSafeInteger(x) || !Number.isSafeInteger(sum)) {
      let exact = 0n;
      for (const v of values) exact += v;
      return exact;
    }
  }
  return BigInt(sum);
}

export function valuePath(i: number, input: string): string {
  return pointer('regions', i, 'indicators', input);
}

/**
 * A value a transform refuses though it is a valid indicator number (1/0, a score above its maximum): the
 * issue to report, or undefined. Called for every value: keep it cheap (the value's pointer and its text
 * are built only when asked, for the issue: building them for every value cost ~3% of a 2,900-region request).
 */
export type Refuse = (x: Scaled, ind: PreparedIndicator, at: () => string, shown: () => string) => Issue | undefined;

/** Every region's value of a numeric indicator, or undefined after pushing an issue per bad value. */
export function readNumbers(ind: PreparedIndicator, regions: readonly RegionInput[], issues: Issue[], refuse?: Refuse): Scaled[] | undefined {
  const out = new Array<Scaled>(regions.length);
  const before = issues.length;
  // the value's pointer and text, built only when `refuse` asks (it calls them before it returns): two
  // closures for the whole column, not two per value
  let at = 0;
  let atValue: IndicatorValue | undefined;
  const path = () => valuePath(at, ind.input);
  const shown = () => JSON.stringify(atValue);
  for (let i = 0; i < regions.length; i++) {
    const value = own(regions[i].indicators, ind.input);
    const x = value === undefined ? undefined : parseDecimal(value);
    let problem: Issue | undefined;
    if (x && x.coefficient >= 0n && x.scale <= INDICATOR_MAX_DECIMALS && x.coefficient < LIMIT_AT_SCALE[x.scale]) {
      if (refuse !== undefined) {
        at = i;
        atValue = value;
        problem = refuse(x, ind, path, shown);
      }
    } else problem = numberProblem(ind, regions[i].id, value, x, i);
    if (problem) {
      if (issues.length < MAX_ISSUES) issues.push(problem);
      continue;
    }
    out[i] = x!;
  }
  return issues.length === before ? out : undefined;
}

/** What is wrong with one numeric indicator value that is not a valid number (kept out of the loop: the rare path). */
function numberProblem(ind: PreparedIndicator, regionId: string, value: IndicatorValue | undefined, x: Scaled | undefined, i: number): Issue {
  const shown = JSON.stringify(value);
  const at = valuePath(i, ind.input);
  if (value === undefined) return issue(at, 'indicator-missing', { region: regionId, input: ind.input, transform: ind.spec.transform });
  if (!x) return issue(at, 'indicator-not-a-number', { shown });
  if (x.coefficient < 0n) return issue(at, 'indicator-negative', { shown });
  return issue(at, 'indicator-out-of-range', { shown, decimals: INDICATOR_MAX_DECIMALS });
}

/** The values at their largest common scale, and that scale. */
export function atCommonScale(raw: readonly Scaled[]): { xs: bigint[]; scale: number } {
  let scale = 0;
  for (const x of raw) if (x.scale > scale) scale = x.scale;
  return { xs: raw.map((x) => atScale(x, scale)), scale };
}

/** A parameter that must be a decimal ≥ 0: parsed, or an issue at `at`/<field>. */
export function nonNegative(value: Decimalish | undefined, at: string, field: string, issues: Issue[]): Scaled | undefined {
  if (value === undefined) return undefined;
  const x = parseDecimal(value);
  if (!x || x.coefficient < 0n) {
    issues.push(issue(`${at}/${field}`, 'parameter-negative', { field, shown: JSON.stringify(value) }));
    return undefined;
  }
  return x;
}

export function compareScaled(x: Scaled, y: Scaled): number {
  const s = Math.max(x.scale, y.scale);
  const a = atScale(x, s);
  const b = atScale(y, s);
  return a < b ? -1 : a > b ? 1 : 0;
}
