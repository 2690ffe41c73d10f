/**
 * An allocation's result as the one envelope (src/api/respond.ts): summary, rows, then books, children and
 * trace, narrowed to one region when asked. Apart from the route so the widget's bundle (src/widget/engine.ts)
 * builds the same answer in a browser without Hono's routing.
 */
import type { AllocationResult } from '../../domain/allocation/allocate.js';
import type { LevelsResult } from '../../domain/allocation/levels.js';
import { EngineError } from '../../core/errors.js';
import { issue } from '../../messages/index.js';
import type { ModelUsed } from '../provenance.js';
import type { Answer } from '../respond.js';
import { allocationTable } from './tables.js';

/** The allocation as the one envelope: summary, rows, then books, children and trace; narrowed to one region when asked. */
export function allocationAnswer(result: AllocationResult | LevelsResult, model: ModelUsed, region?: string): Answer {
  const children = 'children' in result ? result.children : undefined;
  let rows: (AllocationResult | LevelsResult)['rows'] = result.rows;
  let trace = result.trace;
  let kids = children;
  if (region !== undefined) {
    const keep = (rows as { id: string; path?: string[] }[]).map((r) => r.id === region || r.path?.join('/') === region);
    if (!keep.includes(true)) throw new EngineError([issue('?region', 'unknown-region', { id: region, known: knownIds(rows) })]);
    rows = rows.filter((_, i) => keep[i]) as typeof rows;
    const ids = new Set(rows.map((r) => r.id));
    const cities = new Set((rows as { path?: string[] }[]).map((r) => r.path?.[0]).filter((x): x is string => x !== undefined));
    trace = narrowTrace(trace, ids);
    kids = children?.filter((k) => cities.has(k.id)).map((k) => ({ ...k, ...(k.trace ? { trace: narrowTrace(k.trace, ids) } : {}) }));
  }
  const extra: Record<string, unknown> = {};
  if (result.books) extra.books = result.books;
  if (kids) extra.children = kids;
  if (trace) extra.trace = trace;
  return {
    model,
    unit: result.unit,
    summary: result.summary,
    rows,
    extra,
    tables: () => ({ rows: allocationTable(result) }),
  };
}

/** The request's ids as rows name them ("city/county" at the second level), for the unknown-region message. */
function knownIds(rows: readonly { id: string; path?: string[] }[]): string[] {
  return rows.map((r) => (r.path && r.path.length > 1 ? r.path.join('/') : r.id));
}

/** The whole answer's trace, its per-region parts kept for these regions only. */
function narrowTrace<T extends AllocationResult['trace']>(trace: T, ids: ReadonlySet<string>): T {
  if (!trace) return trace;
  const rounding = { ...trace.rounding, awardedTo: trace.rounding.awardedTo.filter((id) => ids.has(id)) };
  if (!trace.pipeline) return { ...trace, rounding };
  const p = trace.pipeline;
  const only = (record: Record<string, string>) => Object.fromEntries(Object.entries(record).filter(([id]) => ids.has(id)));
  return {
    ...trace,
    rounding,
    pipeline: {
      ...p,
      ...(p.points ? { points: { ...p.points, ranking: p.points.ranking.filter((r) => ids.has(r.id)) } } : {}),
      bounds: { ...p.bounds, floors: only(p.bounds.floors), caps: only(p.bounds.caps) },
    },
  };
}
