/** Messages every route may give: the request as a whole, decimals, shares, ids, query options. */
import type { Catalogue } from './catalogue.js';

export const COMMON = {
  'unknown-model': (p: { kind: string; id: string; known: string }) => ({
    en: `no ${p.kind} model "${p.id}"; the built-in ones are ${p.known} (GET /v1/models?kind=${p.kind}), or send the model inline.`,
    zh: `没有 id 为 "${p.id}" 的${p.kind}模型；内置模型为 ${p.known}（GET /v1/models?kind=${p.kind}），也可直接在请求中提供模型。`,
  }),
} satisfies Catalogue;
