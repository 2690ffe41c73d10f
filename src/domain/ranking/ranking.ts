/**
 * Composite points from scored events (计分制综合得分). Seed 003 §二6: the use of the funds is scored on checks
 * (检查发现), unannounced visits (暗访), dispatch (调度) and bulletins (通报); §二12 feeds the red/yellow/green
 * warnings of the province-wide ranking into the same points. A ranking model lists the event kinds; a
 * county's composite is
 *
 *   composite = base + Σ_kinds clamp(weight_k × Σ points of the county's events of kind k, min_k, max_k)
 *
 * (an event without points takes its kind's points). The composites then go through the one points ranking,
 * stages/points.ts rankAndScore, that the allocation pipeline's points stage uses too.
 */
import { EngineError, Issue, pointer } from '../../core/errors.js';
import { addScaled, compareScaled, mulScaled, parseDecimal, Scaled, Unit } from '../../core/money.js';
import type { Decimalish, RankAmountSpec } from '../allocation/model.js';
import { isIsoDate, PERIOD_FORMS, periodSpan, Span, within } from '../../core/periods.js';
import { groupSize, rankByModel, Ranked } from '../allocation/pipeline/points.js';

/** One kind of scored event (检查发现, 暗访, 调度, 通报 …). */
export interface EventKind {
  readonly id: string;
  /** multiplies the kind's Σ points (default 1) */
  readonly weight?: Decimalish;
  /** the points of an event of this kind that gives none (e.g. −5 for each bulletin) */
  readonly points?: Decimalish;
  /** the kind's counted points stay within [min, max] (e.g. at most 30 points off for check findings) */
  readonly min?: Decimalish;
  readonly max?: Decimalish;
}

export interface RankGroupSpec {
  readonly count: number;
  readonly amount: RankAmountSpec;
}

/** A ranking model: how events make a composite, and what the top and bottom N gain or lose. */
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

export interface County {
  readonly id: string;
  readonly name?: string;
}

/** A scored event: which county, what kind, how many points (plus or minus), and when. */
export interface ScoredEvent {
  readonly county: string;
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
  /** weight × Σ points, kept within the kind's min and max */
  readonly counted: Scaled;
  /** whether min or max cut it */
  readonly capped: boolean;
}

export interface CountyScore {
  readonly composite: Scaled;
  readonly events: number;
  /** per kind, in the model's order */
  readonly kinds: readonly KindScore[];
}

export interface RankingInput {
  readonly model: RankingModel;
  readonly counties: readonly County[];
  readonly events: readonly ScoredEvent[];
  /** when given, every event must be dated within it */
  readonly period?: Span;
  readonly unit: Unit;
  readonly granularity: Scaled;
}

export interface RankingOutcome {
  readonly scores: CountyScore[];
  readonly ranked: Ranked[];
  /** N of each group after shrinking to ⌊n/2⌋ (0 when the model has no such group) */
  readonly size: { readonly bottom: number; readonly top: number };
}

const ZERO: Scaled = { coefficient: 0n, scale: 0 };
const ONE: Scaled = { coefficient: 1n, scale: 0 };
const dec = (x: Decimalish | undefined): Scaled | undefined => (x === undefined ? undefined : parseDecimal(x));

/** Composite points per county (in the order given); every reference problem is reported at once. */
export function compositeScores(model: RankingModel, counties: readonly County[], events: readonly ScoredEvent[], period?: Span): CountyScore[] {
  const issues: Issue[] = [];
  const countyIndex = new Map<string, number>();
  counties.forEach((c, i) => {
    const first = countyIndex.get(c.id);
    if (first === undefined) countyIndex.set(c.id, i);
    else issues.push({ path: pointer('counties', i, 'id'), en: `county id "${c.id}" is already used by /counties/${first}; ids must be unique.`, zh: `县 id "${c.id}" 已被 /counties/${first} 使用；id 不能重复。` });
  });
  const kindIndex = new Map(model.kinds.map((k, i) => [k.id, i]));
  const kindList = model.kinds.map((k) => k.id).join(', ');
  const sums = counties.map(() => model.kinds.map(() => ZERO));
  const counts = counties.map(() => model.kinds.map(() => 0));

  events.forEach((e, i) => {
    const at = (field: string) => pointer('events', i, field);
    const c = countyIndex.get(e.county);
    if (c === undefined) issues.push({ path: at('county'), en: `no county "${e.county}" in "counties"; add it there or correct the id.`, zh: `"counties" 中没有县 "${e.county}"；请先在其中列出或更正 id。` });
    const k = kindIndex.get(e.kind);
    if (k === undefined) issues.push({ path: at('kind'), en: `unknown event kind "${e.kind}"; the model "${model.id}" has ${kindList}.`, zh: `未知事项类型 "${e.kind}"；模型 "${model.id}" 的类型为 ${kindList}。` });
    const points = e.points !== undefined ? parseDecimal(e.points) : k !== undefined ? dec(model.kinds[k].points) : undefined;
    if (points === undefined && (e.points !== undefined || k !== undefined)) {
      issues.push(
        e.points !== undefined
          ? { path: at('points'), en: `points must be a decimal number like -2 or "1.5", got ${JSON.stringify(e.points)}.`, zh: `分值必须是数字，如 -2 或 "1.5"，实际为 ${JSON.stringify(e.points)}。` }
          : { path: at('points'), en: `kind "${e.kind}" has no standard points in the model; give this event its points.`, zh: `模型未规定 "${e.kind}" 类事项的分值；请为该事项填写分值。` },
      );
    }
    checkWhen(e, i, period, issues);
    if (c !== undefined && k !== undefined && points !== undefined) {
      sums[c][k] = addScaled(sums[c][k], points);
      counts[c][k] += 1;
    }
  });
  if (issues.length > 0) throw new EngineError(issues);

  const base = dec(model.base)!;
  const rules = model.kinds.map((k) => ({ weight: dec(k.weight) ?? ONE, min: dec(k.min), max: dec(k.max) }));
  return counties.map((_, c) => {
    let composite = base;
    let n = 0;
    const kinds = rules.map((r, k) => {
      const weighted = mulScaled(r.weight, sums[c][k]);
      const counted = clamp(weighted, r.min, r.max);
      composite = addScaled(composite, counted);
      n += counts[c][k];
      return { events: counts[c][k], points: sums[c][k], counted, capped: counted !== weighted };
    });
    return { composite, events: n, kinds };
  });
}

function clamp(x: Scaled, min: Scaled | undefined, max: Scaled | undefined): Scaled {
  if (min && compareScaled(x, min) < 0) return min;
  if (max && compareScaled(x, max) > 0) return max;
  return x;
}

/** An event's date or period: one of them, a real one, and inside the request's period when there is one. */
function checkWhen(e: ScoredEvent, i: number, period: Span | undefined, issues: Issue[]): void {
  if (e.date !== undefined && e.period !== undefined) {
    issues.push({ path: pointer('events', i, 'period'), en: 'give "date" or "period", not both.', zh: '"date" 与 "period" 只能填写一个。' });
    return;
  }
  const field = e.period !== undefined ? 'period' : 'date';
  const text = e.period ?? e.date;
  if (text === undefined) {
    if (period) issues.push({ path: pointer('events', i, 'date'), en: `the request covers ${period.from} to ${period.to}; date this event ("date" or "period") so it can be counted.`, zh: `请求的计分期间为 ${period.from} 至 ${period.to}；请为该事项填写 "date" 或 "period"。` });
    return;
  }
  const span = field === 'date' ? (isIsoDate(text) ? { from: text, to: text } : undefined) : periodSpan(text);
  if (!span) {
    issues.push(
      field === 'date'
        ? { path: pointer('events', i, 'date'), en: `"${text}" is not a date; write YYYY-MM-DD, e.g. "2024-05-15".`, zh: `"${text}" 不是有效日期；请写作 YYYY-MM-DD，如 "2024-05-15"。` }
        : { path: pointer('events', i, 'period'), en: `"${text}" is not a period; write ${PERIOD_FORMS}.`, zh: `"${text}" 不是有效期间；请写作 "2024"（年）、"2024-H1"（半年）、"2024-Q2"（季度）或 "2024-05"（月）。` },
    );
    return;
  }
  if (period && !within(span, period)) {
    issues.push({ path: pointer('events', i, field), en: `${text} is outside the request's period ${period.from} to ${period.to}; leave the event out or widen "period".`, zh: `${text} 不在请求的计分期间 ${period.from} 至 ${period.to} 内；请删除该事项或放宽 "period"。` });
  }
}

/**
 * Composites → ranks → the top and bottom groups with their amounts in the request's granules, through the
 * same rankAndScore (and the same conversion of model amounts to granules) as the allocation pipeline.
 */
export function rankCounties(input: RankingInput): RankingOutcome {
  const { model } = input;
  const scores = compositeScores(model, input.counties, input.events, input.period);
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
