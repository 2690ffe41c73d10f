/**
 * Reads a measured value the way a rule needs it: a number or a rate (a fraction, "91.84%", or
 * { numerator, denominator }), amount-weighted tranches, a count of occurrences, yes/no. Each rule kind
 * (rules/<kind>.ts) reads its values with one of these. A value the rule cannot read is an issue at its JSON
 * pointer, never a guess.
 */
import type { Issue } from '../../core/errors.js';
import { pointerSegment } from '../../core/errors.js';
import { parseDecimal, pow10 } from '../../core/money.js';
import { issue } from '../../messages/index.js';
// the one number grammar of every route ("5,000", "5万", "60 %", "0,6", "" each said specifically); a pure
// function of the catalogue, kept beside the problem body (it imports no zod and no runtime)
import { decimalProblem, type DecimalKind } from '../../messages/grammar.js';
import type { NumericOptions } from './rules/numeric.js';
import { show } from './text.js';
import type { Bilingual } from './types.js';
import { cmp, div, HUNDRED, ONE, percent, q, Q, text, ZERO } from '../../core/rational.js';

export { MARK_NOT_APPLICABLE } from '../../messages/evaluation.js';

export type Measured =
  | { readonly kind: 'number'; readonly x: Q; readonly shown: Bilingual }
  /** 0 of 0 (no project needed tendering): the rule's whenDenominatorZero decides */
  | { readonly kind: 'emptyRatio' }
  | { readonly kind: 'tranches'; readonly parts: readonly { readonly amount: Q; readonly x: Q; readonly shown: Bilingual }[] }
  | { readonly kind: 'count'; readonly n: bigint }
  | { readonly kind: 'bool'; readonly yes: boolean }
  | { readonly kind: 'option'; readonly key: string }
  | { readonly kind: 'items'; readonly items: readonly (readonly [string, Measured])[] };

const NOT_APPLICABLE = new Set(['n/a', 'na', '不适用']);

/** null, "n/a" or "不适用": the indicator does not apply. */
export function isNotApplicable(value: unknown): boolean {
  return value === null || (typeof value === 'string' && NOT_APPLICABLE.has(value.toLowerCase()));
}

type Issues = Issue[];

export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A decimal as written: no spaces around it (parseDecimal forgives them for spreadsheets; a request may not). */
function decimalOf(value: unknown): Q | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  if (typeof value === 'string' && (value.length > 64 || /^\s|\s$/.test(value))) return undefined;
  const x = parseDecimal(value);
  return x ? q(x.coefficient, pow10(x.scale)) : undefined;
}

/** A percentage as every share takes it: a plain decimal, then exactly one "%" ("91.84%"; not "91.84 %", "%5"). */
const PERCENT = /^[+-]?\d+(\.\d+)?%$/;

/**
 * The issue of a text or number that is not a decimal: the shared grammar's code and message (a string or a
 * number), or `otherwise` (a boolean, an object … : the wrong kind of value, said by the rule).
 */
function notDecimal(path: string, value: unknown, kind: DecimalKind, otherwise: () => Issue): Issue {
  if (typeof value !== 'string' && typeof value !== 'number') return otherwise();
  const { code, en, zh } = decimalProblem(value, kind);
  return { path, code, en, zh };
}

/** A number, or a rate when the rule says so; `tranches`: amount-weighted tranches are accepted too. */
export function readNumber(rule: NumericOptions, value: unknown, path: string, issues: Issues, tranches: boolean): Measured | undefined {
  if (tranches && isObject(value) && 'tranches' in value) return readTranches(rule, value, path, issues);
  if (rule.rate && isObject(value)) return readRatio(rule, value, path, issues);
  if (rule.rate && typeof value === 'string' && PERCENT.test(value)) return checkRate(div(decimalOf(value.slice(0, -1))!, HUNDRED), path, issues);
  const x = decimalOf(value);
  if (x === undefined) {
    // read as written, by the grammar every route shares: " 91.84% ", "60 %", "0,6", "5,000" are each refused with their fix
    issues.push(
      notDecimal(path, value, rule.rate ? 'fraction' : 'decimal', () =>
        issue(path, 'evaluation-value-not-number', { rate: rule.rate, tranches, got: kindOf(value) }),
      ),
    );
    return undefined;
  }
  if (!rule.rate) return { kind: 'number', x, shown: show(x, rule) };
  return checkRate(x, path, issues, cmp(x, ONE) > 0 && cmp(x, HUNDRED) <= 0 ? x : undefined);
}

const same = (t: string): Bilingual => ({ en: t, zh: t });

/** A rate is a fraction 0..1; a number like 91.84 is refused with the two ways to write it. */
function checkRate(x: Q, path: string, issues: Issues, looksLikePercent?: Q): Measured | undefined {
  if (cmp(x, ZERO) < 0) {
    issues.push(issue(path, 'evaluation-rate-negative', { percent: percent(x) }));
    return undefined;
  }
  if (cmp(x, ONE) > 0) {
    issues.push(
      issue(path, 'evaluation-rate-above-one', {
        value: text(x),
        percent: percent(x),
        ...(looksLikePercent ? { fraction: text(div(looksLikePercent, HUNDRED)), written: text(looksLikePercent) } : {}),
      }),
    );
    return undefined;
  }
  return { kind: 'number', x, shown: same(percent(x)) };
}

function readRatio(rule: NumericOptions, value: Record<string, unknown>, path: string, issues: Issues): Measured | undefined {
  const extra = Object.keys(value).filter((k) => k !== 'numerator' && k !== 'denominator');
  for (const k of extra) issues.push(issue(`${path}/${pointerSegment(k)}`, 'evaluation-ratio-unknown-field', { key: k }));
  const n = decimalOf(value.numerator);
  const d = decimalOf(value.denominator);
  if (n === undefined)
    issues.push(notDecimal(path + '/numerator', value.numerator, 'amount', () => issue(path + '/numerator', 'evaluation-numerator-invalid')));
  if (d === undefined)
    issues.push(notDecimal(path + '/denominator', value.denominator, 'amount', () => issue(path + '/denominator', 'evaluation-denominator-invalid')));
  if (n === undefined || d === undefined || extra.length > 0) return undefined;
  if (cmp(n, ZERO) < 0 || cmp(d, ZERO) < 0) {
    issues.push(issue(cmp(n, ZERO) < 0 ? path + '/numerator' : path + '/denominator', 'evaluation-ratio-negative'));
    return undefined;
  }
  if (d.num === 0n) {
    if (n.num !== 0n) {
      issues.push(issue(path + '/denominator', 'evaluation-denominator-zero'));
      return undefined;
    }
    if (rule.whenDenominatorZero) return { kind: 'emptyRatio' };
    issues.push(issue(path + '/denominator', 'evaluation-zero-of-zero'));
    return undefined;
  }
  if (cmp(n, d) > 0) {
    issues.push(issue(path + '/numerator', 'evaluation-numerator-above-denominator', { numerator: text(n), denominator: text(d) }));
    return undefined;
  }
  const x = div(n, d);
  return { kind: 'number', x, shown: same(`${text(n)}/${text(d)} = ${percent(x)}`) };
}

const MAX_TRANCHES = 1000;

function readTranches(rule: NumericOptions, value: Record<string, unknown>, path: string, issues: Issues): Measured | undefined {
  const list = value.tranches;
  for (const k of Object.keys(value).filter((k) => k !== 'tranches'))
    issues.push(issue(`${path}/${pointerSegment(k)}`, 'evaluation-tranches-unknown-field', { key: k }));
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_TRANCHES) {
    issues.push(issue(path + '/tranches', 'evaluation-tranches-count', { max: MAX_TRANCHES }));
    return undefined;
  }
  const before = issues.length;
  const parts = list.map((t, i) => {
    const tp = `${path}/tranches/${i}`;
    if (!isObject(t)) {
      issues.push(issue(tp, 'evaluation-tranche-not-object'));
      return undefined;
    }
    for (const k of Object.keys(t).filter((k) => k !== 'amount' && k !== 'value'))
      issues.push(issue(`${tp}/${pointerSegment(k)}`, 'evaluation-tranche-unknown-field', { key: k }));
    const amount = decimalOf(t.amount);
    if (amount === undefined) issues.push(notDecimal(tp + '/amount', t.amount, 'amount', () => issue(tp + '/amount', 'evaluation-tranche-amount')));
    else if (cmp(amount, ZERO) <= 0) issues.push(issue(tp + '/amount', 'evaluation-tranche-amount'));
    const m = readNumber(rule, t.value, tp + '/value', issues, false);
    return amount && m && m.kind === 'number' ? { amount, x: m.x, shown: m.shown } : undefined;
  });
  if (issues.length > before) return undefined;
  return { kind: 'tranches', parts: parts as { amount: Q; x: Q; shown: Bilingual }[] };
}

/** A whole number of occurrences (findings), 0 … 1,000,000. */
export function readCount(value: unknown, path: string, issues: Issues): Measured | undefined {
  const x = decimalOf(value);
  if (x === undefined && (typeof value === 'string' || typeof value === 'number')) {
    issues.push(notDecimal(path, value, 'amount', () => issue(path, 'evaluation-count-invalid', { given: String(value) })));
    return undefined;
  }
  if (x === undefined || x.den !== 1n || x.num < 0n || x.num > 1_000_000n) {
    issues.push(issue(path, 'evaluation-count-invalid', { given: JSON.stringify(value) ?? String(value) }));
    return undefined;
  }
  return { kind: 'count', n: x.num };
}

const YES = new Set(['yes', '是', 'true']);
const NO = new Set(['no', '否', 'false']);

/** true/false, or "yes"/"no" ("是"/"否"). */
export function readBool(value: unknown, path: string, issues: Issues): Measured | undefined {
  if (typeof value === 'boolean') return { kind: 'bool', yes: value };
  if (typeof value === 'string') {
    const v = value.toLowerCase();
    if (YES.has(v)) return { kind: 'bool', yes: true };
    if (NO.has(v)) return { kind: 'bool', yes: false };
  }
  issues.push(issue(path, 'evaluation-bool-invalid', { given: JSON.stringify(value) ?? String(value) }));
  return undefined;
}
