/**
 * POST /v1/rankings between schema and engine: the points model resolved (a built-in one of models/points/
 * or inline, with the request's overrides), the request handed to the domain (src/domain/ranking/), and
 * its answer mapped onto the one envelope and its spreadsheet table.
 */
import { EngineError } from '../../core/errors.js';
import { convert, parseDecimal, Scaled, Unit } from '../../core/money.js';
import { rankRegions, type RankingModel } from '../../domain/ranking/ranking.js';
import { rankingAnswer, type RankingAnswer } from '../../domain/ranking/answer.js';
import { pointsModel, unknownModel } from '../models/catalog.js';
import { InlineRankingModel, type RankingRequestBody } from '../../schema/ranking.js';
import type { Answer, Column, Table } from '../respond.js';
import type { ModelUsed } from '../provenance.js';
import { withOverrides } from './model.js';

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

/** The request's granularity, else the model's (converted to the request's unit), else 0.01. */
function granularityOf(body: RankingRequestBody, model: ModelData, unit: Unit): Scaled {
  if (body.granularity !== undefined) return parseDecimal(body.granularity)!;
  if (model.granularity !== undefined) return convert(parseDecimal(model.granularity)!, model.unit as Unit, unit);
  return DEFAULT_GRANULARITY;
}

export function runRanking(body: RankingRequestBody): Answer {
  const data = resolveModel(body);
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

/** The rows as a table: fixed columns, each kind's counted points in the model's order, the reason. */
export function rankingTable(answer: RankingAnswer, model: RankingModel): Table {
  const kinds = model.kinds.map((k) => k.id);
  const columns: Column[] = [
    { id: 'rank' },
    { id: 'rankFromBottom' },
    { id: 'id' },
    { id: 'name' },
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
    String(r.rank),
    String(r.rankFromBottom),
    r.id,
    r.name ?? '',
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
