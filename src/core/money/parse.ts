/**
 * Reading decimals as the sender wrote them: text is read as written, never trimmed; a JSON number is read
 * through its shortest round-trip text, i.e. as the decimal the sender wrote, not as the binary float.
 */
import { normalise, pow10, type Scaled } from './decimal.js';

/** Plain decimal notation with an optional exponent, as JSON numbers and spreadsheets write it. */
const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$|^([+-]?)\.(\d+)(?:[eE]([+-]?\d+))?$/;

const PLAIN = /^-?\d+(?:\.\d+)?$/;

/** Largest exponent accepted when parsing; beyond it a number is absurd for money or indicators. */
const MAX_EXPONENT = 40;

/**
 * Parses a decimal written as a string or a JSON number. Numbers are read through their shortest
 * round-trip text (String(0.1) is "0.1"), i.e. as the decimal the sender wrote, not as the binary float.
 * Returns undefined for anything that is not a finite decimal (NaN, Infinity, "", "1,000", hex, " 100 " …):
 * text is read as written, never trimmed, so what the service computes with is what the sender wrote.
 */
export function parseDecimal(value: string | number): Scaled | undefined {
  const short = parseShortDecimal(value);
  if (short) return { coefficient: BigInt(short.coefficient), scale: short.scale };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    // String(x) of a finite number is "-?digits.digits" (no trailing zeros) unless it needs an exponent:
    // the decimal c·10^-s the sender wrote. While |c| < 2^50, x·10^s is within 0.01 of c, so rounding
    // the double recovers c exactly without going through BigInt's text parser.
    const shortest = String(value);
    const dot = shortest.indexOf('.');
    if (dot > 0 && !shortest.includes('e')) {
      const scale = shortest.length - dot - 1;
      const scaled = value * 10 ** scale;
      if (scale <= 15 && Math.abs(scaled) < 2 ** 50) return { coefficient: BigInt(Math.round(scaled)), scale };
      return { coefficient: BigInt(shortest.slice(0, dot) + shortest.slice(dot + 1)), scale };
    }
  }
  return parseDecimalText(typeof value === 'number' ? String(value) : value);
}

/** A decimal whose coefficient is an exact double (a safe integer): parseDecimal's reading without a BigInt. */
export interface ShortDecimal {
  readonly coefficient: number;
  readonly scale: number;
}

/**
 * parseDecimal's value where it is short (a safe integer, or at most 15 significant digits): the same
 * coefficient and scale as parseDecimal gives, held in a double; undefined where it is not short or not a
 * decimal at all (parseDecimal then decides). The engine's double fast path (allocation/quick.ts) reads
 * its indicators through this, so it never makes a BigInt for an ordinary number.
 */
export function parseShortDecimal(value: string | number): ShortDecimal | undefined {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return { coefficient: value === 0 ? 0 : value, scale: 0 }; // -0 reads as 0
    return Number.isFinite(value) ? shortNumber(value) : undefined;
  }
  return typeof value === 'string' && value.length <= 16 ? parseShort(value) : undefined;
}

/**
 * The decimal String(x) writes for a finite non-integer x, found without writing it (number-to-text is the
 * costly part of reading a column of numbers like 11234.56): the fewest decimals s for which some integer r
 * reads back as x (r / 10^s === x: r and 10^s are exact doubles, so the quotient is correctly rounded, the
 * very double the text "r·10^-s" parses to). Only while |r| < 2^45: then two decimals that both read back as
 * x lie within one ulp(x) ≤ |x|·2^-52 of each other, so at x's own scale they are at least 10^-(s+1) apart
 * only if |x|·10^s ≥ 2^52 / 10 > 2^45. So at most one integer reads back at each scale, the shortest text
 * (fewest significant digits) has exactly the fewest decimals, and it is this r (Math.round of x·10^s, which
 * is within 2^-8 of it). Undefined beyond that: the caller takes String(x).
 */
function shortNumber(x: number): ShortDecimal | undefined {
  for (let s = 1; s <= 15; s++) {
    const unit = POW10_NUMBER[s];
    const r = Math.round(x * unit);
    if (r >= SHORT_LIMIT || r <= -SHORT_LIMIT) return undefined;
    if (r / unit === x) return { coefficient: r === 0 ? 0 : r, scale: s };
  }
  return undefined;
}

const POW10_NUMBER = Array.from({ length: 16 }, (_, i) => 10 ** i);
const SHORT_LIMIT = 2 ** 45;

/** parseDecimal's general path, without its shortcuts: the reference the fast paths are tested against. */
export function parseDecimalText(text: string): Scaled | undefined {
  const plain = PLAIN.exec(text);
  if (plain) {
    // the common "12345.67": no exponent, no regex groups to untangle
    const dot = text.indexOf('.');
    if (dot < 0) return { coefficient: BigInt(text), scale: 0 };
    return normalise({ coefficient: BigInt(text.slice(0, dot) + text.slice(dot + 1)), scale: text.length - dot - 1 });
  }
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const sign = m[1] ?? m[5];
  const intPart = m[2] ?? '0';
  const fracPart = m[3] ?? m[6] ?? '';
  const exp = Number(m[4] ?? m[7] ?? '0');
  if (Math.abs(exp) > MAX_EXPONENT) return undefined;
  let coefficient = BigInt(intPart + fracPart);
  let scale = fracPart.length - exp;
  if (scale < 0) {
    coefficient *= pow10(-scale);
    scale = 0;
  }
  return normalise({ coefficient: sign === '-' ? -coefficient : coefficient, scale });
}

/**
 * The common short "-?digits(.digits)?" (at most 15 digits, so the coefficient is an exact double) read
 * in one pass over the characters, normalised, with one BigInt made at the end; anything else (spaces, signs,
 * exponents, longer numbers) is undefined and takes the general path.
 */
function parseShort(text: string): ShortDecimal | undefined {
  const n = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0; // '-'
  let coefficient = 0;
  let digits = 0;
  let dot = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c >= 0 && c <= 9) {
      coefficient = coefficient * 10 + c;
      digits++;
    } else if (c === -2 && dot < 0 && digits > 0) {
      dot = i; // '.'
    } else return undefined;
  }
  if (digits === 0 || digits > 15 || dot === n - 1) return undefined;
  let scale = dot < 0 ? 0 : n - dot - 1;
  while (scale > 0 && coefficient % 10 === 0) {
    coefficient /= 10;
    scale -= 1;
  }
  return { coefficient: text.charCodeAt(0) === 45 && coefficient !== 0 ? -coefficient : coefficient, scale };
}
