/**
 * The widget's own money arithmetic, exact on the answer's decimal strings (decimal.js, never binary floats):
 * the change against the model's weights and the table's totals.
 */
import DecimalJs from 'decimal.js';

/** The decimals a number is written with ("5000.00" → 2): decimal.js forgets trailing zeros, the table must not. */
export function placesOf(text: string): number {
  const m = /\.(\d*)/.exec(text);
  return m ? m[1].length : 0;
}

/** a − b, exact, with as many decimals as the more precise of the two is written with. */
export function difference(a: string, b: string): string {
  return new DecimalJs(a).minus(b).toFixed(Math.max(placesOf(a), placesOf(b)));
}

/** The exact sum of decimal strings, with as many decimals as the most precise one is written with. */
export function sumOf(values: readonly string[]): string {
  let total = new DecimalJs(0);
  let dp = 0;
  for (const v of values) {
    total = total.plus(v);
    dp = Math.max(dp, placesOf(v));
  }
  return total.toFixed(dp);
}
