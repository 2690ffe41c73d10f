/**
 * Messages of POST /v1/evaluations and the evaluation models (models/evaluation/): the model's own checks
 * (points that add up, unique ids, tiers, rules, grade bands) and the measured values (what each rule reads).
 */
import type { Catalogue } from './catalogue.js';

/** How to mark an indicator that does not apply: said wherever a value is missing or unreadable. */
export const MARK_NOT_APPLICABLE = {
  en: 'send null (or "n/a") if the indicator does not apply: its points then leave the total and the total is rescaled to 100',
  zh: '如该指标不适用，请传 null（或 "n/a"）：其分值不计入，总分按 100 分折算',
};

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const EVALUATION = {
  // ---- the model
  'evaluation-table-not-100': (p: { total: string; points: string }) => ({
    en: `the first-level indicators add up to ${p.total} points, not ${p.points}; a table has 100 points (bonus and penalty items go in "adjustments").`,
    zh: `一级指标分值合计 ${p.total} 分，不等于 ${p.points} 分；指标表满分须为 100 分（加分、扣分项请放在 "adjustments" 中）。`,
  }),
  'evaluation-points-places': (p: { points: string; places: number; rounded: number }) => ({
    en: `the points ${p.points} have ${p.places} decimals but scores are rounded to ${p.rounded}: a rounded score could pass the points; round to at least ${p.places} places.`,
    zh: `分值 ${p.points} 有 ${p.places} 位小数，而得分只保留 ${p.rounded} 位，舍入后可能超过分值；请至少保留 ${p.places} 位小数。`,
  }),
  'evaluation-points-not-positive': () => ({ en: 'points must be greater than 0.', zh: '分值必须大于 0。' }),
  'evaluation-points-do-not-add-up': (p: { points: string; sum: string; parts: string; partsZh: string }) => ({
    en: `is ${p.points} but its ${p.parts} add up to ${p.sum}; make the points add up.`,
    zh: `为 ${p.points} 分，但其下${p.partsZh}分值合计 ${p.sum} 分；请使分值相加一致。`,
  }),
  'evaluation-out-of-not-positive': () => ({ en: 'must be greater than 0.', zh: '必须大于 0。' }),
  'evaluation-out-of-mismatch': (p: { outOf: string; natural: string; what: string; whatZh: string }) => ({
    en: `is ${p.outOf} but the ${p.what} give at most ${p.natural}; outOf states the rule's own maximum.`,
    zh: `为 ${p.outOf}，但${p.whatZh}最高为 ${p.natural}；outOf 应为规则本身的最高分。`,
  }),
  'evaluation-rule-maximum-not-points': (p: { natural: string; points: string; what: string; whatZh: string }) => ({
    en: `the ${p.what} give at most ${p.natural} but the indicator is worth ${p.points}: add "outOf": "${p.natural}" to scale scores to the points (as evaluators do), or fix the ${p.what}.`,
    zh: `${p.whatZh}最高为 ${p.natural} 分，而该指标分值为 ${p.points} 分：请加上 "outOf": "${p.natural}" 按分值折算（评价实务做法），或修改${p.whatZh}。`,
  }),
  'evaluation-denominator-zero-not-rate': () => ({
    en: 'applies to rates only: add "rate": true or drop it.',
    zh: '只适用于比率：请加上 "rate": true 或删除该字段。',
  }),
  'evaluation-rate-bound': (p: { given: string }) => ({
    en: `a rate bound is a fraction between 0 and 1 ("0.85" for 85%); got ${p.given}.`,
    zh: `比率的界限应为 0 到 1 之间的小数（85% 写作 "0.85"），实际为 ${p.given}。`,
  }),
  'evaluation-percent-bound-not-rate': (p: { given: string }) => ({
    en: `${p.given} is a percentage, but this rule is not a rate: add "rate": true, or write the number itself.`,
    zh: `${p.given} 是百分数，但该规则不是比率：请加上 "rate": true，或直接写数值。`,
  }),
  'evaluation-linear-full-equals-zero': () => ({
    en: 'must differ from "full": between them the score runs pro rata.',
    zh: '必须与 "full" 不同：两者之间按比例计分。',
  }),
  'evaluation-negative': () => ({ en: 'must not be negative.', zh: '不能为负数。' }),
  'evaluation-proportional-zero-not-below-full': (p: { full: string }) => ({
    en: `must be below "full" (${p.full}): full marks at or above "full", pro rata from "zero", nothing below it.`,
    zh: `必须小于 "full"（${p.full}）：达到 "full" 得满分，"zero" 至 "full" 之间按比例得分，低于 "zero" 不得分。`,
  }),
  'evaluation-each-not-positive': () => ({ en: 'must be greater than 0.', zh: '必须大于 0。' }),
  'evaluation-choice-empty': () => ({ en: 'needs at least one option.', zh: '至少需要一个选项。' }),
  'evaluation-grade-order': () => ({
    en: 'bands go from the highest to the lowest "minimum", each lower than the one before.',
    zh: '各等级按 "minimum" 从高到低排列，每一档须低于前一档。',
  }),
  'evaluation-grade-duplicate': (p: { grade: string }) => ({ en: `grade "${p.grade}" is listed twice.`, zh: `等级 "${p.grade}" 重复。` }),
  'evaluation-grade-no-zero': () => ({
    en: 'the lowest band must start at 0 so every total has a grade.',
    zh: '最低一档须从 0 分起，使任何总分都有等级。',
  }),
  'evaluation-tier-empty': () => ({
    en: 'this tier holds no value: "minimum" must be below "maximum" (or equal, with both inclusive).',
    zh: '该档不含任何取值："minimum" 须小于 "maximum"（相等时两端都须包含）。',
  }),
  'evaluation-tier-overlap': (p: { end?: string }) =>
    p.end === undefined
      ? { en: 'overlaps another tier; each value must fall in exactly one tier.', zh: '与其他档重叠；每个取值只能落在一档中。' }
      : {
          en: `overlaps the tier that ends at ${p.end}; each value must fall in exactly one tier (state which side includes the bound).`,
          zh: `与止于 ${p.end} 的一档重叠；每个取值只能落在一档中（请写明界限归哪一档）。`,
        },
  'evaluation-tier-gap': (p: { end: string }) => ({
    en: `leaves a gap after the tier that ends at ${p.end}; the tiers must meet (one of them includes the bound).`,
    zh: `与止于 ${p.end} 的一档之间有空档；各档须首尾相接（界限须归其中一档）。`,
  }),
  'evaluation-tiers-rate-coverage': () => ({
    en: 'the tiers of a rate must cover every rate from 0% to 100% inclusive.',
    zh: '比率的各档须覆盖 0% 至 100%（含两端）的全部取值。',
  }),

  'evaluation-model-id-format': () => ({
    en: 'use lowercase letters, digits and hyphens, e.g. "seed004-gaoxin-2021".',
    zh: '只能使用小写字母、数字和连字符，例如 "seed004-gaoxin-2021"。',
  }),

  // ---- the values
  'evaluation-values-too-many': (p: { max: number }) => ({ en: `at most ${p.max} values.`, zh: `最多 ${p.max} 个取值。` }),
  'evaluation-value-missing': (p: { en: string; zh: string }) => ({
    en: `missing: give the measured value for "${p.en}" (${p.zh}), or ${MARK_NOT_APPLICABLE.en}.`,
    zh: `缺少“${p.zh}”的实测值；${MARK_NOT_APPLICABLE.zh}。`,
  }),
  'evaluation-nothing-applies': () => ({
    en: 'every indicator is marked not applicable: there is nothing to evaluate.',
    zh: '所有指标均标为不适用，无可评价内容。',
  }),
  'evaluation-value-is-container': (p: { key: string; title: string }) => ({
    en: `"${p.key}" is a level or group (${p.title}); values are given per third-level indicator.`,
    zh: `"${p.key}" 是一级或二级指标（${p.title}）；请按三级指标逐项提供取值。`,
  }),
  'evaluation-value-not-in-tiers': (p: { value: string; valueZh: string; tiers: string; tiersZh: string }) => ({
    en: `${p.value} falls in none of the rule's tiers (${p.tiers}).`,
    zh: `${p.valueZh} 不属于该规则的任何一档（${p.tiersZh}）。`,
  }),
  'evaluation-choice-unknown': (p: { keys: string; keysZh: string; given: string }) => ({
    en: `expected one of ${p.keys}; got ${p.given}.`,
    zh: `应为 ${p.keysZh} 之一，实际为 ${p.given}。`,
  }),
  'evaluation-value-not-number': (p: { rate: boolean; tranches: boolean; got: string }) => {
    const forms = p.rate
      ? {
          en: 'a rate: a fraction like 0.9184, a percentage like "91.84%", or {"numerator": …, "denominator": …}',
          zh: '比率：如 0.9184、"91.84%" 或 {"numerator": …, "denominator": …}',
        }
      : { en: 'a number or decimal text like 30 or "30"', zh: '数值，如 30 或 "30"' };
    const extra = p.tranches ? { en: ', or {"tranches": [{"amount", "value"}]}', zh: '，或 {"tranches": [{"amount", "value"}]}' } : { en: '', zh: '' };
    return {
      en: `expected ${forms.en}${extra.en}; got ${p.got}. ${cap(MARK_NOT_APPLICABLE.en)}.`,
      zh: `应为${forms.zh}${extra.zh}，实际为 ${p.got}。${MARK_NOT_APPLICABLE.zh}。`,
    };
  },
  'evaluation-rate-negative': (p: { percent: string }) => ({
    en: `a rate cannot be negative; got ${p.percent}.`,
    zh: `比率不能为负数，实际为 ${p.percent}。`,
  }),
  'evaluation-rate-above-one': (p: { value: string; percent: string; fraction?: string; written?: string }) => {
    const hint =
      p.fraction !== undefined
        ? { en: ` Rates are fractions: write ${p.fraction} or "${p.written}%".`, zh: `比率以小数表示：请写作 ${p.fraction} 或 "${p.written}%"。` }
        : { en: '', zh: '' };
    return {
      en: `a rate is at most 100% (1); got ${p.value} (${p.percent}).${hint.en}`,
      zh: `比率不能超过 100%（即 1），实际为 ${p.value}（${p.percent}）。${hint.zh}`,
    };
  },
  'evaluation-ratio-unknown-field': (p: { key: string }) => ({
    en: `unknown field "${p.key}"; a ratio is {"numerator": …, "denominator": …}.`,
    zh: `未知字段 "${p.key}"；比率应写作 {"numerator": …, "denominator": …}。`,
  }),
  'evaluation-numerator-invalid': () => ({ en: 'expected a non-negative number (e.g. 3 unfinished projects).', zh: '应为非负数（如未完成项目 3 个）。' }),
  'evaluation-denominator-invalid': () => ({ en: 'expected a non-negative number (e.g. 30 projects).', zh: '应为非负数（如项目共 30 个）。' }),
  'evaluation-ratio-negative': () => ({ en: 'must not be negative.', zh: '不能为负数。' }),
  'evaluation-denominator-zero': () => ({
    en: 'is 0 while the numerator is not; a rate needs a positive denominator.',
    zh: '分母为 0 而分子不为 0；比率的分母须大于 0。',
  }),
  'evaluation-zero-of-zero': () => ({
    en: `0 of 0: the rule does not say how to score it; ${MARK_NOT_APPLICABLE.en}.`,
    zh: `0/0：该规则未规定如何计分；${MARK_NOT_APPLICABLE.zh}。`,
  }),
  'evaluation-numerator-above-denominator': (p: { numerator: string; denominator: string }) => ({
    en: `${p.numerator} of ${p.denominator} is a rate above 100%; the numerator cannot exceed the denominator.`,
    zh: `${p.numerator}/${p.denominator} 的比率超过 100%；分子不能大于分母。`,
  }),
  'evaluation-tranches-unknown-field': (p: { key: string }) => ({
    en: `unknown field "${p.key}"; tranches are {"tranches": [{"amount", "value"}]}.`,
    zh: `未知字段 "${p.key}"；分笔资金应写作 {"tranches": [{"amount", "value"}]}。`,
  }),
  'evaluation-tranches-count': (p: { max: number }) => ({
    en: `expected 1 to ${p.max} tranches [{"amount": "100.00", "value": 45}].`,
    zh: `应为 1 至 ${p.max} 笔资金 [{"amount": "100.00", "value": 45}]。`,
  }),
  'evaluation-tranche-not-object': () => ({ en: 'expected {"amount": …, "value": …}.', zh: '应为 {"amount": …, "value": …}。' }),
  'evaluation-tranche-unknown-field': (p: { key: string }) => ({ en: `unknown field "${p.key}".`, zh: `未知字段 "${p.key}"。` }),
  'evaluation-tranche-amount': () => ({ en: 'expected a positive amount.', zh: '应为正数金额。' }),
  'evaluation-count-invalid': (p: { given: string }) => ({
    en: `expected a whole number of occurrences (0, 1, 2 …); got ${p.given}. ${cap(MARK_NOT_APPLICABLE.en)}.`,
    zh: `应为发现的次数（0、1、2 …），实际为 ${p.given}。${MARK_NOT_APPLICABLE.zh}。`,
  }),
  'evaluation-bool-invalid': (p: { given: string }) => ({
    en: `expected true or false ("yes"/"no"); got ${p.given}.`,
    zh: `应为 true 或 false（"是"/"否"），实际为 ${p.given}。`,
  }),
  'evaluation-checklist-not-object': (p: { items: string; got: string }) => ({
    en: `expected one value per checklist item: {${p.items}}; got ${p.got}. ${cap(MARK_NOT_APPLICABLE.en)}.`,
    zh: `应为每个检查项一个取值：{${p.items}}，实际为 ${p.got}。${MARK_NOT_APPLICABLE.zh}。`,
  }),
  'evaluation-checklist-unknown-item': (p: { key: string; items: string; itemsZh: string }) => ({
    en: `no checklist item "${p.key}"; the items are ${p.items}.`,
    zh: `没有检查项 "${p.key}"；检查项为 ${p.itemsZh}。`,
  }),
  'evaluation-checklist-item-missing': (p: { hint: string; hintZh: string }) => ({
    en: `missing: give this item's value (${p.hint}).`,
    zh: `缺少该检查项的取值（${p.hintZh}）。`,
  }),
} satisfies Catalogue;
