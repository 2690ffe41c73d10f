/**
 * The industry-share floors (产业发展比例下限) as a model of kind "industry-share" (models/industry-share/*.json):
 * the central floor's start, start year and yearly step, the provincial base floor. The engine knows no
 * policy number; POST /v1/checks/industry-share reads them from here unless the request gives its own.
 */
import { z } from '@hono/zod-openapi';
import { ratio } from '../../core/rational.js';
import type { IndustrySharePolicy } from '../../core/shares.js';
import { Fraction, Id, plainText, Source, Text } from '../../schema/common.js';

export const IndustryShareModelFile = z
  .object({
    id: Id,
    version: plainText(50, 1),
    title: Text,
    jurisdiction: plainText(200, 1),
    year: z.number().int().min(2000).max(2100),
    description: z.string().max(5000).optional(),
    sources: z.array(Source).min(1).max(50),
    central: z
      .object({
        start: Fraction,
        startYear: z.number().int().min(2000).max(2100),
        step: Fraction,
        cap: Fraction.optional(),
        source: z.string().max(300).optional(),
      })
      .strict()
      .openapi({ description: 'Central funds: the floor in startYear, rising by step each year after, never above cap (default 1).' }),
    provincial: z
      .object({ floor: Fraction, source: z.string().max(300).optional() })
      .strict()
      .openapi({ description: "Provincial funds' base floor; a source's lastYearShare above it replaces it." }),
  })
  .strict()
  .openapi('IndustryShareModel');

export type IndustryShareModelData = z.infer<typeof IndustryShareModelFile>;

export function industrySharePolicyOf(model: IndustryShareModelData): IndustrySharePolicy {
  const c = model.central;
  return {
    central: { start: ratio(c.start), startYear: c.startYear, step: ratio(c.step), ...(c.cap !== undefined ? { cap: ratio(c.cap) } : {}) },
    provincial: ratio(model.provincial.floor),
  };
}
