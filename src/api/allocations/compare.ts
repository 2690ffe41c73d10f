/**
 * POST /v1/allocations/compare, the request side: each variant is the baseline request with its changes
 * applied (overrides combined, total replaced, regions patched), run through the same door as any request.
 */
import { compareRows, CompareRow } from '../../domain/allocation/compare.js';
import { EngineError, Issue, pointer } from '../../core/errors.js';
import { composePatches, mergePatch } from '../../domain/allocation/overrides.js';
import { runAllocation, runRequest } from './run.js';
import { issue } from '../../messages/index.js';
import type { ModelUsed } from '../provenance.js';
import type { AllocationSummary } from '../../domain/allocation/allocate.js';
import type { AllocationRequestBody, CompareRequestBody, OverridesData, VariantBody } from '../../schema/allocation.js';

/** A comparison: the baseline's model as used, one row per region, each variant's model and summary. */
export interface CompareOutcome {
  readonly model: ModelUsed;
  readonly unit: string;
  readonly summary: { regions: number; variants: number; baseline: AllocationSummary };
  readonly variants: { name: string; model: { id: string; version: string }; summary: AllocationSummary }[];
  readonly rows: CompareRow[];
}

export function runCompare(body: CompareRequestBody): CompareOutcome {
  // variants that leave the regions' indicators alone reuse the baseline's factor shares when their
  // formula is the same (the memo is keyed by the model's factors and inputs)
  const memo = new Map();
  const baseline = located(() => runAllocation(body.baseline, false, memo), (path) => '/baseline' + path, '');
  const variants = body.variants.map((v, k) => {
    const request = variantRequest(body.baseline, v, k);
    const sameIndicators = Object.values(v.regions ?? {}).every((patch) => patch.indicators === undefined);
    const result = located(
      () => runRequest(request, false, sameIndicators ? memo : undefined),
      (path) => (path.startsWith('/overrides') && v.overrides ? `/variants/${k}` : '/baseline') + path,
      ` (variant "${v.name}")`,
    );
    return { name: v.name, result };
  });
  const rows = compareRows(
    baseline.result.rows,
    variants.map(({ name, result }) => ({ name, rows: result.rows })),
  );
  return {
    model: baseline.model,
    unit: baseline.result.unit,
    summary: { regions: rows.length, variants: variants.length, baseline: baseline.result.summary },
    rows,
    variants: variants.map(({ name, result }) => ({ name, model: result.model, summary: result.summary })),
  };
}

/** Runs `fn`; an engine problem is re-pointed into the compare request and says which variant it is in. */
function located<T>(fn: () => T, where: (path: string) => string, which: string): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    throw new EngineError(e.issues.map((i) => ({ ...i, path: where(i.path), en: i.en + which, zh: i.zh + which })));
  }
}

function variantRequest(base: AllocationRequestBody, v: VariantBody, k: number): AllocationRequestBody {
  const issues: Issue[] = [];
  const patches = new Map(Object.entries(v.regions ?? {}));
  const patch = <R extends AllocationRequestBody['regions'][number] | NonNullable<AllocationRequestBody['regions'][number]['children']>[number]>(
    region: R,
    key: string,
  ): R => {
    const p = patches.get(key);
    if (!p) return region;
    patches.delete(key);
    const indicators = p.indicators ? (mergePatch(region.indicators, p.indicators) as R['indicators']) : region.indicators;
    const next = { ...region, indicators };
    if (p.lastYear === null) delete next.lastYear;
    else if (p.lastYear !== undefined) next.lastYear = p.lastYear;
    return next;
  };
  const regions = base.regions.map((r) => {
    const top = patch(r, r.id);
    return r.children ? { ...top, children: r.children.map((c) => patch(c, `${r.id}/${c.id}`)) } : top;
  });
  for (const key of patches.keys()) {
    issues.push(issue(pointer('variants', k, 'regions', key), 'variant-unknown-region', { variant: v.name, key }));
  }
  if (issues.length > 0) throw new EngineError(issues);
  return {
    ...base,
    ...(v.total !== undefined ? { total: v.total } : {}),
    overrides: combine(base.overrides, v.overrides),
    regions,
  };
}

/** A variant's overrides on top of the baseline's: keys merge (the variant wins), pipeline patches compose, stages off add up. */
function combine(base: OverridesData | undefined, v: OverridesData | undefined): OverridesData | undefined {
  if (!v) return base;
  if (!base) return v;
  const off = [...new Set([...(base.off ?? []), ...(v.off ?? [])])];
  return {
    ...(base.weights || v.weights ? { weights: { ...base.weights, ...v.weights } } : {}),
    ...(base.indicators || v.indicators ? { indicators: { ...base.indicators, ...v.indicators } } : {}),
    ...(base.pipeline || v.pipeline ? { pipeline: composePatches(base.pipeline ?? {}, v.pipeline ?? {}) as Record<string, unknown> } : {}),
    ...(off.length > 0 ? { off } : {}),
  };
}
