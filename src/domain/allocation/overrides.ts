/**
 * What-if overrides of a model's parameters: new factor weights, new indicator parameters. The result is
 * a new model checked like any other; problems are reported at the override that caused them.
 */
import { EngineError, Issue, pointer } from '../../core/errors.js';
import { Decimalish, FactorSpec, IndicatorSpec, Model, prepareModel, PreparedModel } from './model.js';
import { own } from '../../core/records.js';
import { issue } from '../../messages/index.js';

export interface IndicatorOverride {
  readonly weight?: Decimalish;
  readonly benchmark?: Decimalish;
  readonly coefficients?: Readonly<Record<string, Decimalish>>;
  readonly default?: Decimalish;
  readonly maximum?: Decimalish;
}

export interface Overrides {
  /** factor id → weight */
  readonly weights?: Readonly<Record<string, Decimalish>>;
  /** "factorId.indicatorId" → parameters */
  readonly indicators?: Readonly<Record<string, IndicatorOverride>>;
  /** a JSON merge patch (RFC 7396) of the pipeline; the caller checks the result */
  readonly pipeline?: Readonly<Record<string, unknown>>;
  /** the model's plain fields, patched as a JSON merge patch would (null removes the granularity) */
  readonly granularity?: Decimalish | null;
  readonly unit?: string;
  /** pipeline stages switched off */
  readonly off?: readonly string[];
}

/**
 * Two merge patches as one: applying the result equals applying `first`, then `second`. Unlike
 * mergePatch, a null in `second` survives, so a variant can still delete what the baseline's patch kept.
 */
export function composePatches(first: unknown, second: unknown): unknown {
  if (second === null || typeof second !== 'object' || Array.isArray(second)) return second;
  if (first === null || typeof first !== 'object' || Array.isArray(first)) return second;
  // a Map, not an object: a key such as "toString" or "__proto__" is a field like any other
  const out = new Map(Object.entries(first));
  for (const [key, value] of Object.entries(second)) out.set(key, value === null ? null : composePatches(out.get(key), value));
  return Object.fromEntries(out);
}

/**
 * RFC 7396: objects merge key by key, null deletes, anything else replaces. It recurses once per level of
 * the patch, as does composePatches: the API's body guard (src/api/bodyGuard.ts) refuses bodies nested more
 * than MAX_DEPTH (64) levels, so no request can overflow the stack here.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const base = new Map(target !== null && typeof target === 'object' && !Array.isArray(target) ? Object.entries(target) : []);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) base.delete(key);
    else base.set(key, mergePatch(base.get(key), value));
  }
  return Object.fromEntries(base);
}

/** Applies overrides and prepares the model; `base` is where the model sits in the request. */
export function prepareWithOverrides(model: Model, overrides: Overrides | undefined, base: string): PreparedModel {
  if (!overrides) return prepareModel(model, base);
  const merged = applyOverrides(model, overrides);
  try {
    return prepareModel(merged, base, new Set(Object.keys(overrides.weights ?? {})));
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    throw new EngineError(e.issues.map((i) => relocate(i, model, overrides, base)));
  }
}

export function applyOverrides(model: Model, overrides: Overrides): Model {
  const issues: Issue[] = [];
  const factorIds = new Set(model.factors.map((f) => f.id));
  for (const id of Object.keys(overrides.weights ?? {})) {
    if (!factorIds.has(id)) {
      issues.push(issue(pointer('overrides', 'weights', id), 'unknown-factor', { model: model.id, id, known: [...factorIds] }));
    }
  }
  const indicatorKeys = new Set(model.factors.flatMap((f) => f.indicators.map((i) => `${f.id}.${i.id}`)));
  for (const key of Object.keys(overrides.indicators ?? {})) {
    if (!indicatorKeys.has(key)) {
      issues.push(issue(pointer('overrides', 'indicators', key), 'unknown-indicator', { model: model.id, key, known: [...indicatorKeys] }));
    }
  }
  if (issues.length > 0) throw new EngineError(issues);

  const factors = model.factors.map((f): FactorSpec => {
    const weight = own(overrides.weights, f.id) ?? f.weight;
    const indicators = f.indicators.map((ind): IndicatorSpec => {
      const o = own(overrides.indicators, `${f.id}.${ind.id}`);
      if (!o) return ind;
      const merged = { ...ind, ...o };
      if (o.coefficients) merged.coefficients = { ...ind.coefficients, ...o.coefficients };
      return merged;
    });
    return { ...f, weight, indicators };
  });
  const pipeline = overrides.pipeline ? (mergePatch(model.pipeline ?? {}, overrides.pipeline) as Model['pipeline']) : model.pipeline;
  const plain = mergePatch(
    { granularity: model.granularity, unit: model.unit },
    {
      ...(overrides.granularity !== undefined ? { granularity: overrides.granularity } : {}),
      ...(overrides.unit !== undefined ? { unit: overrides.unit } : {}),
    },
  ) as Pick<Model, 'granularity' | 'unit'>;
  const out: Model = { ...model, factors, ...(pipeline ? { pipeline } : {}), ...plain };
  if (plain.granularity === undefined) delete (out as { granularity?: unknown }).granularity;
  if (plain.unit === undefined) delete (out as { unit?: unknown }).unit;
  return out;
}

/** Moves an issue found in the merged model to the override that caused it, when one did. */
function relocate(issue: Issue, model: Model, overrides: Overrides, base: string): Issue {
  const rest = issue.path.startsWith(base) ? issue.path.slice(base.length) : issue.path;
  if (rest === '/factors' && overrides.weights) return { ...issue, path: '/overrides/weights' };
  const m = /^\/factors\/(\d+)(\/.*)?$/.exec(rest);
  if (!m) return issue;
  const factor = model.factors[Number(m[1])];
  const tail = m[2] ?? '';
  if (tail === '/weight' && own(overrides.weights, factor.id) !== undefined) {
    return { ...issue, path: pointer('overrides', 'weights', factor.id) };
  }
  const im = /^\/indicators(?:\/(\d+)(\/.*)?)?$/.exec(tail);
  if (im) {
    if (im[1] === undefined) return { ...issue, path: '/overrides/indicators' };
    const key = `${factor.id}.${factor.indicators[Number(im[1])].id}`;
    if (own(overrides.indicators, key)) return { ...issue, path: pointer('overrides', 'indicators', key) + (im[2] ?? '') };
  }
  return issue;
}
