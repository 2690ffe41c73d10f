/** POST /v1/checks/industry-share: the validated body handed to the engine, and the answer as a table. */
import { checkIndustryShare, type IndustryCheckResult } from '../../domain/industry-share/check.js';
import type { Unit } from '../../core/money.js';
import type { IndustryCheckRequestBody } from '../../schema/industryShare.js';
import { DEFAULT_INDUSTRY_SHARE_MODEL, industryShareModel } from '../models/catalog.js';

/** The floors a request does not give are the industry-share model's (models/industry-share/). */
const policy = industryShareModel(DEFAULT_INDUSTRY_SHARE_MODEL)!.policy;

export function runIndustryCheck(body: IndustryCheckRequestBody): IndustryCheckResult {
  return checkIndustryShare({ ...body, unit: body.unit as Unit, basis: body.basis ?? 'planned' }, policy);
}

/** One row per source, then "all". */
export function industryCheckTable(result: IndustryCheckResult): string[][] {
  const header = ['source', 'name', 'industry', 'base', 'sharePercent', 'floorPercent', 'pass', 'marginPoints', 'gap', 'share', 'floorFrom'];
  return [
    header,
    ...[...result.sources, result.all].map((s) => [
      s.id,
      s.name ?? '',
      s.industry,
      s.base,
      s.sharePercent ?? '',
      s.floorPercent ?? '',
      s.pass === null ? '' : String(s.pass),
      s.marginPoints ?? '',
      s.gap ?? '',
      s.share ?? '',
      s.floorFrom ?? '',
    ]),
  ];
}
