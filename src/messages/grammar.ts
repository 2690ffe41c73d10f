/**
 * The number and text grammar's problems, said specifically: why a value is not a decimal the service
 * reads, why a percentage is not one, why a text cannot be an id or a name. One home for the schemas, the
 * domains and the API alike (each answer's code and words come from the catalogue).
 */
import { message } from './index.js';

/** A message with its code, before it is placed at a pointer. */
export type Coded = { readonly code: string; readonly en: string; readonly zh: string };

/** What a decimal field holds: any decimal, an amount of money (never negative), or a share between 0 and 1. */
export type DecimalKind = 'decimal' | 'amount' | 'positive' | 'fraction';

const UNIT_WORDS = /[万元亿千百角分圆块]|yuan|wan|rmb|cny|¥|￥/i;

/**
 * A Chinese numeral: a Chinese digit (五, 两, 壹 …) or a place (十, 百, 千) anywhere. 万 and 亿 alone after
 * Arabic digits ("5000万", "1.2万") are units of money, said by unit-in-number; "5千" is a numeral.
 */
const CHINESE_NUMERAL = /[零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟]/;

const CN_DIGITS: Record<string, bigint> = {
  零: 0n,
  〇: 0n,
  一: 1n,
  壹: 1n,
  二: 2n,
  两: 2n,
  贰: 2n,
  三: 3n,
  叁: 3n,
  四: 4n,
  肆: 4n,
  五: 5n,
  伍: 5n,
  六: 6n,
  陆: 6n,
  七: 7n,
  柒: 7n,
  八: 8n,
  捌: 8n,
  九: 9n,
  玖: 9n,
};
const CN_PLACES: Record<string, bigint> = { 十: 10n, 拾: 10n, 百: 100n, 佰: 100n, 千: 1000n, 仟: 1000n };
const CN_GROUPS: Record<string, bigint> = { 万: 10000n, 萬: 10000n, 亿: 100000000n, 億: 100000000n };

/**
 * The whole number a Chinese numeral writes, in Arabic digits ("五千" → "5000", "一千八" → "1800",
 * "两百" → "200", "5千" → "5000"), or undefined when the value is not a plain whole numeral (then the
 * message gives an example instead of a guess).
 */
export function arabicOf(value: string): string | undefined {
  const m = /^(\d*)([零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億]+)$/.exec(value);
  if (!m) return undefined;
  let total = 0n;
  let section = 0n;
  let num: bigint | undefined = m[1] === '' ? undefined : BigInt(m[1]);
  let lastPlace: bigint | undefined; // the place just written, for the spoken short form 一千八 = 1800
  let zero = false;
  for (const c of m[2]) {
    if (c in CN_DIGITS) {
      if (num !== undefined) return undefined; // 一八: digits in a row are not a numeral
      num = CN_DIGITS[c];
      if (num === 0n) {
        zero = true;
        num = undefined;
      }
    } else if (c in CN_PLACES) {
      section += (num ?? 1n) * CN_PLACES[c];
      num = undefined;
      lastPlace = CN_PLACES[c];
      zero = false;
    } else {
      total = (total + section + (num ?? 0n)) * CN_GROUPS[c];
      section = 0n;
      num = undefined;
      lastPlace = CN_GROUPS[c];
      zero = false;
    }
  }
  if (num !== undefined) {
    // 一千八 is 1800, 三万五 is 35000: a last digit right after a place counts in the place below it
    section += !zero && lastPlace !== undefined && lastPlace >= 100n ? num * (lastPlace / 10n) : num;
  }
  return String(total + section);
}

/**
 * Why a value is not a decimal the service reads, said specifically in both languages: what was wrong
 * and how to write it ("5,000" → write 5000; "5万" → the unit goes in `unit`; "60%" → "0.6" …), with its code.
 * `kind` tunes the advice (a percent is fine as a share, not as an amount).
 */
export function decimalProblem(value: string | number, kind: DecimalKind = 'decimal'): Coded {
  const example = kind === 'fraction' ? '"0.9"' : '"1134.50"';
  if (typeof value === 'number') return message('number-not-finite', { shown: String(value), example });
  const shown = JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (value.trim() === '') return message('empty-string', { example });
  if (value.trim() !== value) return message('spaces-around', { shown, trimmed: JSON.stringify(value.trim()) });
  if (/^[+-]?(nan|inf(inity)?)$/i.test(value)) return message('not-finite', { shown, example });
  if (/[%％‰]/.test(value)) return kind === 'fraction' ? percentProblem(value, shown) : message('percent-not-amount', { shown, example });
  if (CHINESE_NUMERAL.test(value)) {
    const digits = arabicOf(value);
    return message('chinese-numerals', { shown, ...(digits === undefined ? {} : { digits }) });
  }
  if (UNIT_WORDS.test(value)) return message('unit-in-number', { shown });
  if (/^[+-]?\d{1,3}([,，]\d{3})+(\.\d+)?$/.test(value)) return message('thousands-separator', { shown, plain: value.replace(/[,，]/g, '') });
  if (/^[+-]?\d+[,，]\d+$/.test(value)) return message('decimal-comma', { shown, dotted: value.replace(/[,，]/, '.') });
  if (/^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(value)) return message('exponent-out-of-range', { shown, example });
  if (/[０-９．－]/.test(value)) return message('full-width-digits', { shown, example });
  return message('not-a-decimal', { shown, example });
}

/**
 * Why a share written with a percent sign is not one the service reads: a share takes "60%" (a plain
 * decimal, then exactly one ASCII % at the end) or "0.6"; say what to change in this one.
 */
function percentProblem(value: string, shown: string): Coded {
  const bare = value.replace(/[\s%％‰]/g, '');
  const fix = /^[+-]?(\d+(\.\d+)?)$/.test(bare) ? `"${bare}%"` : '"60%"';
  const problem = /‰/.test(value)
    ? 'per-mille'
    : /％/.test(value)
      ? 'full-width'
      : /\s%/.test(value)
        ? 'space'
        : /%.*%/.test(value)
          ? 'several'
          : /^[+-]?%/.test(value) || /%./.test(value)
            ? 'misplaced'
            : 'other';
  return message('percent-format', { shown, fix, problem });
}

/** What may need a closer look: spaces at an end, controls, bidi marks, any surrogate (pairs are fine). */
const SUSPECT = /^\s|\s$|[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/;

/** Characters no id or name may hold: C0/C1 controls, bidi embedding/override/isolate marks, lone surrogates. */
const UNSAFE_CHAR = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why a text cannot be an id or a name, or undefined: ids and names are echoed into tables, spreadsheets
 * and messages, where a NUL, a right-to-left override or a broken surrogate would garble or disguise them;
 * spaces around them would be a silent difference between two ids that look the same.
 */
export function textProblem(text: string): Coded | undefined {
  if (!SUSPECT.test(text)) return undefined; // the common case, in one cheap test
  if (/^\s|\s$/.test(text)) return message('text-spaces-around', { trimmed: JSON.stringify(text.trim()) });
  const m = UNSAFE_CHAR.exec(text);
  if (m) {
    const c = m[0].charCodeAt(0);
    const codePoint = 'U+' + c.toString(16).toUpperCase().padStart(4, '0');
    const what = c >= 0xd800 && c <= 0xdfff ? 'surrogate' : c >= 0x202a ? 'bidi' : 'control';
    return message('control-character', { what, codePoint, position: m.index });
  }
  return undefined;
}
