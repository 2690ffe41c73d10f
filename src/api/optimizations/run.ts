/**
 * POST /v1/optimizations: the request body, as validated by src/schema/optimization.ts, handed to the engine's
 * problem kind; and the engine's result as the one envelope (src/api/respond.ts): summary, rows (regions, or
 * projects), the kind's other parts, and the tables CSV/TSV can give. Rules that cannot all hold are not an
 * answer but a 422 (code constraints-cannot-hold), one error per rule that must give.
 */
import type { Issue } from '../../core/errors.js';
import { own } from '../../core/records.js';
import type { PortfolioResult, RegionAllocationResult, SolveReport } from '../../domain/optimization/problems.js';
import { optimizePortfolio } from '../../domain/optimization/portfolio/portfolio.js';
import { optimizeRegions } from '../../domain/optimization/regions/allocation.js';
import { assignSources } from '../../domain/optimization/sources/assignment.js';
import { issue } from '../../messages/index.js';
import type { FundingAnswerBody, OptimizationRequestBody, RegionsAnswerBody } from '../../schema/optimization.js';
import type { Answer, Table } from '../respond.js';

export type OptimizationResult = RegionAllocationResult | PortfolioResult;

/** The tables of kind regions, by ?table name; the first is the default. Each is a part of the JSON answer. */
export const REGIONS_TABLES = ['regions', 'groups'] as const;
/** The tables of kinds portfolio and sources, by ?table name; the first is the default. */
export const FUNDING_TABLES = ['projects', 'sources'] as const;
/** Every ?table name the route takes; which belong to which kind is checked against the body. */
export const OPTIMIZATION_TABLES = [...FUNDING_TABLES, ...REGIONS_TABLES] as const;
export type FundingTable = (typeof FUNDING_TABLES)[number];
export type RegionsTable = (typeof REGIONS_TABLES)[number];

const DEFAULT_GRANULARITY = '0.01';

/** JSON numbers become decimal text (the engine reads text); the schemas have checked they are finite. */
function text(v: string | number): string;
function text(v: string | number | undefined): string | undefined;
function text(v: string | number | undefined): string | undefined {
  return v === undefined ? undefined : String(v);
}

function record(r: Record<string, string | number> | undefined): Record<string, string> | undefined {
  return r === undefined ? undefined : Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)]));
}

type FundingBody = Extract<OptimizationRequestBody, { kind: 'portfolio' | 'sources' }>;
type RegionsBody = Extract<OptimizationRequestBody, { kind: 'regions' }>;

function fundSources(body: FundingBody) {
  return body.sources.map((s) => ({ ...s, budget: text(s.budget), floor: text(s.floor) }));
}

function projects(body: FundingBody) {
  return body.projects.map((p) => ({ ...p, cost: text(p.cost), benefits: record(p.benefits) }));
}

export async function runOptimization(body: OptimizationRequestBody): Promise<OptimizationResult> {
  const granularity = text(body.granularity) ?? DEFAULT_GRANULARITY;
  if (body.kind === 'regions') {
    return optimizeRegions({
      unit: body.unit as 'wan' | 'yuan',
      granularity,
      total: text(body.total),
      deviation: body.deviation ?? 'absolute',
      method: body.method ?? 'auto',
      holdHarmless: text(body.holdHarmless),
      growthCap: text(body.growthCap),
      regions: body.regions.map((r) => ({
        id: r.id,
        target: text(r.target),
        weight: text(r.weight),
        minimum: text(r.minimum),
        maximum: text(r.maximum),
        lastYear: text(r.lastYear),
      })),
      groups: body.groups?.map((g) => ({
        ...g,
        minimumShare: text(g.minimumShare),
        maximumShare: text(g.maximumShare),
        minimum: text(g.minimum),
        maximum: text(g.maximum),
      })),
      solver: body.solver,
    });
  }
  const shared = {
    unit: body.unit as 'wan' | 'yuan',
    granularity,
    sources: fundSources(body),
    projects: projects(body),
    industryCategories: body.industryCategories,
    excludedCategories: body.excludedCategories,
    drawingReviewThreshold: text(body.drawingReviewThreshold),
    solver: body.solver,
  };
  if (body.kind === 'portfolio') {
    const o = body.objective;
    return optimizePortfolio({
      ...shared,
      townCaps: record(body.townCaps),
      measures: body.measures,
      objective: {
        maximize: typeof o.maximize === 'string' ? o.maximize : record(o.maximize)!,
        priorities: o.priorities,
        priorityWeights: record(o.priorityWeights),
      },
    });
  }
  return assignSources({ ...shared, preference: body.preference });
}

/**
 * Rules that cannot all hold: one error per rule that must give, at its JSON pointer, saying by how much
 * (the elastic re-solve's relaxations); the whole request's pointer when the search found none. Undefined
 * when the result is not infeasible.
 */
export function contradictions(result: OptimizationResult): Issue[] | undefined {
  if (result.solve.status !== 'infeasible') return undefined;
  const why = result.infeasibility;
  if (why && why.relaxations.length > 0) return why.relaxations.map((r) => issue(r.path, 'constraints-cannot-hold', { rule: r }));
  const rule = why ?? { en: result.solve.message ?? 'the solver found them contradictory', zh: result.solve.message ?? '求解器判定规则相互矛盾' };
  return [issue('', 'constraints-cannot-hold', { rule: { en: rule.en.replace(/\.$/, ''), zh: rule.zh.replace(/。$/, '') } })];
}

/**
 * The solve report as the summary opens: status, method, backends, verified, gap, gapStage, message, size.
 * Not the wall time: the same request answers the same bytes (the route sends it as Server-Timing).
 */
function solveSummary(solve: SolveReport) {
  return {
    status: solve.status as Exclude<SolveReport['status'], 'infeasible'>,
    method: solve.method,
    backends: [...solve.backends],
    verified: solve.verified,
    ...(solve.gap !== undefined ? { gap: solve.gap } : {}),
    ...(solve.gapStage !== undefined ? { gapStage: solve.gapStage } : {}),
    ...(solve.message !== undefined ? { message: solve.message } : {}),
    ...(solve.size !== undefined ? { size: solve.size } : {}),
  };
}

const cell = (v: string | number | boolean | null | undefined) => (v === null || v === undefined ? '' : String(v));

/** Kind regions as the envelope: `region` (?region=, already checked) narrows the rows to one. */
export function regionsAnswer(body: RegionsBody, result: RegionAllocationResult, explain: boolean, region?: string): Answer {
  const names = body.regions.map((r) => r.name);
  const traces = explain ? result.rowTraces : undefined;
  let rows: RegionsAnswerBody['rows'] = result.rows.map((r, i) => ({
    id: r.id,
    ...(names[i] !== undefined ? { name: names[i] } : {}),
    target: r.target,
    amount: r.amount,
    deviation: r.deviation,
    deviationPercent: r.deviationPercent,
    minimum: r.minimum,
    maximum: r.maximum,
    minimumBy: r.minimumBy,
    maximumBy: r.maximumBy,
    at: r.at,
    ...(traces ? { trace: traces[i] } : {}),
  }));
  if (region !== undefined) rows = rows.filter((r) => r.id === region);
  const summary: RegionsAnswerBody['summary'] = {
    kind: 'regions',
    ...solveSummary(result.solve),
    granularity: result.granularity,
    objective: result.objective,
    // the regions' amounts add up to the total; without a plan there are none
    totals: {
      amount: result.rows.length > 0 ? result.total : zeroOf(result.granularity),
      count: result.rows.length,
    } as RegionsAnswerBody['summary']['totals'],
  };
  const trace = explain ? result.trace : undefined;
  const named = names.some((n) => n !== undefined);
  return {
    model: null,
    unit: result.unit,
    summary,
    rows,
    extra: { groups: result.groups, binding: result.binding, ...(trace ? { trace } : {}) },
    tables: (): Record<RegionsTable, Table> => ({
      regions: {
        columns: [
          { id: 'id' },
          ...(named ? [{ id: 'name' }] : []),
          { id: 'target', money: true },
          { id: 'amount', money: true },
          { id: 'deviation', money: true },
          { id: 'deviationPercent' },
          { id: 'minimum', money: true, sum: false },
          { id: 'maximum', money: true, sum: false },
          { id: 'minimumBy' },
          { id: 'maximumBy' },
          { id: 'at' },
        ],
        rows: rows.map((r) => [
          r.id,
          ...(named ? [cell(r.name)] : []),
          r.target,
          r.amount,
          r.deviation,
          cell(r.deviationPercent),
          r.minimum,
          cell(r.maximum),
          cell(r.minimumBy),
          cell(r.maximumBy),
          cell(r.at),
        ]),
      },
      // groups may overlap (a region in two): their amounts and shares have no meaningful sum
      groups: {
        columns: [{ id: 'id' }, { id: 'amount', money: true, sum: false }, { id: 'share', sum: false }, { id: 'sharePercent' }, { id: 'binding' }],
        rows: result.groups.map((g) => [g.id, g.amount, g.share, g.sharePercent, String(g.binding)]),
      },
    }),
  };
}

/** Nothing, with the granularity's decimals ("0.00"). */
function zeroOf(granularity: string): string {
  const places = granularity.split('.')[1]?.length ?? 0;
  return places > 0 ? `0.${'0'.repeat(places)}` : '0';
}

/** Kinds portfolio and sources as the envelope: rows are the projects; ?table=sources gives the sources. */
export function fundingAnswer(body: FundingBody, result: PortfolioResult): Answer {
  const requested = body.projects;
  const rows: FundingAnswerBody['rows'] = result.projects.map((p, i) => ({
    id: p.id,
    ...(requested[i].name !== undefined ? { name: requested[i].name } : {}),
    chosen: p.chosen,
    cost: String(requested[i].cost),
    amount: p.amount,
    share: p.share,
    sharePercent: p.sharePercent,
    bySource: p.bySource,
    category: p.category,
    priority: p.priority,
    town: p.town,
    drawingReview: p.drawingReview,
  }));
  const { amount, count, fundedProjectEquivalents, ...measures } = result.totals;
  // nothing, with the granularity's decimals ("0.00"): a source that pays nothing for a project, no plan's amount
  const zero = zeroOf(result.granularity);
  const summary: FundingAnswerBody['summary'] = {
    kind: result.kind,
    ...solveSummary(result.solve),
    granularity: result.granularity,
    objective: result.objective,
    // the measures beside three fixed keys (the schema reserves their names for this)
    totals: {
      ...measures,
      amount: amount ?? zero,
      count: Number(count ?? 0),
      fundedProjectEquivalents: fundedProjectEquivalents ?? '0.000000',
    } as FundingAnswerBody['summary']['totals'],
  };
  const sourceIds = result.sources.map((s) => s.id);
  const named = requested.some((p) => p.name !== undefined);
  return {
    model: null,
    unit: result.unit,
    summary,
    rows,
    extra: {
      sources: result.sources,
      ...(result.priorityStages ? { priorityStages: result.priorityStages } : {}),
      marginalValues: result.marginalValues,
      binding: result.binding,
    },
    tables: (): Record<FundingTable, Table> => ({
      projects: {
        columns: [
          { id: 'id' },
          ...(named ? [{ id: 'name' }] : []),
          { id: 'chosen' },
          { id: 'cost', money: true },
          { id: 'amount', money: true },
          { id: 'share' },
          { id: 'sharePercent' },
          { id: 'category' },
          { id: 'priority' },
          { id: 'town' },
          { id: 'drawingReview' },
          // one column per fund source: what it pays for each project
          ...sourceIds.map((id) => ({ id, money: true, title: { zh: `「${id}」资金`, en: `paid by ${id}` } })),
        ],
        rows: rows.map((p) => [
          p.id,
          ...(named ? [cell(p.name)] : []),
          String(p.chosen),
          p.cost,
          p.amount,
          p.share,
          p.sharePercent,
          p.category,
          cell(p.priority),
          cell(p.town),
          String(p.drawingReview),
          // own(): a source id may be "toString"; the record loses its null prototype crossing Node's solver threads
          ...sourceIds.map((s) => own(p.bySource, s) ?? zero),
        ]),
        // null prototype: respond.ts looks cells up with `in`, and a source may be called "toString"
        total: Object.assign(Object.create(null) as Record<string, string>, { chosen: String(summary.totals.count) }),
      },
      sources: {
        columns: [
          { id: 'id' },
          { id: 'budget', money: true },
          { id: 'used', money: true },
          { id: 'unused', money: true },
          { id: 'industry', money: true },
          { id: 'industryShare' },
          { id: 'industrySharePercent' },
          { id: 'floor' },
          { id: 'floorPercent' },
          { id: 'budgetBinding' },
          { id: 'floorBinding' },
        ],
        rows: result.sources.map((s) => [
          s.id,
          s.budget,
          s.used,
          s.unused,
          s.industry,
          cell(s.industryShare),
          cell(s.industrySharePercent),
          cell(s.floor),
          cell(s.floorPercent),
          String(s.budgetBinding),
          String(s.floorBinding),
        ]),
      },
    }),
  };
}

/** The answer without its traces (built only when read: copying or serialising would otherwise build them). */
export function withoutTrace(result: OptimizationResult): OptimizationResult {
  if (result.kind !== 'regions' || !('trace' in result)) return result;
  // copied key by key: destructuring would read (and so build) the traces it leaves out
  const rest: Record<string, unknown> = {};
  for (const key of Object.keys(result)) if (key !== 'trace' && key !== 'rowTraces') rest[key] = result[key as keyof RegionAllocationResult];
  return rest as unknown as RegionAllocationResult;
}
