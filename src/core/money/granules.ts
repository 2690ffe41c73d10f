/**
 * Granules: an amount as a whole count of the allocation's granularity (0.01 万元, 100 元 …), the integers
 * every split works in, so the parts always add up to the total.
 */
import { issue } from '../../messages/index.js';
import { EngineError } from '../errors.js';
import type { Ratio } from '../rational/ratio.js';
import { type Rounding, roundRatio } from '../rational/rounding.js';
import { atScale, pow10, type Scaled } from './decimal.js';
import { formatCount, formatScaled, toText } from './format.js';
import { type Unit, YUAN_PER } from './units.js';

/** An amount in `from` units as granules of `granularity` in `to` units, rounded as asked. */
export function toGranules(amount: Ratio, from: Unit, to: Unit, granularity: Scaled, mode: Rounding): bigint {
  const fromYuan = YUAN_PER[from];
  const toYuan = YUAN_PER[to];
  // amount·fromYuan/toYuan / (g.coefficient·10^-g.scale)
  const num = amount.num * fromYuan * pow10(granularity.scale);
  const den = amount.den * toYuan * granularity.coefficient;
  return roundRatio({ num, den }, mode);
}

/**
 * How many whole granules make `amount`; a total that is not a whole number of granules cannot be split
 * into granules that add up to it, so it is an error rather than a silent rounding of the total.
 */
export function granules(amount: Scaled, granularity: Scaled, path: string): bigint {
  const s = Math.max(amount.scale, granularity.scale);
  const a = atScale(amount, s);
  const g = atScale(granularity, s);
  if (a % g !== 0n) {
    throw new EngineError([issue(path, 'not-whole-granules', { amount: toText(amount), granularity: toText(granularity) })]);
  }
  return a / g;
}

/** An amount given as a count of granules, back in the unit, with the granularity's decimals. */
export function fromGranules(count: bigint, granularity: Scaled): string {
  // In doubles where that is exact: a safe Number(count) is the count itself (Number() rounds monotonically,
  // so a count of 2^53 or more never becomes safe), and a product of two exact integers below 4·10^15 is
  // exact, inside formatCount's range. No BigInt product for an ordinary amount.
  const x = Number(count);
  const g = Number(granularity.coefficient);
  const c = x * g;
  if (Number.isSafeInteger(x) && Number.isSafeInteger(g) && c < FAST_COUNT && c > -FAST_COUNT && granularity.scale <= 15) {
    return formatCount(c, granularity.scale);
  }
  return formatScaled(count * granularity.coefficient, granularity.scale);
}

const FAST_COUNT = 4e15;
