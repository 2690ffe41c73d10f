/**
 * POST /v1/rankings between schema and engine: the points model resolved (a built-in one of models/points/
 * or inline, with the request's overrides), the request handed to the domain (src/domain/ranking/), and
 * its answer mapped onto the one envelope and its spreadsheet table.
 */
import { EngineError, type Issue } from '../../core/errors.js';
import { convert, parseDecimal, Scaled, Unit } from '../../core/money.js';
import { eventIssues, rankRegions, type RankingModel } from '../../domain/ranking/ranking.js';
import type { Span } from '../../core/periods.js';
import { rankingAnswer, type RankingAnswer } from '../../domain/ranking/answer.js';
import { pointsModel, unknownModel } from '../models/catalog.js';
import { InlineRankingModel, type RankingRequestBody } from '../../schema/ranking.js';
import type { Answer, Column, Table } from '../respond.js';
import type { ModelUsed } from '../provenance.js';
import { withOverrides } from '../overrides.js';
import { partsValid } from '../common.js';

const DEFAULT_GRANULARITY: Scaled = { coefficient: 1n, scale: 2 };

type ModelData = Exclude<RankingRequestBody['model'], string>;

/** The model as used: found or inline, then overridden. */
function resolveModel(body: RankingRequestBody): ModelData {
  let model: ModelData;
  if (typeof body.model === 'string') {
    const found = pointsModel(body.model);
    // the code until catalog.unknownModel carries it itself (it is being moved onto the one message)
    if (!found) throw new EngineError([{ code: 'unknown-model', ...unknownModel('points', body.model) }]);
    model = found;
  } else model = body.model;
  return withOverrides(InlineRankingModel, model, body.overrides);
}

const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

/**
 * Every issue of the request beyond its schema's, read loosely so that it runs on a body that failed its schema
 * too (src/api/common.ts alsoCheck) and independent mistakes come in one 422: the model with its overrides
 * (when /model and /overrides passed: an unknown id, a patch that breaks the model), the ids and the events
 * (src/domain/ranking/ranking.ts eventIssues; kinds once the model is known). `failed` are the schema's issues;
 * one it gave at the same pointer is not repeated. With the model as used, when it resolved.
 */
export function rankingChecks(body: unknown, failed: readonly Issue[]): { issues: Issue[]; model?: ModelData } {
  if (!isRecord(body)) return { issues: [] };
  const issues: Issue[] = [];
  let model: ModelData | undefined;
  if (partsValid(failed, '/model', '/overrides')) {
    try {
      model = resolveModel(body as RankingRequestBody);
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      issues.push(...e.issues);
    }
  }
  const p = body.period;
  const period: Span | undefined =
    partsValid(failed, '/period') && isRecord(p) && typeof p.from === 'string' && typeof p.to === 'string' ? { from: p.from, to: p.to } : undefined;
  // a region the schema refused may be the one an event names: its references wait for the list to be well-formed
  const regions = partsValid(failed, '/regions') ? body.regions : undefined;
  issues.push(...eventIssues(model ? { id: model.id ?? 'inline', kinds: model.kinds } : undefined, regions, body.events, period));
  const taken = new Set(failed.map((i) => i.path));
  return { issues: issues.filter((i) => !taken.has(i.path)), model };
}

/** The request's granularity, else the model's (converted to the request's unit), else 0.01. */
function granularityOf(body: RankingRequestBody, model: ModelData, unit: Unit): Scaled {
  if (body.granularity !== undefined) return parseDecimal(body.granularity)!;
  if (model.granularity !== undefined) return convert(parseDecimal(model.granularity)!, model.unit as Unit, unit);
  return DEFAULT_GRANULARITY;
}

export function runRanking(body: RankingRequestBody): Answer {
  const { issues, model: data } = rankingChecks(body, []);
  if (issues.length > 0 || !data) throw new EngineError(issues);
  const model: RankingModel = { ...data, id: data.id ?? 'inline', version: data.version ?? 'inline', unit: data.unit as Unit };
  const unit = body.unit as Unit;
  const granularity = granularityOf(body, data, unit);
  const outcome = rankRegions({ model, regions: body.regions, events: body.events, period: body.period, unit, granularity });
  const answer = rankingAnswer({ model, regions: body.regions, events: body.events.length, outcome, unit, granularity });
  const used: ModelUsed = { id: model.id, version: model.version, content: data };
  return {
    model: used,
    unit: body.unit,
    summary: answer.summary,
    rows: answer.rows,
    extra: { granularity: answer.granularity, formula: answer.formula, tieRule: answer.tieRule },
    tables: () => ({ regions: rankingTable(answer, model) }),
  };
}

/** The rows as a table: id and name, then the ranking's fixed columns, each kind's counted points in the model's order, the reason. */
export function rankingTable(answer: RankingAnswer, model: RankingModel): Table {
  const kinds = model.kinds.map((k) => k.id);
  // id first, as every route's table, then the name, then the ranking
  const columns: Column[] = [
    { id: 'id' },
    { id: 'name' },
    { id: 'rank' },
    { id: 'rankFromBottom' },
    { id: 'composite' },
    { id: 'group' },
    { id: 'penalty', money: true },
    { id: 'reward', money: true },
    { id: 'events', sum: true },
    ...kinds.map((k) => ({ id: k })),
    { id: 'reason' },
    { id: 'reason_zh' },
  ];
  const rows = answer.rows.map((r) => [
    r.id,
    r.name ?? '',
    String(r.rank),
    String(r.rankFromBottom),
    r.composite,
    r.group,
    r.penalty,
    r.reward,
    String(r.events),
    ...kinds.map((k) => r.kinds[k].counted),
    r.reason.en,
    r.reason.zh,
  ]);
  return { columns, rows };
}
