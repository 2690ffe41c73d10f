/**
 * POST /v1/rankings between schema and engine: the ranking model (a built-in one of models/points/, from the
 * model catalogue, or inline), the request resolved to the engine's input, and the outcome as rows and as a
 * spreadsheet table.
 */
import { EngineError } from '../../core/errors.js';
import { convert, fromGranules, parseDecimal, Scaled, toText, Unit } from '../../core/money.js';
import { rankCounties, RankingModel } from '../../domain/ranking/ranking.js';
import { POINTS_TIE_RULE, POINTS_TIE_RULE_ZH } from '../../domain/allocation/pipeline/points.js';
import { pointsModel, unknownModel } from '../models/catalog.js';
import type { RankingModelFileData, RankingRequestBody, RankingResult } from '../../schema/ranking.js';

const DEFAULT_GRANULARITY: Scaled = { coefficient: 1n, scale: 2 };

type ModelData = Omit<RankingModelFileData, 'id' | 'version' | 'title' | 'jurisdiction' | 'year' | 'sources'> & { id?: string; version?: string };

function resolveModel(ref: RankingRequestBody['model']): ModelData {
  if (typeof ref !== 'string') return ref;
  const model = pointsModel(ref);
  if (model) return model;
  throw new EngineError([unknownModel('points', ref)]);
}

/** The request's granularity, else the model's (converted to the request's unit), else 0.01. */
function granularityOf(body: RankingRequestBody, model: ModelData, unit: Unit): Scaled {
  if (body.granularity !== undefined) return parseDecimal(body.granularity)!;
  if (model.granularity !== undefined) return convert(parseDecimal(model.granularity)!, model.unit as Unit, unit);
  return DEFAULT_GRANULARITY;
}

const text = (x: string | number | undefined) => (x === undefined ? undefined : toText(parseDecimal(x)!));

export function runRanking(body: RankingRequestBody): RankingResult {
  const data = resolveModel(body.model);
  const model: RankingModel = { ...data, id: data.id ?? 'inline', version: data.version ?? 'inline', unit: data.unit as Unit };
  const unit = body.unit as Unit;
  const granularity = granularityOf(body, data, unit);
  const outcome = rankCounties({ model, counties: body.counties, events: body.events, period: body.period, unit, granularity });
  const money = (g: bigint) => fromGranules(g, granularity);

  const rows = body.counties.map((c, i) => {
    const r = outcome.ranked[i];
    const s = outcome.scores[i];
    return {
      id: c.id,
      ...(c.name !== undefined ? { name: c.name } : {}),
      composite: toText(s.composite),
      rank: r.rank,
      rankFromBottom: r.rankFromBottom,
      group: r.group,
      penalty: money(r.penalty),
      reward: money(r.reward),
      events: s.events,
      kinds: Object.fromEntries(
        model.kinds.map((k, j) => [k.id, { events: s.kinds[j].events, points: toText(s.kinds[j].points), counted: toText(s.kinds[j].counted), capped: s.kinds[j].capped }]),
      ),
    };
  });
  // best first; equal composites by id, so the answer does not depend on the order counties were sent in
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0); // UTF-16 code units, as everywhere
  const order = rows.map((_, i) => i).sort((a, b) => rows[a].rank - rows[b].rank || byId(rows[a].id, rows[b].id));
  const sum = (pick: (r: (typeof outcome.ranked)[number]) => bigint) => outcome.ranked.reduce((t, r) => t + pick(r), 0n);
  const group = (spec: ModelData['bottom'], side: 'bottom' | 'top') =>
    spec
      ? {
          count: spec.count,
          applied: outcome.size[side],
          members: outcome.ranked.filter((r) => r.group === side).length,
          amount: { fixed: text(spec.amount.fixed), from: text(spec.amount.from), to: text(spec.amount.to) },
          total: money(sum((r) => (side === 'bottom' ? r.penalty : r.reward))),
        }
      : null;

  return {
    model: { id: model.id, version: model.version },
    unit: body.unit,
    granularity: toText(granularity),
    formula: formulaText(model),
    tieRule: { en: POINTS_TIE_RULE, zh: POINTS_TIE_RULE_ZH },
    groups: { bottom: group(data.bottom, 'bottom'), top: group(data.top, 'top') },
    totals: { counties: rows.length, events: body.events.length, penalties: money(sum((r) => r.penalty)), rewards: money(sum((r) => r.reward)) },
    rows: order.map((i) => rows[i]),
  };
}

/** The composite as a sentence, with this model's numbers: base, each kind (with its weight when not 1), caps. */
function formulaText(model: RankingModel): string {
  const kinds = model.kinds.map((k) => (k.weight !== undefined && text(k.weight) !== '1' ? `${text(k.weight)} × ${k.id}` : k.id));
  const caps = model.kinds.filter((k) => k.min !== undefined || k.max !== undefined).map((k) => `${k.id} within [${text(k.min) ?? '−∞'}, ${text(k.max) ?? '+∞'}]`);
  return (
    `composite = ${text(model.base)} + ${kinds.join(' + ')}, each kind being the Σ points of the county's events of that kind` +
    (caps.length > 0 ? `, weighted, then kept ${caps.join(', ')}` : '; no caps')
  );
}

/** The rows as a table: fixed columns, then each kind's counted points in the model's order. */
export function rankingTable(result: RankingResult): string[][] {
  const kinds = result.rows.length > 0 ? Object.keys(result.rows[0].kinds) : [];
  const header = ['rank', 'rankFromBottom', 'id', 'name', 'composite', 'group', 'penalty', 'reward', 'events', ...kinds];
  const body = result.rows.map((r) => [
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
  ]);
  return [header, ...body];
}
