/**
 * POST /v1/evaluations between schema and engine: the model resolved (a built-in one of models/evaluation/
 * or inline, with the request's overrides, a JSON merge patch checked as the whole model), the values
 * handed to the domain (src/domain/evaluation/), and its result mapped onto the one envelope and its three
 * spreadsheet tables (indicators, sections, adjustments).
 */
import { EngineError, type Issue } from '../../core/errors.js';
import { evaluate, type EvaluationResult } from '../../domain/evaluation/evaluate.js';
import { prepareEvaluationModel, type PreparedEvaluationModel } from '../../domain/evaluation/prepare.js';
import type { EvaluationModelSpec } from '../../domain/evaluation/types.js';
import { evaluationModel, unknownModel } from '../models/catalog.js';
import { type EvaluationRequestBody, InlineEvaluationModel } from '../../schema/evaluation.js';
import type { ModelUsed } from '../provenance.js';
import type { Answer, Column, Table } from '../respond.js';
import { withOverrides } from '../overrides.js';
import { partsValid } from '../common.js';

export const EVALUATION_TABLES = ['indicators', 'sections', 'adjustments'] as const;

/** The model as used: found or inline, then overridden; its content (for the provenance) and its compiled form. */
function resolveModel(body: EvaluationRequestBody): { content: object; prepared: PreparedEvaluationModel } {
  if (typeof body.model === 'string') {
    const entry = evaluationModel(body.model);
    // the code until catalog.unknownModel carries it itself (it is being moved onto the one message)
    if (!entry) throw new EngineError([{ code: 'unknown-model', ...unknownModel('evaluation', body.model) }]);
    if (!body.overrides) return { content: entry.model, prepared: entry.prepared };
    const patched = withOverrides(InlineEvaluationModel, entry.model, body.overrides);
    return { content: patched, prepared: prepareEvaluationModel(patched as EvaluationModelSpec, '/overrides') };
  }
  const model = withOverrides(InlineEvaluationModel, body.model, body.overrides);
  return { content: model, prepared: prepareEvaluationModel(model as EvaluationModelSpec, body.overrides ? '/overrides' : '/model') };
}

const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

/** The issues `run` throws, or its result. */
function attempt<T>(run: () => T, issues: Issue[]): T | undefined {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    issues.push(...e.issues);
    return undefined;
  }
}

/** The parts of a model a merge patch may touch without changing how a value is read: not its indicators and their rules. */
const READS_VALUES = ['levels', 'adjustments'];

/**
 * Every issue of the request beyond its schema's, also on a body that failed its schema (src/api/common.ts
 * alsoCheck), so independent mistakes come in one 422: the model with its overrides (when /model and
 * /overrides passed), then the values read by its indicators' rules (when /values passed). A patch that
 * breaks the model but leaves its levels and adjustments alone does not change how the values are read:
 * they are read by the named model's rules, and both are reported. `failed` are the schema's issues; one it
 * gave at the same pointer is not repeated. With the model as used and the result, when there are no issues.
 */
export function evaluationChecks(
  body: unknown,
  failed: readonly Issue[],
): { issues: Issue[]; model?: { content: object; prepared: PreparedEvaluationModel }; result?: EvaluationResult } {
  if (!isRecord(body)) return { issues: [] };
  const issues: Issue[] = [];
  let model: { content: object; prepared: PreparedEvaluationModel } | undefined;
  let reader: PreparedEvaluationModel | undefined;
  if (partsValid(failed, '/model', '/overrides')) {
    const request = body as EvaluationRequestBody;
    model = attempt(() => resolveModel(request), issues);
    reader = model?.prepared;
    const patch = request.overrides;
    if (!model && patch && issues.every((i) => i.path.startsWith('/overrides')) && !READS_VALUES.some((k) => Object.hasOwn(patch, k)))
      reader = attempt(() => resolveModel({ ...request, overrides: undefined }), [])?.prepared;
  }
  let result: EvaluationResult | undefined;
  if (reader && partsValid(failed, '/values') && isRecord(body.values))
    result = attempt(() => evaluate({ model: reader, values: body.values as Record<string, unknown> }), issues);
  const taken = new Set(failed.map((i) => i.path));
  return { issues: issues.filter((i) => !taken.has(i.path)), model, result };
}

export function runEvaluation(body: EvaluationRequestBody): Answer {
  const { issues, model, result } = evaluationChecks(body, []);
  if (issues.length > 0 || !model || !result) throw new EngineError(issues);
  const { content, prepared } = model;
  const used: ModelUsed = { id: prepared.id, version: prepared.version, content };
  return {
    model: used,
    unit: 'points',
    summary: {
      indicators: result.indicators.length,
      notApplicable: result.indicators.filter((i) => !i.applicable).length,
      points: result.points,
      applicablePoints: result.applicablePoints,
      sum: result.sum,
      ...(result.rescaled ? { rescaled: result.rescaled } : {}),
      bonus: result.bonus,
      penalty: result.penalty,
      total: result.total,
      reason: result.totalReason,
      grade: result.grade,
    },
    rows: result.indicators.map(named),
    extra: { sections: result.sections.map((l) => ({ ...named(l), groups: l.groups.map(named) })), adjustments: result.adjustments.map(named) },
    tables: () => evaluationTables(result),
  };
}

/**
 * A name as every route gives it: `name` a string, in the model's language (Chinese), and `name_en` beside it
 * when the model has an English one.
 */
function named<T extends { readonly id: string; readonly name: { readonly en: string; readonly zh: string } }>(x: T) {
  const { id, name, ...rest } = x;
  return { id, name: name.zh, ...(name.en ? { name_en: name.en } : {}), ...rest };
}

/**
 * A measured value as a planner reads it in a spreadsheet cell, never JSON: n/a, yes/no, a ratio "3/30", a
 * checklist's items "laws: 0; mandate: 1", tranches "1134 at 0.9; 200 at 0.8".
 */
export function cell(value: unknown): string {
  if (value === null || value === undefined) return 'n/a';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map(cell).join('; ');
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Object.hasOwn(v, 'numerator') && Object.hasOwn(v, 'denominator')) return `${cell(v.numerator)}/${cell(v.denominator)}`;
    if (Object.hasOwn(v, 'tranches') && Array.isArray(v.tranches))
      return v.tranches
        .map((t) =>
          t !== null && typeof t === 'object' ? `${cell((t as { amount?: unknown }).amount)} at ${cell((t as { value?: unknown }).value)}` : cell(t),
        )
        .join('; ');
    return Object.entries(v)
      .map(([k, x]) => `${k}: ${cell(x)}`)
      .join('; ');
  }
  return String(value);
}

/** The answer's tables: one row per indicator (the default), the subtotals, the bonus and penalty items. */
export function evaluationTables(result: EvaluationResult): Record<(typeof EVALUATION_TABLES)[number], Table> {
  const indicators: Table = {
    columns: [
      { id: 'path' },
      { id: 'id' },
      { id: 'name' },
      { id: 'name_en' },
      { id: 'points', sum: true },
      { id: 'value' },
      { id: 'score', sum: true },
      { id: 'deducted', sum: true },
      { id: 'reason' },
      { id: 'reason_zh' },
    ] satisfies Column[],
    rows: result.indicators.map((i) => [
      i.path.join('/'),
      i.id,
      i.name.zh,
      i.name.en,
      i.points,
      cell(i.value),
      i.score ?? 'n/a',
      i.deducted ?? '',
      i.reason.en,
      i.reason.zh,
    ]),
    // the column sums, written as points are (exact, no trailing zeros): Σ points, Σ scores, what the applicable lost
    total: { points: result.points, score: result.sum, deducted: subtract(result.applicablePoints, result.sum) },
  };
  // the first-level indicators and their groups: each row's path of ids from the top, as the indicators' table has it
  const sections: Table = {
    columns: [
      { id: 'path' },
      { id: 'id' },
      { id: 'name' },
      { id: 'name_en' },
      { id: 'points' },
      { id: 'applicablePoints' },
      { id: 'score' },
      { id: 'deducted' },
    ],
    rows: result.sections.flatMap((l) => [
      [l.id, l.id, l.name.zh, l.name.en, l.points, l.applicablePoints, l.score, l.deducted],
      ...l.groups.map((g) => [`${l.id}/${g.id}`, g.id, g.name.zh, g.name.en, g.points, g.applicablePoints, g.score, g.deducted]),
    ]),
    // the groups are inside their sections: the total is the sections' (the table's), not the column's sum
    total: { points: result.points, applicablePoints: result.applicablePoints, score: result.sum, deducted: subtract(result.applicablePoints, result.sum) },
  };
  const adjustments: Table = {
    columns: [
      { id: 'type' },
      { id: 'id' },
      { id: 'name' },
      { id: 'name_en' },
      { id: 'points' },
      { id: 'value' },
      { id: 'score', sum: true },
      { id: 'reason' },
      { id: 'reason_zh' },
    ],
    // a penalty's score is shown negative, so the total row is bonus − penalty
    rows: result.adjustments.map((a) => [
      a.type,
      a.id,
      a.name.zh,
      a.name.en,
      a.points,
      cell(a.value),
      a.type === 'bonus' || a.score === '0' ? a.score : '-' + a.score,
      a.reason.en,
      a.reason.zh,
    ]),
    total: { score: subtract(result.bonus, result.penalty) },
  };
  return { indicators, sections, adjustments };
}

/** a − b for the short decimal texts of the result (exact: both have at most a few decimals). */
function subtract(a: string, b: string): string {
  const places = Math.max(decimals(a), decimals(b));
  const scaled = (x: string) => BigInt(x.replace('.', '') + '0'.repeat(places - decimals(x)));
  const d = scaled(a) - scaled(b);
  const neg = d < 0n;
  const digits = (neg ? -d : d).toString().padStart(places + 1, '0');
  const text = places > 0 ? `${digits.slice(0, -places)}.${digits.slice(-places)}`.replace(/0+$/, '').replace(/\.$/, '') : digits;
  return (neg ? '-' : '') + text;
}

function decimals(x: string): number {
  const dot = x.indexOf('.');
  return dot < 0 ? 0 : x.length - dot - 1;
}
