/**
 * Schemas of POST /v1/checks/industry-share and of the industry-share models in models/industry-share/;
 * cross-field rules (known sources and categories, a category not both industry and excluded) are the engine's
 * (src/domain/industry-share/check.ts), with the same pointers.
 */
import { z } from '@hono/zod-openapi';
import {
  bilingual,
  envelope,
  Fraction,
  Id,
  modelMetadata,
  Name,
  NonNegativeDecimal,
  optionalMetadata,
  PercentOut,
  plainText,
  ShareOut,
  Unit,
} from './common.js';

export const MAX_CHECK_SOURCES = 20;
export const MAX_CHECK_CATEGORIES = 200;

const industryShareFields = {
  ...modelMetadata,
  central: z
    .object({
      start: Fraction.openapi({ description: 'The floor in startYear.', example: '0.6' }),
      startYear: z.number().int().min(2000).max(2100).openapi({ description: 'No central floor before it.', example: 2023 }),
      step: Fraction.openapi({ description: 'How much it rises each year after.', example: '0.01' }),
      cap: Fraction.optional().openapi({ description: 'It never rises above this (default 1).' }),
      source: z.string().max(300).optional(),
    })
    .strict()
    .openapi({ description: 'Central funds: the floor in startYear, rising by step each year after, never above cap (default 1).' }),
  provincial: z
    .object({ floor: Fraction.openapi({ example: '0.5' }), source: z.string().max(300).optional() })
    .strict()
    .openapi({ description: "Provincial funds' base floor; a source's lastYearShare above it replaces it." }),
};

/** A file in models/industry-share/: the floors that apply where a request's source gives none. */
export const IndustryShareModelFile = z.object(industryShareFields).strict().openapi('IndustryShareModel');

/** The same model sent inline, metadata optional. */
export const InlineIndustryShareModel = z
  .object({ ...industryShareFields, ...optionalMetadata(industryShareFields) })
  .strict()
  .openapi('InlineIndustryShareModel');

export type IndustryShareModelData = z.infer<typeof InlineIndustryShareModel>;

export const IndustryCheckRequest = z
  .object({
    model: z
      .union([
        plainText(64, 1).openapi({ description: 'Id of an industry-share model in models/industry-share/.', example: 'sichuan' }),
        InlineIndustryShareModel,
      ])
      .optional()
      .openapi({ description: 'The floors: a built-in industry-share model (default "sichuan", GET /v1/models?kind=industry-share) or an inline one.' }),
    overrides: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({
        description:
          'Changes to the model: a JSON merge patch (RFC 7396) applied before anything is computed, the result checked like a whole model (problems named under /overrides), e.g. {"central": {"step": "0.01"}} or {"provincial": {"floor": "55%"}}.',
        example: { central: { step: '0.01' } },
      }),
    year: z.number().int().min(2000).max(2100).openapi({ description: 'The year the floors apply to (the central floor rises by year).', example: 2023 }),
    unit: Unit,
    basis: z.enum(['planned', 'actual']).optional().openapi({ description: 'What the amounts are: planned (下达/计划, default) or actual.' }),
    industryCategories: z.array(Id).min(1).max(50).optional().openapi({ description: 'Categories that count as industry (default ["industry"]).' }),
    excludedCategories: z
      .array(Id)
      .max(50)
      .optional()
      .openapi({ description: "Categories left out of the share's denominator (e.g. 以工代赈, the management fee); default none." }),
    combinedFloor: Fraction.optional().openapi({ description: 'A floor for all sources together (none by default).' }),
    sources: z
      .array(
        z
          .object({
            id: Id.openapi({ description: 'central and provincial get their policy floors; other sources a floor only when given.', example: 'central' }),
            name: Name.optional(),
            floor: Fraction.optional().openapi({ description: "This source's floor; replaces its policy floor.", example: '0.6' }),
            lastYearShare: Fraction.optional().openapi({
              description: "Provincial funds: last year's industry share (the floor is not below it).",
              example: '0.52',
            }),
          })
          .strict(),
      )
      .min(1, bilingual('give at least one fund source.', '请至少提供一个资金来源。'))
      .max(MAX_CHECK_SOURCES),
    categories: z
      .array(
        z
          .object({
            id: Id.openapi({ example: 'industry' }),
            name: Name.optional().openapi({ example: '产业项目' }),
            amounts: z.record(Id, NonNegativeDecimal).openapi({ description: 'Amount by source id.', example: { central: '278.00', provincial: '307.00' } }),
          })
          .strict(),
      )
      .min(1, bilingual('give at least one category.', '请至少提供一个支出类别。'))
      .max(MAX_CHECK_CATEGORIES),
  })
  .strict()
  .openapi('IndustryCheckRequest', {
    example: {
      year: 2023,
      unit: 'wan',
      sources: [{ id: 'central' }, { id: 'provincial' }, { id: 'district', name: '区级配套' }],
      categories: [
        { id: 'industry', name: '产业项目', amounts: { central: '278.00', provincial: '307.00' } },
        { id: 'infrastructure', name: '村基础设施', amounts: { central: '186.00', provincial: '42.00', district: '185.00' } },
        { id: 'education', name: '教育扶贫', amounts: { central: '8.00' } },
        { id: 'finance', name: '金融扶贫', amounts: { central: '8.00', provincial: '2.00' } },
        { id: 'management', name: '项目管理', amounts: { central: '3.00' } },
        { id: 'welfare', name: '综合保障', amounts: { district: '115.00' } },
      ],
    },
  });

const Reason = z.object({ en: z.string(), zh: z.string() }).openapi({
  description: 'Pass or fail, by how many points and how much money, in English and Chinese.',
  example: {
    en: 'central funds: 278.00 of 483.00 万元 to industry = 57.56%, below the 60% floor by 2.44 points: 11.80 万元 more for industry (from other uses) would meet it.',
    zh: '中央资金：产业发展 278.00 / 483.00 万元 = 57.56%，低于 60% 的下限 2.44 个百分点：需从其他用途调整 11.80 万元用于产业发展方可达标。',
  },
});

const ON_ITS_SIDE =
  'Where rounding would put it onto or across the floor pass/fail was decided at, it has more decimals, as many as it takes to stay on its side (0.59998 against 60%: "59.998%", fail).';

const ShareCheck = z
  .object({
    id: z.string().openapi({ description: 'The source id; "all" for all sources together.' }),
    name: z.string().optional(),
    industry: z.string().openapi({ description: 'Σ amounts in industry categories, in the unit.', example: '278.00' }),
    base: z.string().openapi({ description: 'Σ amounts counted in the base (every category not excluded), in the unit.', example: '483.00' }),
    share: ShareOut.nullable().openapi({ description: `industry ÷ base, 12 decimals; null when the base is 0. ${ON_ITS_SIDE}` }),
    sharePercent: PercentOut.nullable().openapi({ description: `share as a percentage, 2 decimals and %. ${ON_ITS_SIDE}`, example: '57.56%' }),
    floor: ShareOut.nullable().openapi({ description: 'The floor, a fraction with 12 decimals; null when none applies.', example: '0.600000000000' }),
    floorPercent: PercentOut.nullable().openapi({ example: '60.00%' }),
    floorFrom: z.enum(['given', 'centralPolicy', 'provincialBase', 'provincialLastYear']).nullable(),
    pass: z.boolean().nullable().openapi({ description: 'share ≥ floor, exactly; null without a floor.' }),
    marginPoints: z
      .string()
      .nullable()
      .openapi({ description: `share − floor in percentage points, no sign (negative: below). ${ON_ITS_SIDE}`, example: '-2.44' }),
    gap: z.string().nullable().openapi({ description: 'industry − floor × base: above (+) or short of (−) the floor, in the unit.', example: '-11.80' }),
    reason: Reason,
  })
  .openapi('IndustryShareRow');

export const IndustryCheckSummary = z
  .object({
    year: z.number().int().openapi({ description: 'The year the floors apply to.' }),
    passed: z.boolean().openapi({ description: 'Every floor that applies is met.' }),
    all: ShareCheck.openapi({ description: 'All sources together (against combinedFloor, when given).' }),
  })
  .openapi('IndustryCheckSummary');

export const IndustryCheckResponse = envelope({
  summary: IndustryCheckSummary,
  row: ShareCheck,
  extra: {
    rule: z
      .object({ industryCategories: z.array(z.string()), excludedCategories: z.array(z.string()) })
      .openapi({ description: 'What counts as industry, and what is left out of the base.' }),
    basis: z.enum(['planned', 'actual']).openapi({ description: 'What the amounts are: planned (下达/计划) or actual.' }),
  },
}).openapi('IndustryCheckResponse');

export type IndustryCheckRequestBody = z.infer<typeof IndustryCheckRequest>;
