/** Messages of POST /v1/monitoring: the monitoring model, the regions' series, the previous report, the projects. */
import type { Catalogue } from './catalogue.js';

export const MONITORING = {
  'monitoring-milestones-out-of-order': (p: { month: number; before: number }) => ({
    en: `milestones must be listed by month, each month once: month ${p.month} comes after month ${p.before}.`,
    zh: `序时进度须按月份先后排列且每月只出现一次：第 ${p.month} 月排在第 ${p.before} 月之后。`,
  }),
  'monitoring-milestones-falling': (p: { month: number; before: number }) => ({
    en: `milestones are cumulative and cannot fall: month ${p.month}'s target is below month ${p.before}'s.`,
    zh: `序时进度为累计进度，不能下降：第 ${p.month} 月的目标低于第 ${p.before} 月。`,
  }),
  'monitoring-allocated-missing': () => ({
    en: "the model measures progress against the year's allocated funds: give the region's allocated amount.",
    zh: '该模型以全年下达资金为支出进度的分母：请填写该地区的全年下达资金。',
  }),
  'monitoring-month-twice': (p: { month: number }) => ({
    en: `month ${p.month} is given twice.`,
    zh: `第 ${p.month} 月重复出现。`,
  }),
  'monitoring-months-out-of-order': (p: { month: number; before: number }) => ({
    en: `list the months in order: month ${p.month} comes after month ${p.before}.`,
    zh: `请按月份先后排列：第 ${p.month} 月排在第 ${p.before} 月之后。`,
  }),
  'monitoring-month-after-report': (p: { month: number; report: number }) => ({
    en: `month ${p.month} is after the report month ${p.report}; leave later months out.`,
    zh: `第 ${p.month} 月晚于报告月份第 ${p.report} 月，请删除报告月份之后的数据。`,
  }),
  'monitoring-spent-above-in-place': (p: { month: number; spent: string | number; inPlace: string | number }) => ({
    en: `spent (${p.spent}) is more than the funds in place (${p.inPlace}) at the end of month ${p.month}; money cannot be spent before it arrives.`,
    zh: `第 ${p.month} 月末支出（${p.spent}）大于到位资金（${p.inPlace}）；资金到位前不能支出。`,
  }),
  'monitoring-own-above-in-place': (p: { ownInPlace: string | number; inPlace: string | number }) => ({
    en: `own funds in place (${p.ownInPlace}) are part of the funds in place (${p.inPlace}) and cannot exceed them.`,
    zh: `本级到位资金（${p.ownInPlace}）是到位资金（${p.inPlace}）的一部分，不能大于后者。`,
  }),
  'monitoring-spent-falling': (p: { month: number; before: number }) => ({
    en: `figures are cumulative from January: spent cannot fall from month ${p.before} to month ${p.month} (was this a monthly figure?).`,
    zh: `数据为自1月起的累计数：支出不能从第 ${p.before} 月到第 ${p.month} 月减少（是否填写了当月数？）。`,
  }),
  'monitoring-report-month-missing': (p: { month: number }) => ({
    en: `no figures for the report month ${p.month}; add them.`,
    zh: `缺少报告月份第 ${p.month} 月的数据，请补充。`,
  }),
  'monitoring-previous-not-before': (p: { month: number }) => ({
    en: `the previous report must come before the report month ${p.month}.`,
    zh: `上一次排位的月份须早于报告月份第 ${p.month} 月。`,
  }),
  'monitoring-nothing-to-monitor': () => ({
    en: 'give regions, projects, or both.',
    zh: '请提供地区（regions）、项目（projects）或二者。',
  }),
  'monitoring-date-invalid': () => ({
    en: 'must be a calendar date written YYYY-MM-DD, e.g. "2024-06-30".',
    zh: '必须是 YYYY-MM-DD 格式的有效日期，如 "2024-06-30"。',
  }),
  'monitoring-date-after-report': (p: { date: string }) => ({
    en: `${p.date} is after the report date; the report cannot know it yet.`,
    zh: `${p.date} 晚于报告日期，报告时尚不可知。`,
  }),
} satisfies Catalogue;
