/**
 * Rationals from what a caller wrote: decimals the schemas have already checked, read exactly. A JS number
 * is read as the decimal it prints as (0.1 is 1/10), the same rule as money's parseDecimal.
 */
import { pow10, type Scaled } from '../money/decimal.js';
import { parseDecimal } from '../money/parse.js';
import { type Ratio, rat, ratioOf } from './ratio.js';

/** A decimal the schemas have already checked, as an exact decimal; anything else is a RangeError. */
export function decimal(text: string | number): Scaled {
  const x = parseDecimal(text);
  if (x === undefined) throw new RangeError(`not a decimal: ${text}`);
  return x;
}

/** A checked decimal as a rational over its power of ten (not reduced: the cheap read for amounts). */
export function ratio(text: string | number): Ratio {
  return ratioOf(decimal(text));
}

/** A checked decimal ("0.85", 6, "1134.00") as a reduced rational. */
export function dec(text: string | number): Ratio {
  const x = decimal(text);
  return rat(x.coefficient, pow10(x.scale));
}

/**
 * The decimal (or bigint, or rational) a caller wrote, exactly, reduced; undefined for anything else
 * (the unchecked reader: no exception).
 */
export function parseExact(value: string | number | bigint | Ratio): Ratio | undefined {
  if (typeof value === 'bigint') return { num: value, den: 1n };
  if (typeof value === 'object' && value !== null) {
    if (typeof value.num !== 'bigint' || typeof value.den !== 'bigint' || value.den === 0n) return undefined;
    return rat(value.num, value.den);
  }
  const d = parseDecimal(value);
  return d ? rat(d.coefficient, pow10(d.scale)) : undefined;
}
