/** Messages of POST /v1/checks/industry-share: sources, categories and the rule that counts them. */
import type { Catalogue } from './catalogue.js';

export const INDUSTRY_SHARE = {
  'industry-share-source-all': () => ({
    en: '"all" names all sources together in the answer; use another id.',
    zh: '"all" 在结果中表示全部资金合计，请改用其他编号。',
  }),
  'industry-share-last-year-not-provincial': () => ({
    en: 'last year\'s share sets the floor of provincial funds only ("not below last year"); give "floor" for this source.',
    zh: '上年度占比只用于省级资金的下限（"不低于上年度占比"）；其他来源请填写 "floor"。',
  }),
  'industry-share-category-conflict': (p: { category: string }) => ({
    en: `"${p.category}" is both an industry category and excluded from the base; a category is one or the other.`,
    zh: `"${p.category}" 既是产业类别又被排除在分母之外，二者只能选其一。`,
  }),
} satisfies Catalogue;
