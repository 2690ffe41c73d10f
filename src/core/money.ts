/**
 * Exact money and decimals: the one import point (the parts live in ./money/ by concept). An amount is a
 * scaled integer (value = coefficient × 10^-scale), in the manner of dinero.js; splits are done in whole
 * multiples of a granularity by the largest-remainder method, so the parts always add up to the total.
 * No binary float ever touches an amount.
 *
 * - ./money/decimal.ts  the exact decimal (Scaled) and its arithmetic
 * - ./money/parse.ts    reading decimals as written (text never trimmed; numbers by their shortest text)
 * - ./money/units.ts    元 and 万元
 * - ./money/format.ts   decimal text, exact rationals to fixed places (with the proven float fast paths)
 * - ./money/granules.ts amounts as whole counts of the granularity
 * - ./money/apportion.ts the largest-remainder split and its stated tie-break
 * Rationals (Ratio, ratioOf) and the rounding modes (Rounding, roundRatio) live in ./rational.ts; they are
 * re-exported here for the money code that always imported them from this file.
 */
export { addScaled, atScale, compareScaled, mulScaled, normalise, POW10, pow10, type Scaled } from './money/decimal.js';
export { parseDecimal, parseDecimalText, parseShortDecimal, type ShortDecimal } from './money/parse.js';
export { convert, type Unit, UNITS } from './money/units.js';
export {
  exactRatioToText,
  formatCount,
  formatScaled,
  ratioCounter,
  ratioEstimator,
  ratioFormatter,
  ratioToText,
  SHARE_DECIMALS,
  toText,
} from './money/format.js';
export { fromGranules, granules, toGranules } from './money/granules.js';
export { type Apportionment, apportion, apportionOver, TIE_BREAK } from './money/apportion.js';
export { type Ratio, ratioOf } from './rational/ratio.js';
export { type Rounding, roundRatio } from './rational/rounding.js';
