/**
 * Messages of the project library's own rules (src/domain/projects/): a project's words checked against the
 * project-rules model (categories, fund sources, purposes), status moves, and the entry review (入库审查).
 * The library routes (messages/libraries.ts), the checks (messages/projectChecks.ts) and matching
 * (messages/matching.ts) have their own parts.
 */
import type { Catalogue } from './catalogue.js';

const quote = (v: unknown) => JSON.stringify(String(v));
const STATUS_ZH: Record<string, string> = { reserve: '储备', planned: '计划', implementing: '实施', completed: '完工', removed: '移出' };
const st = (s: string) => `${s} (${STATUS_ZH[s] ?? s})`;
const stZh = (s: string) => `${STATUS_ZH[s] ?? s}（${s}）`;

/** A word of the model as a county writes it, with the id the service keeps: "中央衔接资金 (central)". */
export type Named = string | { readonly id: string; readonly zh: string };
const namedEn = (known: readonly Named[]) => known.map((k) => (typeof k === 'string' ? k : `${k.zh} (${k.id})`)).join(', ');
const namedZh = (known: readonly Named[]) => known.map((k) => (typeof k === 'string' ? k : `${k.zh}（${k.id}）`)).join('、');

export const PROJECTS = {
  'project-unknown-category': (p: { shown: string; known: readonly Named[] }) => ({
    en: `${quote(p.shown)} is not a category of this library's model: use one of ${namedEn(p.known)} (the Chinese name or the id).`,
    zh: `${quote(p.shown)} 不是本项目库规则中的项目类别：请使用 ${namedZh(p.known)} 之一（中文名称或代码均可）。`,
  }),
  'unknown-fund-source': (p: { shown: string; known: readonly Named[] }) => ({
    en: `${quote(p.shown)} is not a fund source of this library's model: use one of ${namedEn(p.known)}.`,
    zh: `${quote(p.shown)} 不是本项目库规则中的资金来源：请使用 ${namedZh(p.known)} 之一。`,
  }),
  'project-unknown-purpose': (p: { shown: string; known: readonly Named[] }) => ({
    en: `${quote(p.shown)} is not a purpose of this library's model: use one of ${namedEn(p.known)} (the Chinese name or the id).`,
    zh: `${quote(p.shown)} 不是本项目库规则中的项目用途：请使用 ${namedZh(p.known)} 之一（中文名称或代码均可）。`,
  }),
  'status-jump': (p: { from: string; to: string; next: readonly string[] }) => ({
    en: `a project cannot go from ${st(p.from)} to ${st(p.to)}: from ${st(p.from)} it goes to ${p.next.length ? p.next.map(st).join(' or ') : 'nothing (it is final)'}; move it one step at a time.`,
    zh: `项目不能从${stZh(p.from)}直接变为${stZh(p.to)}：${stZh(p.from)}之后只能变为${p.next.length ? p.next.map(stZh).join('或') : '（已是最终状态，不能再变）'}；请逐步变更。`,
  }),
  'status-needs-year': (p: { status: string }) => ({
    en: `a project in status ${st(p.status)} needs its plan year (year): give the year of the annual plan it is in.`,
    zh: `状态为${stZh(p.status)}的项目须填写计划年度（year）：请填写其所在年度实施计划的年份。`,
  }),
  'status-needs-date': (p: { status: string; field: string }) => ({
    en: `a project in status ${st(p.status)} needs ${p.field} (YYYY-MM-DD).`,
    zh: `状态为${stZh(p.status)}的项目须填写 ${p.field}（YYYY-MM-DD）。`,
  }),
  'dates-out-of-order': (p: { earlier: string; later: string }) => ({
    en: `${p.later} is before ${p.earlier}: a project enters the library, starts and completes in that order.`,
    zh: `${p.later} 早于 ${p.earlier}：项目须先入库、再开工、后完工。`,
  }),
  'arranged-above-amount': (p: { arranged: string; amount: string }) => ({
    en: `arranged (${p.arranged}) is more than the project's amount (${p.amount}): a project is never arranged more than it costs.`,
    zh: `已安排资金（${p.arranged}）超过项目计划投资（${p.amount}）：安排给项目的资金不能超过其投资额。`,
  }),
  'entry-no-targets': () => ({
    en: 'refused entry: the project has no performance targets (绩效目标); give at least one output and one effect indicator with a value and unit (a project without targets may not enter the library, 武汉财政局报告 §二(三); 质效双提方案 §二8).',
    zh: '不予入库：项目未设置绩效目标；请至少填写一个产出指标和一个效益指标（含数值和单位）（未设定绩效目标的项目不得纳入项目库，武汉财政局报告 §二(三)；质效双提方案 §二8）。',
  }),
  'entry-no-feasibility': () => ({
    en: 'refused entry: no feasibility review (评估论证) was done; a project is reviewed for necessity, feasibility and benefit before it enters (质效双提方案 §二7: 未进行评估论证的项目不得开展项目入库).',
    zh: '不予入库：未开展评估论证；项目入库前须对必要性、可行性、受益性等进行评估论证（质效双提方案 §二7：未进行评估论证的项目不得开展项目入库）。',
  }),
  'entry-no-linkage': () => ({
    en: 'refused entry: no benefit-linkage mechanism (利益联结机制); say how farmers and the village share in the project (质效双提方案 §二8).',
    zh: '不予入库：未建立利益联结机制；请写明农户和村集体如何从项目中受益（质效双提方案 §二8）。',
  }),
  'entry-negative-list': (p: { item: string; itemZh: string; keyword?: string; field?: string }) => ({
    en: `refused entry: the project is on the negative list (负面清单) as ${p.item}${p.keyword ? ` ("${p.keyword}" in its ${p.field})` : ' (its category)'}; bridging funds do not pay for it (质效双提方案 §二8).`,
    zh: `不予入库：项目属于负面清单内容“${p.itemZh}”${p.keyword ? `（${p.field === 'name' ? '项目名称' : '建设内容'}含“${p.keyword}”）` : '（按项目类别）'}，衔接资金不予支持（质效双提方案 §二8）。`,
  }),
  'entry-unrelated': (p: { purpose: string; purposeZh: string }) => ({
    en: `refused entry: the project's purpose is ${p.purposeZh} (${p.purpose}), unrelated to consolidating poverty-alleviation results and rural revitalization (质效双提方案 §二8).`,
    zh: `不予入库：项目用途为“${p.purposeZh}”，与巩固拓展脱贫攻坚成果和衔接推进乡村振兴无关（质效双提方案 §二8）。`,
  }),
} satisfies Catalogue;
