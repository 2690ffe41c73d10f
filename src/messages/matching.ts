/**
 * Messages of the project library's batch matching (issue 15, seed 002 耀州: 三个优先, 400万元 drawing review,
 * weak villages and key towns): why each plan project of the year was matched, held, excluded or left
 * unfunded by a batch of funds, and the problems of a matching request.
 */
import type { Catalogue } from './catalogue.js';

const UNIT: Record<string, { en: string; zh: string }> = { wan: { en: '万元', zh: '万元' }, yuan: { en: 'yuan', zh: '元' } };
const en = (amount: string, unit: string) => `${amount} ${UNIT[unit]?.en ?? unit}`;
const zh = (amount: string, unit: string) => `${amount}${UNIT[unit]?.zh ?? unit}`;

const CLASS_EN: Record<string, string> = {
  '1': 'class 1 (consolidating results)',
  '2': 'class 2 (urgent disaster-related)',
  '3': 'class 3 (strong driving effect)',
};
const CLASS_ZH: Record<string, string> = { '1': '第一优先（巩固脱贫成果）', '2': '第二优先（防止因灾返贫）', '3': '第三优先（带动能力强）' };
const classesEn = (list: readonly number[]) => list.map((c) => CLASS_EN[String(c)] ?? String(c)).join(', ');
const classesZh = (list: readonly number[]) => list.map((c) => CLASS_ZH[String(c)] ?? String(c)).join('、');

interface Money {
  readonly unit: string;
}

export const MATCHING = {
  // ---- row reasons: each plan project's status in a batch
  'matching-matched': (p: Money & { need: string }) => ({
    en: `matched: its need of ${en(p.need, p.unit)} is paid in full by this batch.`,
    zh: `已匹配：本批次足额安排其所需资金 ${zh(p.need, p.unit)}。`,
  }),
  'matching-partly-budget': (p: Money & { amount: string; need: string }) => ({
    en: `partly matched: ${en(p.amount, p.unit)} of its need of ${en(p.need, p.unit)}; the batch had no more money left.`,
    zh: `部分匹配：安排 ${zh(p.amount, p.unit)}（所需 ${zh(p.need, p.unit)}）；本批次资金已全部安排。`,
  }),
  'matching-partly-floor': (p: Money & { amount: string; need: string; floor: string; left: string }) => ({
    en: `partly matched: ${en(p.amount, p.unit)} of its need of ${en(p.need, p.unit)}; more would take the batch's industry share below its floor of ${p.floor} (${en(p.left, p.unit)} stay unmatched).`,
    zh: `部分匹配：安排 ${zh(p.amount, p.unit)}（所需 ${zh(p.need, p.unit)}）；再多安排将使本批次产业发展比例低于下限 ${p.floor}（${zh(p.left, p.unit)}未安排）。`,
  }),
  'matching-unfunded-larger': (p: Money & { need: string; batch: string }) => ({
    en: `unfunded: its need of ${en(p.need, p.unit)} is more than the whole batch (${en(p.batch, p.unit)}), and only whole remaining needs are matched (partial: false).`,
    zh: `未匹配：所需资金 ${zh(p.need, p.unit)}超过本批次全部资金（${zh(p.batch, p.unit)}），且只按剩余所需资金整体匹配（partial: false）。`,
  }),
  'matching-unfunded-priorities': (p: Money & { need: string; available: string; higher: readonly number[] }) => ({
    en: `unfunded: the batch went first to higher priority classes (${classesEn(p.higher)}, 三个优先); ${en(p.available, p.unit)} was left after them, less than its need of ${en(p.need, p.unit)}.`,
    zh: `未匹配：按“三个优先”原则，本批次资金先安排${classesZh(p.higher)}项目，之后仅剩 ${zh(p.available, p.unit)}，不足其所需 ${zh(p.need, p.unit)}。`,
  }),
  'matching-unfunded-did-not-fit': (p: Money & { need: string; available: string }) => ({
    en: `unfunded: of the ${en(p.available, p.unit)} left for its priority class, the projects of its class worth more (need × tilt for weak villages and key towns) were matched; its need of ${en(p.need, p.unit)} did not fit in what was left.`,
    zh: `未匹配：本优先级可用的 ${zh(p.available, p.unit)}优先安排给同级中效益更高（按薄弱村、重点帮扶镇倾斜计算）的项目，其所需 ${zh(p.need, p.unit)}超出剩余资金。`,
  }),
  'matching-unfunded-floor': (p: Money & { need: string; left: string; floor: string }) => ({
    en: `unfunded: the batch's industry floor of ${p.floor} (产业发展比例) holds it back: without the floor this non-industry project (need ${en(p.need, p.unit)}) would be matched, but what the batch pays to industry must be at least ${p.floor} of all it pays (${en(p.left, p.unit)} stay unmatched).`,
    zh: `未匹配：受本批次产业发展比例下限 ${p.floor} 约束：若无该下限，这一非产业项目（所需 ${zh(p.need, p.unit)}）本可匹配，但本批次用于产业项目的资金须不低于安排总额的 ${p.floor}（尚余 ${zh(p.left, p.unit)}未安排）。`,
  }),
  'matching-unfunded-equal-value': (p: Money & { need: string; partial: boolean; chosen: readonly string[] }) => ({
    en: p.partial
      ? `unfunded: an equally valued project was chosen (${p.chosen.join(', ')}: same priority class, same value per ${UNIT[p.unit]?.en ?? p.unit}); the tie-break gives such money to whole projects first, smaller needs first, then id order, and nothing was left for its need of ${en(p.need, p.unit)}.`
      : `unfunded: an equally valued project was chosen (${p.chosen.join(', ')}: same priority class, same value per ${UNIT[p.unit]?.en ?? p.unit}); with whole needs only, its need of ${en(p.need, p.unit)} did not fit beside it.`,
    zh: p.partial
      ? `未匹配：已选择效益相同的项目（${p.chosen.join('、')}：同一优先级、单位资金效益相同）；效益相同时按既定规则先足额安排项目，所需资金小者优先，再按项目编号顺序，其所需 ${zh(p.need, p.unit)}未获安排。`
      : `未匹配：已选择效益相同的项目（${p.chosen.join('、')}：同一优先级、单位资金效益相同）；只按剩余所需资金整体匹配，其所需 ${zh(p.need, p.unit)}无法同时安排。`,
  }),
  'matching-unfunded-solver': (p: { status: string }) => ({
    en: `unfunded: the optimizer stopped without a plan it could check (status ${p.status}, summary.solve), so nothing is matched; this is not a matter of time: the same request will not do better with a longer solver.timeLimitMs.`,
    zh: `未匹配：优化器未得到可验证的方案（状态 ${p.status}，见 summary.solve），因此未作任何安排；这与计算时间无关，加大 solver.timeLimitMs 也不会改变结果。`,
  }),
  'matching-unfunded-no-plan': () => ({
    en: 'unfunded: no plan was found in the time allowed (summary.solve.status); try again with a longer solver.timeLimitMs.',
    zh: '未匹配：在限定时间内未找到匹配方案（见 summary.solve.status）；请加大 solver.timeLimitMs 后重试。',
  }),
  'matching-held': (p: Money & { amount: string; threshold: string }) => ({
    en: `held until the joint drawing review (施工图联合审查): a project of ${en(p.amount, p.unit)} is at or above ${en(p.threshold, p.unit)}, and drawingReviewed is not true (耀州区案例 (二)一).`,
    zh: `暂缓匹配，待施工图联合审查：项目投资 ${zh(p.amount, p.unit)}达到 ${zh(p.threshold, p.unit)}，尚未通过施工图联合审查（耀州区案例 (二)一）。`,
  }),
  'matching-other-source': (p: { source: string; sourceZh: string; sources: readonly string[]; sourcesZh: readonly string[] }) => ({
    en: `excluded: the project may be paid only from ${p.sources.join(', ')}, not from this batch's source ${p.source}.`,
    zh: `不参与匹配：该项目资金来源限于${p.sourcesZh.map((s) => `“${s}”`).join('、')}，不含本批次资金来源“${p.sourceZh}”。`,
  }),
  'matching-not-yet-entered': (p: { enteredOn: string; date: string }) => ({
    en: `excluded: the project entered the library on ${p.enteredOn}, after the batch arrived (${p.date}); a batch pays only projects already in the library on its date.`,
    zh: `不参与匹配：该项目于 ${p.enteredOn} 入库，晚于本批次资金到位日期 ${p.date}；本批次只匹配到位之日已入库的项目。`,
  }),
  'matching-negative-list': (p: { item: string; itemZh: string; keyword?: string; field?: string }) => ({
    en: `excluded: the project is on the negative list (负面清单) as ${p.item}${p.keyword ? ` ("${p.keyword}" in its ${p.field})` : ' (its category)'}; bridging funds do not pay for it.`,
    zh: `不参与匹配：项目属于负面清单内容“${p.itemZh}”${p.keyword ? `（${p.field === 'name' ? '项目名称' : '建设内容'}含“${p.keyword}”）` : '（按项目类别）'}，衔接资金不予支持。`,
  }),
  'matching-no-need': (p: Money & { amount: string; arranged: string }) => ({
    en: `excluded: nothing is left to pay: ${en(p.arranged, p.unit)} already arranged of its ${en(p.amount, p.unit)}.`,
    zh: `不参与匹配：项目投资 ${zh(p.amount, p.unit)}已安排 ${zh(p.arranged, p.unit)}，无剩余所需资金。`,
  }),

  // ---- problems of a matching request
  'matching-too-fine': (p: { places: number; most: number }) => ({
    en: `an amount has ${p.places} decimals: matching works in whole units of at most ${p.most} decimals; round the amounts.`,
    zh: `金额有 ${p.places} 位小数：匹配按最多 ${p.most} 位小数计算，请先对金额取整。`,
  }),
  'matching-too-large': (p: { what: { en: string; zh: string }; shown: string; unit: string; most: string; granularity: string; granules: string }) => ({
    en: `${p.what.en} of ${en(p.shown, p.unit)} is beyond what matching computes exactly: it works in granules of ${en(p.granularity, p.unit)}, at most ${p.granules} of them, so an amount is at most ${en(p.most, p.unit)}.`,
    zh: `${p.what.zh} ${zh(p.shown, p.unit)}超出匹配可精确计算的范围：匹配以 ${zh(p.granularity, p.unit)}为最小单位，至多 ${p.granules} 个单位，即金额不超过 ${zh(p.most, p.unit)}。`,
  }),
  'matching-floor-out-of-range': (p: { shown: string }) => ({
    en: `floor ${JSON.stringify(p.shown)} is not a share from 0 to 1: write the industry floor of this batch as "0.6" or "60%", or null for none.`,
    zh: `floor ${JSON.stringify(p.shown)} 不是 0 到 1 之间的比例：本批次产业发展比例下限请写作 "0.6" 或 "60%"，不设下限请写 null。`,
  }),
  'matching-no-plan': (p: { year: number; years: readonly number[] }) => ({
    en: `the plan of ${p.year} is empty: no project of that year is planned or implementing. ${p.years.length > 0 ? `Years with a plan: ${p.years.join(', ')}.` : 'No year has a plan: give projects a year and the status planned.'}`,
    zh: `${p.year} 年度计划为空：没有该年度处于“计划”或“实施”状态的项目。${p.years.length > 0 ? `有计划的年度：${p.years.join('、')}。` : '没有任何年度的计划：请为项目填写计划年度并将状态设为“计划”。'}`,
  }),
  'matching-duplicate-project': (p: { id: string; first: string }) => ({
    en: `project id ${JSON.stringify(p.id)} appears twice (first at ${p.first}): each project is matched once.`,
    zh: `项目编号 ${JSON.stringify(p.id)} 重复出现（首次在 ${p.first}）：每个项目只能匹配一次。`,
  }),
  'matching-year-query': () => ({
    en: 'year must be a plan year from 2000 to 2100 (?year=2025).',
    zh: 'year 须为 2000 至 2100 之间的计划年度（如 ?year=2025）。',
  }),
  'matching-unit-of-library': (p: { unit: string; library: string }) => ({
    en: `unit ${p.unit} does not apply to a stored library: its amounts are in ${p.library}; leave unit out (it is for inline projects).`,
    zh: `unit ${p.unit}（${UNIT[p.unit]?.zh ?? p.unit}）不适用于已保存的项目库：其金额单位为${UNIT[p.library]?.zh ?? p.library}；请去掉 unit（仅用于直接提交的项目）。`,
  }),
} satisfies Catalogue;
