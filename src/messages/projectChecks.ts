/**
 * Messages of the project library's checks (issue 15, src/domain/projects/{indicators,review,planReview}.ts and
 * src/api/libraries/checks.ts): the indicator checks of seed 001 (武汉财政局报告 §二(四)1: core indicators blank
 * or abnormal, the logic of values, units and amounts), the yearly review of seed 003 §9 and §12 with seed 000's
 * keep / adjust / remove, and the annual plan review of seed 003 §10 with seed 002's 400万元 drawing review.
 * Each text is a finding a planner reads beside the project, in English and Chinese.
 */
import type { Catalogue } from './catalogue.js';

const quote = (v: unknown) => JSON.stringify(String(v));

/** The unit an amount is in, as a planner writes it. */
const money = (unit: string) => (unit === 'yuan' ? { en: 'yuan', zh: '元' } : { en: '万元', zh: '万元' });

export const PROJECT_CHECKS = {
  // ---- indicator checks (seed 001)
  'indicator-no-output': () => ({
    en: 'the core indicators are blank: the project has no output indicator (产出指标), so what it delivers cannot be checked (武汉财政局报告 §二(四)1: 核心指标空白数据).',
    zh: '核心指标空白：项目未填写产出指标，无法核实其产出（武汉财政局报告 §二(四)1：核心指标空白数据）。',
  }),
  'indicator-blank-core': (p: { indicator: string; unit: string }) => ({
    en: `the core indicator ${quote(p.indicator)} is 0 ${p.unit}: a core target of nothing is a blank entry; give the value the project is to reach (武汉财政局报告 §二(四)1).`,
    zh: `核心指标“${p.indicator}”为 0 ${p.unit}：核心指标目标值为零，属空白数据；请填写项目应达到的目标值（武汉财政局报告 §二(四)1）。`,
  }),
  'indicator-percent-above': (p: { indicator: string; value: string; max: string }) => ({
    en: `the indicator ${quote(p.indicator)} is ${p.value}%, above ${p.max}%: a percentage that high is abnormal data; check the value and its unit (武汉财政局报告 §二(四)1).`,
    zh: `指标“${p.indicator}”为 ${p.value}%，超过 ${p.max}%：比例异常；请核实数值和单位（武汉财政局报告 §二(四)1）。`,
  }),
  'indicator-unit-mismatch': (p: { indicator: string; unit: string; category: string; categoryZh: string; units: readonly string[] }) => ({
    en: `the output indicator ${quote(p.indicator)} is measured in ${quote(p.unit)}, not a unit of a ${p.category} project (${p.units.join(', ')}): check the unit (武汉财政局报告 §二(四)1: 数值和单位等逻辑性).`,
    zh: `产出指标“${p.indicator}”的单位“${p.unit}”不是${p.categoryZh}类项目的产出单位（${p.units.join('、')}）：请核实单位（武汉财政局报告 §二(四)1：数值和单位等逻辑性）。`,
  }),
  'indicator-unit-cost-outlier': (p: {
    indicator: string;
    unit: string;
    amountUnit: string;
    unitCost: string;
    median: string;
    factor: string;
    peers: number;
    high: boolean;
    categoryZh: string;
    category: string;
  }) => {
    const m = money(p.amountUnit);
    return {
      en: `the unit cost ${p.unitCost} ${m.en}/${p.unit} (amount ÷ ${quote(p.indicator)}) is ${p.high ? `more than ${p.factor} times` : `less than 1/${p.factor} of`} the median ${p.median} ${m.en}/${p.unit} of the ${p.peers} ${p.category} projects measured in ${p.unit}: check the amount and the value (武汉财政局报告 §二(四)1: 产出指标、金额等数值的逻辑性).`,
      zh: `单位成本 ${p.unitCost} ${m.zh}/${p.unit}（投资额 ÷ “${p.indicator}”）${p.high ? `超过同类 ${p.peers} 个${p.categoryZh}项目（以${p.unit}计）中位数 ${p.median} ${m.zh}/${p.unit} 的 ${p.factor} 倍` : `不足同类 ${p.peers} 个${p.categoryZh}项目（以${p.unit}计）中位数 ${p.median} ${m.zh}/${p.unit} 的 1/${p.factor}`}：请核实投资额和指标数值（武汉财政局报告 §二(四)1：产出指标、金额等数值的逻辑性）。`,
    };
  },
  'logic-paid-above-amount': (p: { paid: string; amount: string; unit: string }) => ({
    en: `paid (${p.paid} ${money(p.unit).en}) is more than the project's amount (${p.amount} ${money(p.unit).en}): a project is never paid more than it costs; check both (武汉财政局报告 §二(四)1: 金额等数值的逻辑性).`,
    zh: `已拨付（${p.paid} ${money(p.unit).zh}）超过项目计划投资（${p.amount} ${money(p.unit).zh}）：拨付不应超过投资额；请核实（武汉财政局报告 §二(四)1：金额等数值的逻辑性）。`,
  }),
  'logic-arranged-above-amount': (p: { arranged: string; amount: string; unit: string }) => ({
    en: `arranged (${p.arranged} ${money(p.unit).en}) is more than the project's amount (${p.amount} ${money(p.unit).en}): a project is never arranged more than it costs; check both.`,
    zh: `已安排资金（${p.arranged} ${money(p.unit).zh}）超过项目计划投资（${p.amount} ${money(p.unit).zh}）：安排给项目的资金不应超过其投资额；请核实。`,
  }),
  'logic-paid-above-arranged': (p: { paid: string; arranged: string; unit: string }) => ({
    en: `paid (${p.paid} ${money(p.unit).en}) is more than the funds arranged to the project (${p.arranged} ${money(p.unit).en}): what is paid comes from what was arranged; check both.`,
    zh: `已拨付（${p.paid} ${money(p.unit).zh}）超过已安排资金（${p.arranged} ${money(p.unit).zh}）：拨付应在已安排资金以内；请核实。`,
  }),
  'logic-output-above-amount': (p: { indicator: string; value: string; unit: string; amount: string; amountUnit: string }) => ({
    en: `the output indicator ${quote(p.indicator)} is ${p.value} ${p.unit}, more than the whole project (${p.amount} ${money(p.amountUnit).en}): an output counted in money cannot exceed the investment; check the value and its unit (万元 or 元).`,
    zh: `产出指标“${p.indicator}”为 ${p.value} ${p.unit}，超过项目全部投资（${p.amount} ${money(p.amountUnit).zh}）：以金额计的产出不应超过投资额；请核实数值和单位（万元或元）。`,
  }),

  // ---- the yearly review (seed 003 §9, §12; seed 000)
  'review-stale': (p: {
    years: number;
    status: string;
    statusZh: string;
    enteredOn: string;
    asOf: string;
    staleYears: number;
    suggested: string;
    suggestedZh: string;
    year?: number;
  }) => ({
    en: `in the library since ${p.enteredOn} (${p.years} full years on ${p.asOf}) and still ${p.status} (${p.statusZh}), not implemented: a project ${p.staleYears} years in the library without being implemented is cleared (质效双提方案 §二9). Suggested: ${p.suggested}${p.year !== undefined ? ` (it is in the ${p.year} plan: keep it only if it starts this year)` : ''}.`,
    zh: `${p.enteredOn} 入库，至 ${p.asOf} 已满 ${p.years} 年，仍为“${p.statusZh}”状态、未实施：已满 ${p.staleYears} 年还未实施的项目应及时清除（质效双提方案 §二9）。建议：${p.suggestedZh}${p.year !== undefined ? `（已列入 ${p.year} 年度计划：仅当本年开工时保留）` : ''}。`,
  }),
  'review-amount-change': (p: { amount: string; approved: string; change: string; percent: string; limit: string; unit: string }) => ({
    en: `the amount (${p.amount} ${money(p.unit).en}) differs from the approved plan (${p.approved} ${money(p.unit).en}) by ${p.change} ${money(p.unit).en}, ${p.percent} of it — at least ${p.limit}: an adjustment of that size needs a recorded decision (质效双提方案 §二12: 随意调整项目金额达到当年投资额20%以上). Suggested: adjust (微调保留), with the reason.`,
    zh: `计划投资（${p.amount} ${money(p.unit).zh}）较批复计划（${p.approved} ${money(p.unit).zh}）变动 ${p.change} ${money(p.unit).zh}，为批复额的 ${p.percent}，达到 ${p.limit}：此幅度的调整须按程序审定并记录（质效双提方案 §二12：随意调整项目金额达到当年投资额20%以上）。建议：微调保留，并写明理由。`,
  }),
  'review-unrelated': (p: { purpose: string; purposeZh: string }) => ({
    en: `the project's purpose is ${p.purpose}, unrelated to consolidating poverty-alleviation results and rural revitalization: such a project is cleared from the library (质效双提方案 §二9). Suggested: remove (移出).`,
    zh: `项目用途为“${p.purposeZh}”，与巩固拓展脱贫攻坚成果同乡村振兴有效衔接无关：应及时清除出项目库（质效双提方案 §二9）。建议：移出。`,
  }),

  // ---- the annual plan review (seed 003 §10; seed 002)
  'plan-drawing-review': (p: { amount: string; threshold: string; unit: string }) => ({
    en: `the project's amount (${p.amount} ${money(p.unit).en}) is at least ${p.threshold} ${money(p.unit).en} and it has not passed the joint construction-drawing review (施工图联合审查): it may not be tendered before it (耀州区案例 (二)一).`,
    zh: `项目投资（${p.amount}${money(p.unit).zh}）达到${p.threshold}${money(p.unit).zh}，尚未通过施工图联合审查：审查通过前不得招标实施（耀州区案例 (二)一）。`,
  }),
  'plan-no-sources': () => ({
    en: 'the project names no fund source (资金来源): the annual plan says which funds pay each project, and the industry shares are counted by source.',
    zh: '项目未填写资金来源：年度实施计划须写明每个项目由哪类资金安排，产业发展比例也按资金来源计算。',
  }),
  'plan-industry-share': (p: {
    source: string;
    sourceZh: string;
    year: number;
    industry: string;
    base: string;
    share: string;
    floor: string;
    unit: string;
  }) => ({
    en: `${p.source}: the industry share of the ${p.year} plan's projects paid by this source alone is ${p.share} (${p.industry} of ${p.base} ${money(p.unit).en}), below the floor of ${p.floor} (质效双提方案 §二1).`,
    zh: `${p.sourceZh}：${p.year} 年度计划中仅由该资金安排的项目用于产业发展的比例为 ${p.share}（${p.base} ${money(p.unit).zh} 中产业 ${p.industry} ${money(p.unit).zh}），低于 ${p.floor} 的下限（质效双提方案 §二1）。`,
  }),

  // ---- the routes' own input problems
  'check-unit-with-library': (p: { unit: string; library: string; libraryUnit: string }) => ({
    en: `unit ${quote(p.unit)} was given with a stored library: library ${quote(p.library)} keeps its amounts in ${quote(p.libraryUnit)}; leave unit out (it applies to inline projects only).`,
    zh: `引用已保存的项目库时不能另给单位 ${quote(p.unit)}：项目库 ${quote(p.library)} 的金额单位为 ${quote(p.libraryUnit)}；请删除 unit（仅用于直接提交的项目）。`,
  }),
  'check-revision-invalid': (p: { shown: string }) => ({
    en: `?revision=${p.shown} is not a revision: give a whole number 1, 2, … (leave it out for the head).`,
    zh: `?revision=${p.shown} 不是有效的版本号：请填写正整数 1、2……（省略则为最新版本）。`,
  }),
  'check-year-invalid': (p: { shown: string }) => ({
    en: `?year=${p.shown} is not a plan year: give four digits from 2000 to 2100, e.g. 2025.`,
    zh: `?year=${p.shown} 不是有效的计划年度：请填写 2000 至 2100 之间的四位年份，如 2025。`,
  }),
} satisfies Catalogue;
