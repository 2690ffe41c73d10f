/**
 * Messages of POST /v1/allocations and /v1/allocations/compare (src/domain/allocation, src/api/allocations):
 * what the engine finds wrong with a model, its overrides, the regions' values or the pipeline's rules.
 * Rules that cannot all hold (floors above the money, caps that leave money over, a floor above a cap) use
 * the shared code constraints-cannot-hold (src/messages/optimization.ts), as every route does.
 * Values echoed are passed as the request wrote them (`shown`: JSON-quoted where text).
 */
import type { Catalogue } from './catalogue.js';

const UNIT_ZH: Record<string, string> = { wan: '万元', yuan: '元' };
/** The unit in English text: 万元 as the optimizer and the checks write it (one spelling everywhere), yuan as is. */
const UNIT_EN: Record<string, string> = { wan: '万元', yuan: 'yuan' };

export const ALLOCATION = {
  // ── the scenario as a whole ──
  'no-regions': () => ({ en: 'give at least one region.', zh: '请至少提供一个地区。' }),
  'too-many-regions': (p: { maximum: number; got?: number }) => ({
    en: `at most ${p.maximum} regions per request${p.got !== undefined ? ` (got ${p.got})` : ''}; split the request by level.`,
    zh: `每次请求最多 ${p.maximum} 个地区${p.got !== undefined ? `（实际 ${p.got} 个）` : ''}，请按层级拆分。`,
  }),
  'too-many-regions-in-levels': (p: { maximum: number; got: number }) => ({
    en: `at most ${p.maximum} regions per request across both levels (got ${p.got}); split the request.`,
    zh: `两级合计每次请求最多 ${p.maximum} 个地区（实际 ${p.got} 个），请拆分请求。`,
  }),
  'total-not-positive': () => ({ en: 'the total must be positive.', zh: '总额必须大于 0。' }),
  'total-too-large': (p: { total: string; unit: string }) => ({
    en: `the total ${p.total} ${UNIT_EN[p.unit] ?? p.unit} exceeds 10^15 yuan; check the unit and the number of zeros.`,
    zh: `总额 ${p.total} ${UNIT_ZH[p.unit] ?? p.unit} 超过 10^15 元，请检查单位和位数。`,
  }),
  'granularity-not-positive': () => ({ en: 'the granularity must be positive, e.g. "0.01".', zh: '分配粒度必须大于 0，例如 "0.01"。' }),
  'last-year-not-amount': (p: { unit: string; shown: string }) => ({
    en: `last year's amount must be a non-negative decimal in ${UNIT_EN[p.unit] ?? p.unit}, got ${p.shown}.`,
    zh: `上年金额必须是非负小数（单位 ${UNIT_ZH[p.unit] ?? p.unit}），实际为 ${p.shown}。`,
  }),

  // ── the regions' indicators ──
  'indicator-not-read': (p: { model: string; key: string; known: string }) => ({
    en: `model "${p.model}" reads no indicator "${p.key}"; remove it or check its spelling (it reads ${p.known}).`,
    zh: `模型 "${p.model}" 不使用指标 "${p.key}"，请删除或检查拼写（模型使用：${p.known}）。`,
  }),
  'indicator-all-zero': (p: { indicator: string; factor: string; transform: string }) => ({
    en: `indicator "${p.indicator}" of factor "${p.factor}" is zero for every region after its ${p.transform} transform, so its shares are undefined; give a region a value that counts, or set its weight to 0 with overrides.`,
    zh: `因素 "${p.factor}" 的指标 "${p.indicator}" 经 ${p.transform} 变换后所有地区均为 0，份额无法计算；请提供有效数值，或通过 overrides 将其权重设为 0。`,
  }),
  'indicator-missing': (p: { region: string; input: string; transform: string }) => ({
    en: `region "${p.region}" has no value for indicator "${p.input}" (read by the ${p.transform} transform); add it.`,
    zh: `地区 "${p.region}" 缺少指标 "${p.input}" 的数值，请补充。`,
  }),
  'indicator-not-a-number': (p: { shown: string }) => ({
    en: `${p.shown} is not a finite decimal number; write it like 1234.5 or "1234.5".`,
    zh: `${p.shown} 不是有效的十进制数，请写成 1234.5 或 "1234.5" 的形式。`,
  }),
  'indicator-negative': (p: { shown: string }) => ({
    en: `indicator values cannot be negative, got ${p.shown}.`,
    zh: `指标数值不能为负数，实际为 ${p.shown}。`,
  }),
  'indicator-out-of-range': (p: { shown: string; decimals: number }) => ({
    en: `${p.shown} is out of range: indicators must be below 1e15 with at most ${p.decimals} decimals.`,
    zh: `${p.shown} 超出范围：指标数值须小于 1e15，且最多 ${p.decimals} 位小数。`,
  }),
  'reciprocal-of-zero': () => ({
    en: 'the reciprocal transform needs a positive value (1/0 is undefined); use gapToMax or gapToBenchmark for zero incomes.',
    zh: '倒数变换要求数值为正（1/0 无意义）；收入可能为 0 时请改用 gapToMax 或 gapToBenchmark。',
  }),
  'score-above-max': (p: { shown: string; max: string }) => ({
    en: `score ${p.shown} is above the indicator's maximum ${p.max}.`,
    zh: `分值 ${p.shown} 超过该指标的最高分 ${p.max}。`,
  }),
  'category-missing': (p: { region: string; input: string; known: string }) => ({
    en: `region "${p.region}" has no category for "${p.input}"; use one of ${p.known}.`,
    zh: `地区 "${p.region}" 缺少 "${p.input}" 的类别，可选：${p.known}。`,
  }),
  'unknown-category': (p: { shown: string; input: string; known: string }) => ({
    en: `unknown category ${p.shown} for "${p.input}"; use one of ${p.known}.`,
    zh: `"${p.input}" 的类别 ${p.shown} 未定义，可选：${p.known}。`,
  }),

  // ── the model (a file, inline, or after overrides) ──
  'weight-out-of-range': (p: { shown: string }) => ({
    en: `weight ${p.shown} must be a decimal between 0 and 1 (at most 12 decimals).`,
    zh: `权重 ${p.shown} 必须是 0 到 1 之间的小数（最多 12 位小数）。`,
  }),
  'duplicate-factor': (p: { id: string }) => ({ en: `factor id "${p.id}" appears twice.`, zh: `因素 id "${p.id}" 重复。` }),
  'duplicate-indicator': (p: { id: string; factor: string }) => ({
    en: `indicator id "${p.id}" appears twice in factor "${p.factor}".`,
    zh: `指标 id "${p.id}" 在因素 "${p.factor}" 中重复。`,
  }),
  'factor-without-indicators': () => ({ en: 'a factor needs at least one indicator.', zh: '每个因素至少需要一个指标。' }),
  'indicator-weights-not-one': (p: { factor: string; sum: string }) => ({
    en: `the indicator weights of factor "${p.factor}" add up to ${p.sum}, not 1; adjust them so they sum to exactly 1.`,
    zh: `因素 "${p.factor}" 的指标权重之和为 ${p.sum}，不等于 1；请调整使其恰好为 1。`,
  }),
  'model-without-factors': () => ({ en: 'a model needs at least one factor.', zh: '模型至少需要一个因素。' }),
  /** `weights`: what was added, each marked when it came from the request (the others are the model's). */
  'weights-not-one': (p: { sum: string; weights?: readonly { id: string; weight: string; yours?: boolean }[] }) => {
    const terms = (yours: string) => (p.weights ?? []).map((w) => `${w.id} ${w.weight}${w.yours ? yours : ''}`).join(' + ');
    return p.weights?.length
      ? {
          en: `the factor weights add up to ${p.sum}, not 1: ${terms(' (yours)')} = ${p.sum}; adjust them to sum to exactly 1.`,
          zh: `各因素权重之和为 ${p.sum}，不等于 1：${terms('（您填写的）')} = ${p.sum}；请调整使其恰好为 1。`,
        }
      : {
          en: `the factor weights add up to ${p.sum}, not 1; adjust them so they sum to exactly 1.`,
          zh: `各因素权重之和为 ${p.sum}，不等于 1；请调整使其恰好为 1。`,
        };
  },
  'parameter-negative': (p: { field: string; shown: string }) => ({
    en: `${p.field} must be a non-negative decimal, got ${p.shown}.`,
    zh: `${p.field} 必须是非负小数，实际为 ${p.shown}。`,
  }),
  'benchmark-missing': () => ({
    en: 'transform gapToBenchmark needs a benchmark (the line below which a region counts).',
    zh: 'gapToBenchmark 变换需要 benchmark（基准线）。',
  }),
  'coefficients-missing': () => ({
    en: 'transform coefficient needs a map of categories to coefficients, e.g. {"national": 1.5, "other": 1}.',
    zh: 'coefficient 变换需要类别到系数的映射，例如 {"national": 1.5, "other": 1}。',
  }),

  'model-id-format': () => ({
    en: 'use lowercase letters, digits and hyphens, e.g. "sichuan-2024".',
    zh: '只能使用小写字母、数字和连字符，例如 "sichuan-2024"。',
  }),
  'set-aside-amount-or-percent': () => ({
    en: 'give exactly one of "amount" and "percent".',
    zh: '"amount" 与 "percent" 须且只能给出一个。',
  }),
  'reserve-with-regions': () => ({
    en: 'a reserve serves rewards, not listed regions: drop "regions" or "reserve".',
    zh: '奖励预留资金不直接分给地区：请删除 "regions" 或 "reserve"。',
  }),
  'rank-amount-fixed-or-from': () => ({
    en: 'give either "fixed" or "from" (with "to" for a linear scale).',
    zh: '请给出 "fixed"，或 "from"（线性递减时再加 "to"）。',
  }),

  // ── overrides ──
  'unknown-factor': (p: { model: string; id: string; known: readonly string[] }) => ({
    en: `model "${p.model}" has no factor "${p.id}"; its factors are ${p.known.join(', ')}.`,
    zh: `模型 "${p.model}" 没有因素 "${p.id}"；可用因素：${p.known.join('、')}。`,
  }),
  'unknown-indicator': (p: { model: string; key: string; known: readonly string[] }) => ({
    en: `model "${p.model}" has no indicator "${p.key}"; write "factorId.indicatorId", one of ${p.known.join(', ')}.`,
    zh: `模型 "${p.model}" 没有指标 "${p.key}"；请写成 "因素id.指标id"，可选：${p.known.join('、')}。`,
  }),

  // ── the pipeline ──
  'set-asides-exceed-total': (p: { needed: string; total: string; unit: string }) => ({
    en: `the set-asides need ${p.needed} ${UNIT_EN[p.unit] ?? p.unit} but the total is only ${p.total}; raise the total or lower the set-asides.`,
    zh: `切块资金需要 ${p.needed} ${UNIT_ZH[p.unit] ?? p.unit}，但总额只有 ${p.total}；请提高总额或减少切块。`,
  }),
  'set-aside-reads-number': (p: { setAside: string; key: string; shown: string }) => ({
    en: `set-aside "${p.setAside}" reads "${p.key}" as a non-negative number; got ${p.shown}.`,
    zh: `切块资金 "${p.setAside}" 将 "${p.key}" 作为非负数读取，实际为 ${p.shown}。`,
  }),
  'set-aside-split-value': (p: { setAside: string; by: string; region: string }) => ({
    en: `set-aside "${p.setAside}" is split by "${p.by}", so region "${p.region}" needs a non-negative number there.`,
    zh: `切块资金 "${p.setAside}" 按 "${p.by}" 分配，地区 "${p.region}" 须提供该项的非负数值。`,
  }),
  'stage-input-missing': (p: { stage: string; input: string; region: string }) => ({
    en: `the ${p.stage} stage reads "${p.input}" and other regions have it; give region "${p.region}" one too.`,
    zh: `${p.stage} 环节读取 "${p.input}"，其他地区均已提供；请为地区 "${p.region}" 补充。`,
  }),
  'stage-input-negative': (p: { input: string; shown: string }) => ({
    en: `"${p.input}" must be a non-negative number, got ${p.shown}.`,
    zh: `"${p.input}" 必须是非负数，实际为 ${p.shown}。`,
  }),

  // ── compare ──
  'variant-unknown-region': (p: { variant: string; key: string }) => ({
    en: `variant "${p.variant}" changes region "${p.key}", which is not in the baseline (use "city/county" for a second-level region).`,
    zh: `方案 "${p.variant}" 修改的地区 "${p.key}" 不在基准方案中（二级地区请写作 "市/县"）。`,
  }),
  'duplicate-variant': (p: { name: string }) => ({
    en: `variant name "${p.name}" is used twice.`,
    zh: `方案名称 "${p.name}" 重复。`,
  }),
  'too-many-variants': (p: { maximum: number }) => ({
    en: `at most ${p.maximum} variants per comparison.`,
    zh: `每次比较最多 ${p.maximum} 个方案。`,
  }),
} satisfies Catalogue;

/** An amount as computed, and its unit. */
type Money = { readonly amount: string; readonly unit: string };
const en = (m: Money) => `${m.amount} ${UNIT_EN[m.unit] ?? m.unit}`;
const zh = (m: Money) => `${m.amount} ${UNIT_ZH[m.unit] ?? m.unit}`;

/**
 * The allocation's rules that cannot all hold, as the words of the shared code constraints-cannot-hold
 * (`issue(path, 'constraints-cannot-hold', { rule: RULES.floorsAboveMoney(…) })`): which rule must give, by how much.
 */
export const RULES = {
  floorsAboveMoney: (p: { gap: Money; budget: Money; binding: { en: string; zh: string } }) => ({
    en: `the floors cannot all be met: with every formula amount at zero they still need ${en(p.gap)} more than the ${en(p.budget)} the regions can share; binding floors: ${p.binding.en}. Lower the hold-harmless share or the minimum, or raise the total`,
    zh: `下限无法全部满足：即使因素法金额全部为零，仍比地区可分配的 ${zh(p.budget)} 多需 ${zh(p.gap)}；受约束地区：${p.binding.zh}。请降低保底比例或最低额，或提高总额`,
  }),
  capsLeaveMoney: (p: { gap: Money; binding: { en: string; zh: string } }) => ({
    en: `the caps cannot absorb the money: even with every region at its cap, ${en(p.gap)} is left over; capped regions: ${p.binding.en}. Raise the growth cap or the maximum, or lower the total`,
    zh: `上限过紧：所有地区都达到上限后仍剩 ${zh(p.gap)} 无法分配；受上限约束地区：${p.binding.zh}。请提高增幅上限或最高额，或降低总额`,
  }),
  floorAboveCap: (p: { region: string; floor: Money; cap: Money; gap: Money }) => ({
    en: `region "${p.region}" has a floor above its cap (${en(p.floor)} > ${en(p.cap)}, by ${en(p.gap)}); its hold-harmless/minimum and growth cap/maximum cannot both hold`,
    zh: `地区 "${p.region}" 的下限高于上限（${zh(p.floor)} > ${zh(p.cap)}，高出 ${zh(p.gap)}），保底/最低额与增幅上限/最高额无法同时满足`,
  }),
};
