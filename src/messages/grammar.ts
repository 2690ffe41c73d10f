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
