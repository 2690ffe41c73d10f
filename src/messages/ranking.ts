/** Messages of POST /v1/rankings and the points models (models/points/): references, dates, kinds. */
import type { Catalogue } from './catalogue.js';

export const RANKING = {
  'ranking-points-not-decimal': (p: { given: string }) => ({
    en: `points must be a decimal number like -2 or "1.5", got ${p.given}.`,
    zh: `分值必须是数字，如 -2 或 "1.5"，实际为 ${p.given}。`,
  }),
  'ranking-points-missing': (p: { kind: string }) => ({
    en: `kind "${p.kind}" has no standard points in the model; give this event its points.`,
    zh: `模型未规定 "${p.kind}" 类事项的分值；请为该事项填写分值。`,
  }),
  'ranking-date-and-period': () => ({ en: 'give "date" or "period", not both.', zh: '"date" 与 "period" 只能填写一个。' }),
  'ranking-event-undated': (p: { from: string; to: string }) => ({
    en: `the request covers ${p.from} to ${p.to}; date this event ("date" or "period") so it can be counted.`,
    zh: `请求的计分期间为 ${p.from} 至 ${p.to}；请为该事项填写 "date" 或 "period"。`,
  }),
  'ranking-date-invalid': (p: { text: string }) => ({
    en: `"${p.text}" is not a date; write YYYY-MM-DD, e.g. "2024-05-15".`,
    zh: `"${p.text}" 不是有效日期；请写作 YYYY-MM-DD，如 "2024-05-15"。`,
  }),
  'ranking-period-invalid': (p: { text: string; forms: string }) => ({
    en: `"${p.text}" is not a period; write ${p.forms}.`,
    zh: `"${p.text}" 不是有效期间；请写作 "2024"（年）、"2024-H1"（半年）、"2024-Q2"（季度）或 "2024-05"（月）。`,
  }),
  'ranking-event-outside-period': (p: { text: string; from: string; to: string }) => ({
    en: `${p.text} is outside the request's period ${p.from} to ${p.to}; leave the event out or widen "period".`,
    zh: `${p.text} 不在请求的计分期间 ${p.from} 至 ${p.to} 内；请删除该事项或放宽 "period"。`,
  }),
  'ranking-kind-bounds-reversed': () => ({ en: '"minimum" is larger than "maximum".', zh: '"minimum" 大于 "maximum"。' }),
  'ranking-model-id-format': () => ({
    en: 'use lowercase letters, digits and hyphens, e.g. "sichuan-county-points".',
    zh: '只能使用小写字母、数字和连字符，例如 "sichuan-county-points"。',
  }),
  'ranking-date-format': () => ({ en: 'must be a date written YYYY-MM-DD, e.g. "2024-05-15".', zh: '必须是 YYYY-MM-DD 格式的有效日期，如 "2024-05-15"。' }),
  'ranking-period-format': (p: { forms: string }) => ({
    en: `must be a period: ${p.forms}.`,
    zh: '必须是期间："2024"（年）、"2024-H1"（半年）、"2024-Q2"（季度）或 "2024-05"（月）。',
  }),
  'ranking-regions-empty': () => ({ en: 'give at least one region.', zh: '请至少提供一个地区。' }),
  'ranking-regions-too-many': (p: { max: number }) => ({ en: `at most ${p.max} regions per request.`, zh: `每次请求最多 ${p.max} 个地区。` }),
  'ranking-events-too-many': (p: { max: number }) => ({ en: `at most ${p.max} events per request.`, zh: `每次请求最多 ${p.max} 条计分事项。` }),
  'ranking-period-reversed': (p: { from: string; to: string }) => ({
    en: `ends (${p.to}) before it starts (${p.from}).`,
    zh: `结束日期 ${p.to} 早于开始日期 ${p.from}。`,
  }),
} satisfies Catalogue;
