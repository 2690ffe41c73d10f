/** Messages every route may give: the request as a whole, decimals, shares, ids, query options. */
import type { Catalogue } from './catalogue.js';

export const COMMON = {
  'unknown-model': (p: { kind: string; id: string; known: string }) => ({
    en: `no ${p.kind} model "${p.id}"; the built-in ones are ${p.known} (GET /v1/models?kind=${p.kind}), or send the model inline.`,
    zh: `没有 id 为 "${p.id}" 的${p.kind}模型；内置模型为 ${p.known}（GET /v1/models?kind=${p.kind}），也可直接在请求中提供模型。`,
  }),

  // ── query options (src/api/queryOptions.ts) ──
  'unknown-query-parameter': (p: { name: string; accepted: readonly string[] }) => ({
    en: `unknown query parameter "?${p.name}"; this route accepts ${p.accepted.map((k) => `?${k}`).join(', ')}.`,
    zh: `未知查询参数 "?${p.name}"；本接口只接受 ${p.accepted.map((k) => `?${k}`).join('、')}。`,
  }),
  'no-trace': () => ({
    en: 'this route has no trace to explain its answer; drop ?explain (its rows already say how each value was found).',
    zh: '本接口没有可展示的计算过程；请去掉 ?explain（各行已说明每个数值的由来）。',
  }),
  'no-trace-for-kind': (p: { en: string; zh: string }) => ({
    en: `${p.en} has no trace; drop ?explain (the trace is given for regions solved by the direct method).`,
    zh: `${p.zh}没有计算过程；请去掉 ?explain（计算过程仅用于按直接法求解的地区分配）。`,
  }),
  'trace-json-only': (p: { format: string }) => ({
    en: `the trace is JSON only: drop ?explain or ask for format=json (format=${p.format} gives the rows without it).`,
    zh: `计算过程仅以 JSON 提供：请去掉 ?explain，或使用 format=json（format=${p.format} 只给出数据行）。`,
  }),
  'table-needs-csv': () => ({
    en: '?table picks the table for format=csv or tsv; JSON holds every table: add format=csv or drop ?table.',
    zh: '?table 用于选择 format=csv 或 tsv 导出的表；JSON 已包含全部表：请加上 format=csv 或去掉 ?table。',
  }),
  'region-needs-explain': () => ({
    en: '?region narrows the trace to one region: add explain=true (or drop ?region).',
    zh: '?region 用于只查看一个地区的计算过程：请加上 explain=true（或去掉 ?region）。',
  }),
  'unknown-region': (p: { id: string; known?: string }) => ({
    en: `no region "${p.id}" in this request${p.known ? `; its regions are ${p.known}` : ''}: give the id of one of the request's regions.`,
    zh: `本请求中没有地区 "${p.id}"${p.known ? `（请求中的地区为 ${p.known}）` : ''}：请填写请求中某个地区的编号。`,
  }),
} satisfies Catalogue;
