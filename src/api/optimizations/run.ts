/**
 * POST /v1/optimizations: the request body, as validated by optimizationSchemas.ts, handed to the engine's
 * problem kind; and the answer's rows as a spreadsheet table.
 */
import type { PortfolioResult, RegionAllocationResult } from '../../domain/optimization/problems.js';
import { optimizePortfolio } from '../../domain/optimization/portfolio/portfolio.js';
import { optimizeRegions } from '../../domain/optimization/regions/allocation.js';
import { assignSources } from '../../domain/optimization/sources/assignment.js';
import { own } from '../../core/records.js';
import type { OptimizationRequestBody } from '../../schema/optimization.js';

export type OptimizationResult = RegionAllocationResult | PortfolioResult;

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

function fundSources(body: Extract<OptimizationRequestBody, { kind: 'portfolio' | 'sources' }>) {
  return body.sources.map((s) => ({ ...s, budget: text(s.budget), industryFloor: text(s.industryFloor) }));
}

function projects(body: Extract<OptimizationRequestBody, { kind: 'portfolio' | 'sources' }>) {
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
        min: text(r.min),
        max: text(r.max),
        lastYear: text(r.lastYear),
      })),
      groups: body.groups?.map((g) => ({
        ...g,
        minShare: text(g.minShare),
        maxShare: text(g.maxShare),
        minAmount: text(g.minAmount),
        maxAmount: text(g.maxAmount),
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
      objective: {
        maximize: typeof o.maximize === 'string' ? o.maximize : record(o.maximize)!,
        priorities: o.priorities,
        priorityWeights: record(o.priorityWeights),
      },
    });
  }
  return assignSources({ ...shared, preference: body.preference });
}

/** The answer's rows for a spreadsheet: regions, or projects with one column per fund source. */
export function optimizationTable(result: OptimizationResult): string[][] {
  if (result.kind === 'regions') {
    const header = ['id', 'target', 'amount', 'deviation', 'deviationPercent', 'lower', 'lowerBy', 'upper', 'upperBy', 'at'];
    return [
      header,
      ...result.rows.map((r) => [r.id, r.target, r.amount, r.deviation, r.deviationPercent ?? '', r.lower, r.lowerBy ?? '', r.upper ?? '', r.upperBy ?? '', r.at ?? '']),
    ];
  }
  const sourceIds = result.sources.map((s) => s.id);
  const header = ['id', 'chosen', 'amount', 'fraction', 'category', 'priority', 'town', 'drawingReview', ...sourceIds];
  return [
    header,
    ...result.projects.map((p) => [
      p.id,
      String(p.chosen),
      p.amount,
      p.fraction,
      p.category,
      p.priority === null ? '' : String(p.priority),
      p.town ?? '',
      String(p.drawingReview),
      // own(): a source id may be "toString"; the record loses its null prototype crossing Node's solver threads
      ...sourceIds.map((s) => own(p.bySource, s) ?? '0'),
    ]),
  ];
}

/** Whether the answer holds a plan (a table to download). */
export function hasPlan(result: OptimizationResult): boolean {
  return result.kind === 'regions' ? result.rows.length > 0 : result.projects.length > 0 && result.solve.status !== 'infeasible';
}

/** The answer without its trace (built only when read: JSON.stringify would otherwise build it). */
export function withoutTrace(result: OptimizationResult): OptimizationResult {
  if (result.kind !== 'regions' || !('trace' in result)) return result;
  const { trace: _trace, ...rest } = result;
  return rest;
}
