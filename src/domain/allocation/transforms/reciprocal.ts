/**
 * reciprocal: 1 / x, lower → more (lower income → more money). 1/x_i is exactly L/x_i over L = lcm(x), as
 * long as L stays below RECIPROCAL_LCM_LIMIT (round incomes, a few distinct values: the usual case). Beyond
 * it, 1/x is kept to RECIPROCAL_DIGITS significant digits and the column is marked inexact; everything
 * after the transform is exact either way.
 */
import { pow10 } from '../../../core/money.js';
import { gcd } from '../../../core/rational.js';
import { issue } from '../../../messages/index.js';
import { atCommonScale, readNumbers, type Refuse, withSum } from './column.js';
import type { Transform } from './transform.js';

export const RECIPROCAL_LCM_LIMIT = 10n ** 40n;
export const RECIPROCAL_DIGITS = 24;

const zero: Refuse = (x, _ind, at) => (x.coefficient === 0n ? issue(at(), 'reciprocal-of-zero') : undefined);

export const reciprocal = {
  id: 'reciprocal',
  about: { en: 'lower → more: 1 / x', zh: '反向：取倒数 1 / x，越低越多' },
  parameters: [],
  prepare: () => ({}),
  column(ind, factorIndex, regions, issues) {
    const raw = readNumbers(ind, regions, issues, zero);
    if (!raw) return undefined;
    const { xs, scale } = atCommonScale(raw);
    const base = { indicator: ind, factorIndex, raw };
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
  },
} as const satisfies Transform<'reciprocal'>;

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
