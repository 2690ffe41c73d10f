/**
 * Reads a measured value the way its rule needs it: a number or a rate (a fraction, "91.84%", or
 * { numerator, denominator }), amount-weighted tranches, a count of occurrences, yes/no, a category, or one
 * value per checklist item. A value the rule cannot read is an issue at its JSON pointer, never a guess.
 */
import type { Issue } from '../../core/errors.js';
import { pointerSegment } from '../../core/errors.js';
import { parseDecimal, pow10 } from '../../core/money.js';
import type { PreparedRule } from './prepare.js';
import { show } from './text.js';
import type { Bilingual } from './types.js';
import { cmp, div, HUNDRED, ONE, percent, q, Q, text, ZERO } from './rational.js';

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

export const MARK_NOT_APPLICABLE = {
  en: 'send null (or "n/a") if the indicator does not apply: its points then leave the total and the total is rescaled to 100',
  zh: '如该指标不适用，请传 null（或 "n/a"）：其分值不计入，总分按 100 分折算',
};

type Issues = Issue[];

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decimalOf(value: unknown): Q | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  if (typeof value === 'string' && value.length > 64) return undefined;
  const x = parseDecimal(value);
  return x ? q(x.coefficient, pow10(x.scale)) : undefined;
}

export function readValue(rule: PreparedRule, value: unknown, path: string, issues: Issues): Measured | undefined {
  switch (rule.kind) {
    case 'tiers':
    case 'proportional':
      return readNumber(rule, value, path, issues, false);
    case 'linear':
      return readNumber(rule, value, path, issues, true);
    case 'deductions':
    case 'occurrences':
      return readCount(value, path, issues);
    case 'yesNo':
      return readBool(value, path, issues);
    case 'choice': {
      if (typeof value === 'string' && rule.options.some(([k]) => k === value)) return { kind: 'option', key: value };
      const keys = rule.options.map(([k]) => JSON.stringify(k));
      issues.push({ path, en: `expected one of ${keys.join(', ')}; got ${JSON.stringify(value)}.`, zh: `应为 ${keys.join('、')} 之一，实际为 ${JSON.stringify(value)}。` });
      return undefined;
    }
    case 'checklist':
      return readItems(rule, value, path, issues);
  }
}

type NumericRule = Extract<PreparedRule, { kind: 'tiers' | 'linear' | 'proportional' }>;

function readNumber(rule: NumericRule, value: unknown, path: string, issues: Issues, tranches: boolean): Measured | undefined {
  if (tranches && isObject(value) && 'tranches' in value) return readTranches(rule, value, path, issues);
  if (rule.rate && isObject(value)) return readRatio(rule, value, path, issues);
  if (typeof value === 'string' && value.trim() !== value) {
    // read as written: " 91.84% " is refused like " 100 " everywhere else, not trimmed
    issues.push({
      path,
      en: `"${value}" has spaces around it; write ${JSON.stringify(value.trim())} without them (the service does not trim input).`,
      zh: `"${value}" 前后有空格；请写成 ${JSON.stringify(value.trim())}，不带空格（本服务不自动去除空格）。`,
    });
    return undefined;
  }
  if (rule.rate && typeof value === 'string' && value.endsWith('%')) {
    const x = decimalOf(value.slice(0, -1));
    if (x === undefined) {
      issues.push({ path, en: `"${value}" is not a percentage; write e.g. "91.84%" or 0.9184.`, zh: `"${value}" 不是有效的百分比；请写作 "91.84%" 或 0.9184。` });
      return undefined;
    }
    return checkRate(div(x, HUNDRED), path, issues);
  }
  const x = decimalOf(value);
  if (x === undefined) {
    const forms = rule.rate
      ? { en: 'a rate: a fraction like 0.9184, a percentage like "91.84%", or {"numerator": …, "denominator": …}', zh: '比率：如 0.9184、"91.84%" 或 {"numerator": …, "denominator": …}' }
      : { en: 'a number or decimal text like 30 or "30"', zh: '数值，如 30 或 "30"' };
    const extra = tranches ? { en: ', or {"tranches": [{"amount", "value"}]}', zh: '，或 {"tranches": [{"amount", "value"}]}' } : { en: '', zh: '' };
    issues.push({
      path,
      en: `expected ${forms.en}${extra.en}; got ${kindOf(value)}. ${cap(MARK_NOT_APPLICABLE.en)}.`,
      zh: `应为${forms.zh}${extra.zh}，实际为 ${kindOf(value)}。${MARK_NOT_APPLICABLE.zh}。`,
    });
    return undefined;
  }
  if (!rule.rate) return { kind: 'number', x, shown: show(x, rule) };
  return checkRate(x, path, issues, cmp(x, ONE) > 0 && cmp(x, HUNDRED) <= 0 ? x : undefined);
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const same = (t: string): Bilingual => ({ en: t, zh: t });

/** A rate is a fraction 0..1; a number like 91.84 is refused with the two ways to write it. */
function checkRate(x: Q, path: string, issues: Issues, looksLikePercent?: Q): Measured | undefined {
  if (cmp(x, ZERO) < 0) {
    issues.push({ path, en: `a rate cannot be negative; got ${percent(x)}.`, zh: `比率不能为负数，实际为 ${percent(x)}。` });
    return undefined;
  }
  if (cmp(x, ONE) > 0) {
    const hint = looksLikePercent
      ? { en: ` Rates are fractions: write ${text(div(looksLikePercent, HUNDRED))} or "${text(looksLikePercent)}%".`, zh: `比率以小数表示：请写作 ${text(div(looksLikePercent, HUNDRED))} 或 "${text(looksLikePercent)}%"。` }
      : { en: '', zh: '' };
    issues.push({ path, en: `a rate is at most 100% (1); got ${text(x)} (${percent(x)}).${hint.en}`, zh: `比率不能超过 100%（即 1），实际为 ${text(x)}（${percent(x)}）。${hint.zh}` });
    return undefined;
  }
  return { kind: 'number', x, shown: same(percent(x)) };
}

function readRatio(rule: NumericRule, value: Record<string, unknown>, path: string, issues: Issues): Measured | undefined {
  const extra = Object.keys(value).filter((k) => k !== 'numerator' && k !== 'denominator');
  for (const k of extra) {
    issues.push({ path: `${path}/${pointerSegment(k)}`, en: `unknown field "${k}"; a ratio is {"numerator": …, "denominator": …}.`, zh: `未知字段 "${k}"；比率应写作 {"numerator": …, "denominator": …}。` });
  }
  const n = decimalOf(value.numerator);
  const d = decimalOf(value.denominator);
  if (n === undefined) issues.push({ path: path + '/numerator', en: 'expected a non-negative number (e.g. 3 unfinished projects).', zh: '应为非负数（如未完成项目 3 个）。' });
  if (d === undefined) issues.push({ path: path + '/denominator', en: 'expected a non-negative number (e.g. 30 projects).', zh: '应为非负数（如项目共 30 个）。' });
  if (n === undefined || d === undefined || extra.length > 0) return undefined;
  if (cmp(n, ZERO) < 0 || cmp(d, ZERO) < 0) {
    issues.push({ path: cmp(n, ZERO) < 0 ? path + '/numerator' : path + '/denominator', en: 'must not be negative.', zh: '不能为负数。' });
    return undefined;
  }
  if (d.num === 0n) {
    if (n.num !== 0n) {
      issues.push({ path: path + '/denominator', en: 'is 0 while the numerator is not; a rate needs a positive denominator.', zh: '分母为 0 而分子不为 0；比率的分母须大于 0。' });
      return undefined;
    }
    if (rule.whenDenominatorZero) return { kind: 'emptyRatio' };
    issues.push({
      path: path + '/denominator',
      en: `0 of 0: the rule does not say how to score it; ${MARK_NOT_APPLICABLE.en}.`,
      zh: `0/0：该规则未规定如何计分；${MARK_NOT_APPLICABLE.zh}。`,
    });
    return undefined;
  }
  if (cmp(n, d) > 0) {
    issues.push({ path: path + '/numerator', en: `${text(n)} of ${text(d)} is a rate above 100%; the numerator cannot exceed the denominator.`, zh: `${text(n)}/${text(d)} 的比率超过 100%；分子不能大于分母。` });
    return undefined;
  }
  const x = div(n, d);
  return { kind: 'number', x, shown: same(`${text(n)}/${text(d)} = ${percent(x)}`) };
}

const MAX_TRANCHES = 1000;

function readTranches(rule: NumericRule, value: Record<string, unknown>, path: string, issues: Issues): Measured | undefined {
  const list = value.tranches;
  for (const k of Object.keys(value).filter((k) => k !== 'tranches')) {
    issues.push({ path: `${path}/${pointerSegment(k)}`, en: `unknown field "${k}"; tranches are {"tranches": [{"amount", "value"}]}.`, zh: `未知字段 "${k}"；分笔资金应写作 {"tranches": [{"amount", "value"}]}。` });
  }
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_TRANCHES) {
    issues.push({ path: path + '/tranches', en: `expected 1 to ${MAX_TRANCHES} tranches [{"amount": "100.00", "value": 45}].`, zh: `应为 1 至 ${MAX_TRANCHES} 笔资金 [{"amount": "100.00", "value": 45}]。` });
    return undefined;
  }
  const before = issues.length;
  const parts = list.map((t, i) => {
    const tp = `${path}/tranches/${i}`;
    if (!isObject(t)) {
      issues.push({ path: tp, en: 'expected {"amount": …, "value": …}.', zh: '应为 {"amount": …, "value": …}。' });
      return undefined;
    }
    for (const k of Object.keys(t).filter((k) => k !== 'amount' && k !== 'value')) {
      issues.push({ path: `${tp}/${pointerSegment(k)}`, en: `unknown field "${k}".`, zh: `未知字段 "${k}"。` });
    }
    const amount = decimalOf(t.amount);
    if (amount === undefined || cmp(amount, ZERO) <= 0) issues.push({ path: tp + '/amount', en: 'expected a positive amount.', zh: '应为正数金额。' });
    const m = readNumber(rule, t.value, tp + '/value', issues, false);
    return amount && m && m.kind === 'number' ? { amount, x: m.x, shown: m.shown } : undefined;
  });
  if (issues.length > before) return undefined;
  return { kind: 'tranches', parts: parts as { amount: Q; x: Q; shown: Bilingual }[] };
}

function readCount(value: unknown, path: string, issues: Issues): Measured | undefined {
  const x = decimalOf(value);
  if (x === undefined || x.den !== 1n || x.num < 0n || x.num > 1_000_000n) {
    issues.push({
      path,
      en: `expected a whole number of occurrences (0, 1, 2 …); got ${JSON.stringify(value)}. ${cap(MARK_NOT_APPLICABLE.en)}.`,
      zh: `应为发现的次数（0、1、2 …），实际为 ${JSON.stringify(value)}。${MARK_NOT_APPLICABLE.zh}。`,
    });
    return undefined;
  }
  return { kind: 'count', n: x.num };
}

const YES = new Set(['yes', '是', 'true']);
const NO = new Set(['no', '否', 'false']);

function readBool(value: unknown, path: string, issues: Issues): Measured | undefined {
  if (typeof value === 'boolean') return { kind: 'bool', yes: value };
  if (typeof value === 'string') {
    const v = value.toLowerCase();
    if (YES.has(v)) return { kind: 'bool', yes: true };
    if (NO.has(v)) return { kind: 'bool', yes: false };
  }
  issues.push({ path, en: `expected true or false ("yes"/"no"); got ${JSON.stringify(value)}.`, zh: `应为 true 或 false（"是"/"否"），实际为 ${JSON.stringify(value)}。` });
  return undefined;
}

function readItems(rule: Extract<PreparedRule, { kind: 'checklist' }>, value: unknown, path: string, issues: Issues): Measured | undefined {
  const ids = rule.items.map((i) => i.id);
  if (!isObject(value)) {
    issues.push({
      path,
      en: `expected one value per checklist item: {${ids.map((i) => `"${i}": …`).join(', ')}}; got ${kindOf(value)}. ${cap(MARK_NOT_APPLICABLE.en)}.`,
      zh: `应为每个检查项一个取值：{${ids.map((i) => `"${i}": …`).join(', ')}}，实际为 ${kindOf(value)}。${MARK_NOT_APPLICABLE.zh}。`,
    });
    return undefined;
  }
  const before = issues.length;
  for (const k of Object.keys(value)) {
    if (!ids.includes(k)) {
      issues.push({ path: `${path}/${pointerSegment(k)}`, en: `no checklist item "${k}"; the items are ${ids.join(', ')}.`, zh: `没有检查项 "${k}"；检查项为 ${ids.join('、')}。` });
    }
  }
  const items: (readonly [string, Measured])[] = [];
  for (const item of rule.items) {
    const ip = `${path}/${pointerSegment(item.id)}`;
    if (!Object.hasOwn(value, item.id)) {
      issues.push({ path: ip, en: `missing: give this item's value (${itemHint(item.rule)}).`, zh: `缺少该检查项的取值（${itemHintZh(item.rule)}）。` });
      continue;
    }
    const m = readValue(item.rule, value[item.id], ip, issues);
    if (m) items.push([item.id, m]);
  }
  return issues.length > before ? undefined : { kind: 'items', items };
}

function itemHint(rule: PreparedRule): string {
  if (rule.kind === 'deductions' || rule.kind === 'occurrences') return 'the number of findings, 0 if none';
  if (rule.kind === 'yesNo') return 'true or false';
  if (rule.kind === 'choice') return 'one of ' + rule.options.map(([k]) => JSON.stringify(k)).join(', ');
  return 'the measured value';
}

function itemHintZh(rule: PreparedRule): string {
  if (rule.kind === 'deductions' || rule.kind === 'occurrences') return '发现的问题数，无则为 0';
  if (rule.kind === 'yesNo') return 'true 或 false';
  if (rule.kind === 'choice') return rule.options.map(([k]) => JSON.stringify(k)).join('、') + ' 之一';
  return '实测值';
}
