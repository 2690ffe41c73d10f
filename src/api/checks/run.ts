/**
 * POST /v1/checks/industry-share between schema and engine: the industry-share model resolved (a built-in one
 * of models/industry-share/ or inline, then the request's `overrides`, a JSON merge patch checked like a whole
 * model), the request handed to the domain (src/domain/industry-share/), and the answer mapped onto the one
 * envelope and its table.
 */
import { EngineError } from '../../core/errors.js';
import type { Unit } from '../../core/money.js';
import { checkIndustryShare, type IndustryCheckResult, type ShareCheck } from '../../domain/industry-share/check.js';
import { issue } from '../../messages/index.js';
import { DEFAULT_INDUSTRY_SHARE_MODEL, industryShareModel, listModels } from '../models/catalog.js';
import { industrySharePolicyOf, type IndustryShareModelData } from '../models/industryShare.js';
import type { ModelUsed } from '../provenance.js';
import { withOverrides } from '../overrides.js';
import type { Answer, Column, Table } from '../respond.js';
import { InlineIndustryShareModel, type IndustryCheckRequestBody } from '../../schema/industryShare.js';

/** The model as used: found or inline, then overridden (checked like a whole model, problems under /overrides). */
export function industryShareModelOf(body: IndustryCheckRequestBody): IndustryShareModelData {
  const ref = body.model ?? DEFAULT_INDUSTRY_SHARE_MODEL;
  let model: IndustryShareModelData;
  if (typeof ref === 'string') {
    const found = industryShareModel(ref);
    if (!found) {
      const known = listModels('industry-share').map((m) => m.id);
      throw new EngineError([issue('/model', 'unknown-model', { kind: 'industry-share', id: ref, known })]);
    }
    model = found.model;
  } else model = ref;
  return withOverrides(InlineIndustryShareModel, model, body.overrides);
}

/** The engine's answer (the domain's shape). */
export function runIndustryCheck(body: IndustryCheckRequestBody, model = industryShareModelOf(body)): IndustryCheckResult {
  const { model: _m, overrides: _o, ...input } = body;
  return checkIndustryShare({ ...input, unit: body.unit as Unit, basis: body.basis ?? 'planned' }, industrySharePolicyOf(model));
}

/** The answer in the one envelope: the all-sources line and passed in summary, a row per source, the rule and basis. */
export function industryCheckAnswer(body: IndustryCheckRequestBody): Answer {
  const model = industryShareModelOf(body);
  const result = runIndustryCheck(body, model);
  const used: ModelUsed = { id: model.id ?? 'inline', version: model.version ?? 'inline', content: model };
  return {
    model: used,
    unit: result.unit,
    summary: { year: result.year, passed: result.passed, all: result.all },
    rows: result.sources,
    extra: { rule: result.rule, basis: result.basis },
    tables: () => ({ sources: industryCheckTable(result) }),
  };
}

/** One row per source, then the total row: all sources together (its own share and floor, not sums of rates). */
export function industryCheckTable(result: IndustryCheckResult): Table {
  const columns: Column[] = [
    { id: 'id' },
    { id: 'name' },
    { id: 'industry', money: true },
    { id: 'base', money: true },
    { id: 'share' },
    { id: 'sharePercent' },
    { id: 'floor' },
    { id: 'floorPercent' },
    { id: 'floorFrom' },
    { id: 'pass' },
    { id: 'marginPoints' },
    { id: 'gap', money: true },
    { id: 'reason' },
    { id: 'reason_zh' },
  ];
  const line = (s: ShareCheck) => [
    s.id,
    s.name ?? '',
    s.industry,
    s.base,
    s.share ?? '',
    s.sharePercent ?? '',
    s.floor ?? '',
    s.floorPercent ?? '',
    s.floorFrom ?? '',
    s.pass === null ? '' : String(s.pass),
    s.marginPoints ?? '',
    s.gap ?? '',
    s.reason.en,
    s.reason.zh,
  ];
  const all = line(result.all);
  const total = Object.fromEntries(columns.slice(1).map((c, j) => [c.id, all[j + 1]]));
  return { columns, rows: result.sources.map(line), total };
}
