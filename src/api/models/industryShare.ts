/**
 * The industry-share floors (产业发展比例下限) as a model of kind "industry-share" (models/industry-share/*.json):
 * the central floor's start, start year and yearly step, the provincial base floor. The engine knows no
 * policy number; POST /v1/checks/industry-share reads them from the model it names (default "sichuan"),
 * after the request's overrides. The shapes live in src/schema/industryShare.ts.
 */
import { ratio } from '../../core/rational.js';
import type { IndustrySharePolicy } from '../../core/shares.js';
import { IndustryShareModelFile, type IndustryShareModelData } from '../../schema/industryShare.js';

export { IndustryShareModelFile, type IndustryShareModelData };

export function industrySharePolicyOf(model: IndustryShareModelData): IndustrySharePolicy {
  const c = model.central;
  return {
    central: { start: ratio(c.start), startYear: c.startYear, step: ratio(c.step), ...(c.cap !== undefined ? { cap: ratio(c.cap) } : {}) },
    provincial: ratio(model.provincial.floor),
  };
}
