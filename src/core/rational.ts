/**
 * Exact rationals: the one module (import from here). It is the union of what were three: this file's
 * monitoring/check helpers, src/domain/evaluation/rational.ts and src/domain/optimization/solver/rational.ts,
 * with the same names their callers used. Where two names meant one thing, both stay as aliases:
 * - `rat` (optimizer) = `q` (evaluation) = `reduce` (monitoring): num/den reduced, den > 0 (zero den: RangeError);
 * - `Ratio` (money) = `Q` (evaluation) = `Rational` (optimizer): the one `{ num, den }` type;
 * - `text` (evaluation, default 6 decimals) = `toDecimal` (optimizer, default 12).
 * Where one name had two meanings, the union keeps the safe one:
 * - `eq` compares values (the optimizer's compared fields, right only for reduced inputs; `ratio()` is not);
 * - `div` by zero is a RangeError everywhere (monitoring's returned a zero denominator);
 * - `percent` (evaluation: "≈91.8413%", up to 4 decimals) and `percentText` (answers: "91.84%", always 2)
 *   are different functions with different names.
 * Decimals in and out: `decimal` (→ Scaled), `ratio` (unreduced), `dec` (reduced), `parseExact` (undefined
 * on bad input). Rounding modes: the one list is ROUNDINGS in ./rational/rounding.ts.
 */
export {
  abs,
  add,
  clamp,
  cmp,
  div,
  eq,
  gcd,
  HUNDRED,
  isInteger,
  isZero,
  max,
  min,
  mul,
  neg,
  ONE,
  rat,
  rat as q,
  rat as reduce,
  type Ratio,
  type Ratio as Q,
  type Ratio as Rational,
  ratioOf,
  sign,
  Sum,
  sub,
  sum,
  times10,
  ZERO,
} from './rational/ratio.js';
export { ceil, floor, round, ROUND_MODES, type RoundMode, ROUNDINGS, type Rounding, rounding, roundRatio, toDecimalUp } from './rational/rounding.js';
export { dec, decimal, parseExact, ratio } from './rational/read.js';
export { exactFloat, fromFloat, toFloat } from './rational/float.js';
export { amountText, approx, exactPlaces, fixed, percent, percentText, shareText, text, toDecimal } from './rational/text.js';
