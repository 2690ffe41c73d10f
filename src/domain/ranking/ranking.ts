/**
 * Composite points from scored events (计分制综合得分). 质效双提方案 §二6: the use of the funds is scored on
 * checks (检查发现), unannounced visits (暗访), dispatch (调度) and bulletins (通报); §二12 feeds the
 * red/yellow/green warnings of the province-wide ranking into the same points. A points model lists the event
 * kinds; a region's composite is
 *
 *   composite = base + Σ_kinds clamp(weight_k × Σ points of the region's events of kind k, minimum_k, maximum_k)
 *
 * (an event without points takes its kind's points). The composites then go through the one points ranking,
 * pipeline/points.ts rankByModel, that the allocation pipeline's points stage uses too.
 */
import { EngineError, Issue, pointer } from '../../core/errors.js';
import { addScaled, compareScaled, mulScaled, parseDecimal, Scaled, Unit } from '../../core/money.js';
import type { Decimalish, RankAmountSpec } from '../allocation/model.js';
import { isIsoDate, PERIOD_FORMS, periodSpan, Span, within } from '../../core/periods.js';
import { groupSize, rankByModel, Ranked } from '../allocation/pipeline/points.js';
import { issue } from '../../messages/index.js';

/** One kind of scored event (检查发现, 暗访, 调度, 通报 …). */
export interface EventKind {
  readonly id: string;
  readonly title?: { readonly en: string; readonly zh: string };
  /** multiplies the kind's Σ points (default 1) */
  readonly weight?: Decimalish;
  /** the points of an event of this kind that gives none (e.g. −5 for each bulletin) */
  readonly points?: Decimalish;
  /** the kind's counted points stay within [minimum, maximum] (e.g. at most 30 points off for check findings) */
  readonly minimum?: Decimalish;
  readonly maximum?: Decimalish;
}

export interface RankGroupSpec {
  readonly count: number;
  readonly amount: RankAmountSpec;
}

/** A points model: how events make a composite, and what the top and bottom N gain or lose. */
export interface RankingModel {
  readonly id: string;
  readonly version: string;
  /** the unit the group amounts are written in */
  readonly unit: Unit;
  readonly base: Decimalish;
  readonly kinds: readonly EventKind[];
  readonly bottom?: RankGroupSpec;
  readonly top?: RankGroupSpec;
}

export interface Region {
  readonly id: string;
  readonly name?: string;
}

/** A scored event: which region, what kind, how many points (plus or minus), and when. */
export interface ScoredEvent {
  readonly region: string;
  readonly kind: string;
  readonly points?: Decimalish;
  /** an ISO date, or */
  readonly date?: string;
  /** a period: 2024, 2024-H1, 2024-Q2, 2024-05 */
  readonly period?: string;
}

export interface KindScore {
  readonly events: number;
  /** Σ points of the events */
  readonly points: Scaled;
  /** weight × Σ points, kept within the kind's minimum and maximum */
  readonly counted: Scaled;
  /** whether the minimum or the maximum cut it */
  readonly capped: boolean;
}

export interface RegionScore {
  readonly composite: Scaled;
  readonly events: number;
  /** per kind, in the model's order */
  readonly kinds: readonly KindScore[];
}

export interface RankingInput {
  readonly model: RankingModel;
  readonly regions: readonly Region[];
  readonly events: readonly ScoredEvent[];
  /** when given, every event must be dated within it */
  readonly period?: Span;
  readonly unit: Unit;
  readonly granularity: Scaled;
}

export interface RankingOutcome {
  readonly scores: RegionScore[];
  readonly ranked: Ranked[];
  /** N of each group after shrinking to ⌊n/2⌋ (0 when the model has no such group) */
  readonly size: { readonly bottom: number; readonly top: number };
}

const ZERO: Scaled = { coefficient: 0n, scale: 0 };
const ONE: Scaled = { coefficient: 1n, scale: 0 };
const dec = (x: Decimalish | undefined): Scaled | undefined => (x === undefined ? undefined : parseDecimal(x));

const REGION = { what: 'region', what_zh: '地区', list: 'regions' } as const;

const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
const isDecimalish = (x: unknown): x is Decimalish => typeof x === 'string' || typeof x === 'number';

/**
 * What the request's schema cannot see, read loosely — any part may be malformed, its schema says why — so the
 * route runs it on a body that failed its schema too, and these mistakes come with the others in one 422:
 * region ids unique (duplicate-id), each event's region listed (unknown-reference), its kind one of the
 * model's and its points given or standard (when the model is known), its date or period one and inside the
 * request's period. An event's own malformed field (points "1,5", a date "2024/05/01") is the schema's.
 */
export function eventIssues(model: Pick<RankingModel, 'id' | 'kinds'> | undefined, regions: unknown, events: unknown, period?: Span): Issue[] {
  const issues: Issue[] = [];
  const regionIndex = new Map<string, number>();
  (Array.isArray(regions) ? regions : []).forEach((r, i) => {
    const id = isRecord(r) ? r.id : undefined;
    if (typeof id !== 'string') return;
    const first = regionIndex.get(id);
    if (first === undefined) regionIndex.set(id, i);
    else issues.push(issue(pointer('regions', i, 'id'), 'duplicate-id', { id: JSON.stringify(id), first: pointer('regions', first, 'id') }));
  });
  const kindIndex = new Map(model?.kinds.map((k, i) => [k.id, i]));
  const kindList = model?.kinds.map((k) => k.id).join(', ') ?? '';
  (Array.isArray(events) ? events : []).forEach((e, i) => {
    if (!isRecord(e)) return;
    const at = (field: string) => pointer('events', i, field);
    if (typeof e.region === 'string' && Array.isArray(regions) && !regionIndex.has(e.region))
      issues.push(issue(at('region'), 'unknown-reference', { id: e.region, ...REGION }));
    const k = model && typeof e.kind === 'string' ? kindIndex.get(e.kind) : undefined;
    if (model && typeof e.kind === 'string' && k === undefined)
      issues.push(issue(at('kind'), 'unknown-reference', { id: e.kind, what: 'event kind', what_zh: '事项类型', list: `kinds (${kindList})` }));
    if (e.points !== undefined && (!isDecimalish(e.points) || parseDecimal(e.points) === undefined))
      issues.push(issue(at('points'), 'ranking-points-not-decimal', { given: JSON.stringify(e.points) ?? String(e.points) }));
    if (e.points === undefined && k !== undefined && dec(model!.kinds[k].points) === undefined)
      issues.push(issue(at('points'), 'ranking-points-missing', { kind: e.kind as string }));
    checkWhen(e, i, period, issues);
  });
  return issues;
}

/** Composite points per region (in the order given); every reference problem is reported at once (eventIssues). */
export function compositeScores(model: RankingModel, regions: readonly Region[], events: readonly ScoredEvent[], period?: Span): RegionScore[] {
  const issues = eventIssues(model, regions, events, period);
  if (issues.length > 0) throw new EngineError(issues);
  const regionIndex = new Map(regions.map((r, i) => [r.id, i]));
  const kindIndex = new Map(model.kinds.map((k, i) => [k.id, i]));
  const sums = regions.map(() => model.kinds.map(() => ZERO));
  const counts = regions.map(() => model.kinds.map(() => 0));
  for (const e of events) {
    const r = regionIndex.get(e.region)!;
    const k = kindIndex.get(e.kind)!;
    const points = (e.points !== undefined ? parseDecimal(e.points) : dec(model.kinds[k].points))!;
    sums[r][k] = addScaled(sums[r][k], points);
    counts[r][k] += 1;
  }

  const base = dec(model.base)!;
  const rules = model.kinds.map((k) => ({ weight: dec(k.weight) ?? ONE, minimum: dec(k.minimum), maximum: dec(k.maximum) }));
  return regions.map((_, r) => {
    let composite = base;
    let n = 0;
    const kinds = rules.map((rule, k) => {
      const weighted = mulScaled(rule.weight, sums[r][k]);
      const counted = clamp(weighted, rule.minimum, rule.maximum);
      composite = addScaled(composite, counted);
      n += counts[r][k];
      return { events: counts[r][k], points: sums[r][k], counted, capped: counted !== weighted };
    });
    return { composite, events: n, kinds };
  });
}

function clamp(x: Scaled, minimum: Scaled | undefined, maximum: Scaled | undefined): Scaled {
  if (minimum && compareScaled(x, minimum) < 0) return minimum;
  if (maximum && compareScaled(x, maximum) > 0) return maximum;
  return x;
}

/** An event's date or period: one of them, a real one, and inside the request's period when there is one. */
function checkWhen(e: Record<string, unknown>, i: number, period: Span | undefined, issues: Issue[]): void {
  if (e.date !== undefined && e.period !== undefined) {
    issues.push(issue(pointer('events', i, 'period'), 'ranking-date-and-period'));
    return;
  }
  const field = e.period !== undefined ? 'period' : 'date';
  const text = e.period ?? e.date;
  if (text !== undefined && typeof text !== 'string') return; // the schema's to say
  if (text === undefined) {
    if (period) issues.push(issue(pointer('events', i, 'date'), 'ranking-event-undated', { from: period.from, to: period.to }));
    return;
  }
  const span = field === 'date' ? (isIsoDate(text) ? { from: text, to: text } : undefined) : periodSpan(text);
  if (!span) {
    issues.push(
      field === 'date'
        ? issue(pointer('events', i, 'date'), 'ranking-date-invalid', { text })
        : issue(pointer('events', i, 'period'), 'ranking-period-invalid', { text, forms: PERIOD_FORMS }),
    );
    return;
  }
  if (period && !within(span, period)) {
    issues.push(issue(pointer('events', i, field), 'ranking-event-outside-period', { text, from: period.from, to: period.to }));
  }
}

/**
 * Composites → ranks → the top and bottom groups with their amounts in the request's granules, through the
 * same rankByModel (and the same conversion of model amounts to granules) as the allocation pipeline.
 */
export function rankRegions(input: RankingInput): RankingOutcome {
  const { model } = input;
  const scores = compositeScores(model, input.regions, input.events, input.period);
  const ranked = rankByModel(
    scores.map((s) => s.composite),
    model,
    { model: model.unit, unit: input.unit, granularity: input.granularity },
  );
  const n = scores.length;
  return {
    scores,
    ranked,
    size: { bottom: model.bottom ? groupSize(model.bottom.count, n) : 0, top: model.top ? groupSize(model.top.count, n) : 0 },
  };
}
