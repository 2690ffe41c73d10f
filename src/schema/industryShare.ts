/**
 * Schemas of POST /v1/checks/industry-share; cross-field rules (known sources and categories, a category
 * not both industry and excluded) are the engine's (src/domain/industry-share/check.ts), with the same pointers.
 */
import { z } from '@hono/zod-openapi';
import { bilingual, Fraction, Id, Name, NonNegativeDecimal, Unit } from './common.js';

export const MAX_CHECK_SOURCES = 20;
export const MAX_CHECK_CATEGORIES = 200;

export const IndustryCheckRequest = z
  .object({
    year: z.number().int().min(2000).max(2100).openapi({ description: 'The year the floors apply to (the central floor rises by year).', example: 2023 }),
    unit: Unit,
    basis: z.enum(['planned', 'actual']).optional().openapi({ description: 'What the amounts are: planned (下达/计划, default) or actual.' }),
    industryCategories: z.array(Id).min(1).max(50).optional().openapi({ description: 'Categories that count as industry (default ["industry"]).' }),
    excludedCategories: z
      .array(Id)
      .max(50)
      .optional()
      .openapi({ description: "Categories left out of the share's denominator (e.g. 以工代赈, the management fee); default none." }),
    centralFloor: z
      .object({
        start: Fraction.optional().openapi({ description: 'The floor in the first year (default 0.6).' }),
        startYear: z.number().int().min(2000).max(2100).optional().openapi({ description: 'Default 2023; no central floor before it.' }),
        step: Fraction.optional().openapi({ description: 'How much it rises each year after (default 0: the seed says "rising" without a number).', example: '0.01' }),
        cap: Fraction.optional().openapi({ description: 'It never rises above this (default 1).' }),
      })
      .strict()
      .optional()
      .openapi({ description: 'Central funds: ≥ 60% from 2023, rising each year (seed 003 §二1).' }),
    provincialFloor: Fraction.optional().openapi({ description: "Provincial funds' base floor (default 0.5); never below the source's lastYearShare.", example: '0.5' }),
    combinedFloor: Fraction.optional().openapi({ description: 'A floor for all sources together (none by default).' }),
    sources: z
      .array(
        z
          .object({
            id: Id.openapi({ description: 'central and provincial get their policy floors; other sources a floor only when given.', example: 'central' }),
            name: Name.optional(),
            floor: Fraction.optional().openapi({ description: 'This source\'s floor; replaces its policy floor.', example: '0.6' }),
            lastYearShare: Fraction.optional().openapi({ description: "Provincial funds: last year's industry share (the floor is not below it).", example: '0.52' }),
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


const ShareCheck = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    industry: z.string(),
    base: z.string(),
    share: z.string().nullable(),
    sharePercent: z.string().nullable().openapi({ example: '57.56' }),
    floor: z.string().nullable(),
    floorPercent: z.string().nullable(),
    floorFrom: z.enum(['given', 'centralPolicy', 'provincialBase', 'provincialLastYear']).nullable(),
    pass: z.boolean().nullable(),
    marginPoints: z.string().nullable().openapi({ description: 'share − floor, percentage points.', example: '-2.44' }),
    gap: z.string().nullable().openapi({ description: 'industry − floor × base: above (+) or short of (−) the floor, in the unit.', example: '-11.80' }),
    en: z.string(),
    zh: z.string(),
  })
  .openapi('IndustryShareCheck');

export const IndustryCheckResponse = z
  .object({
    year: z.number().int(),
    unit: Unit,
    basis: z.enum(['planned', 'actual']),
    rule: z.object({ industryCategories: z.array(z.string()), excludedCategories: z.array(z.string()) }),
    sources: z.array(ShareCheck),
    all: ShareCheck,
    passed: z.boolean(),
  })
  .openapi('IndustryCheckResponse');

export type IndustryCheckRequestBody = z.infer<typeof IndustryCheckRequest>;
