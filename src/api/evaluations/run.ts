/**
 * POST /v1/evaluations: the request body, as validated by evaluationSchemas.ts, handed to the engine; and the
 * answer as a spreadsheet table, one row per indicator.
 */
import { EngineError } from '../../core/errors.js';
import { evaluate, EvaluationResult } from '../../domain/evaluation/evaluate.js';
import { prepareEvaluationModel } from '../../domain/evaluation/prepare.js';
import type { EvaluationModelSpec } from '../../domain/evaluation/types.js';
import { evaluationModel, unknownModel } from '../models/catalog.js';
import type { EvaluationRequestBody } from '../../schema/evaluation.js';

export function runEvaluation(body: EvaluationRequestBody): EvaluationResult {
  let model;
  if (typeof body.model === 'string') {
    const entry = evaluationModel(body.model);
    if (!entry) throw new EngineError([unknownModel('evaluation', body.model)]);
    model = entry.prepared;
  } else {
    model = prepareEvaluationModel(body.model as EvaluationModelSpec, '/model');
  }
  return evaluate({ model, values: body.values, gradeBasis: body.options?.gradeBasis });
}

/** A value as a spreadsheet cell: n/a for null, JSON for objects. */
function cell(value: unknown): string {
  if (value === null) return 'n/a';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** One row per indicator, then the bonus/penalty items: level path, indicator, points, value, score, reasons. */
export function evaluationTable(result: EvaluationResult): string[][] {
  const header = ['path', 'id', 'indicator', 'indicator_en', 'points', 'value', 'score', 'deducted', 'reason', 'reason_zh'];
  const rows = result.indicators.map((i) => [
    i.path.join('/'),
    i.id,
    i.title.zh,
    i.title.en,
    i.points,
    cell(i.value),
    i.score ?? 'n/a',
    i.deducted ?? '',
    i.reason.en,
    i.reason.zh,
  ]);
  const adjustments = result.adjustments.map((a) => [
    a.type === 'bonus' ? '加分项' : '扣分项',
    a.id,
    a.title.zh,
    a.title.en,
    a.points,
    cell(a.value),
    a.type === 'bonus' ? a.score : a.score === '0' ? '0' : '-' + a.score,
    '',
    a.reason.en,
    a.reason.zh,
  ]);
  return [header, ...rows, ...adjustments];
}
