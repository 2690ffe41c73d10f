/**
 * Turns a validated request body into the engine's scenario: resolves the model (built-in or inline) and
 * its overrides, parses the decimals, settles unit and granularity. Shared by the route, the CLI and the
 * scenario tests, so all three compute through the same door.
 */
import { allocate, AllocationResult, AllocationScenario, regionIssues, Shares } from '../../domain/allocation/allocate.js';
import { EngineError, Issue } from '../../core/errors.js';
import { allocateLevels, ChildLevel, childPath, LevelsResult } from '../../domain/allocation/levels.js';
import { convert, parseDecimal, Scaled, Unit } from '../../core/money.js';
import type { Model, PreparedModel } from '../../domain/allocation/model.js';
import { prepareWithOverrides } from '../../domain/allocation/overrides.js';
import { allocationModel, unknownModel } from '../models/catalog.js';
import { fromZod } from '../problem.js';
import { canonicalJson, type ModelUsed } from '../provenance.js';
import { Pipeline, type AllocationRequestBody } from '../../schema/allocation.js';
import { partsValid } from '../common.js';
import type { StageId } from '../../domain/allocation/pipeline/run.js';

const DEFAULT_GRANULARITY: Scaled = { coefficient: 1n, scale: 2 };

export function toScenario(body: AllocationRequestBody, explain = false, overridesKey?: string): AllocationScenario {
  const prepared = preparedModel(body.model, body.overrides, overridesKey);
  const unit = body.unit as Unit;
  return {
    model: prepared,
    off: new Set((body.overrides?.off ?? []) as StageId[]),
    total: parseDecimal(body.total)!,
    unit,
    granularity: granularityOf(body, prepared.model, unit),
    regions: body.regions,
    explain,
  };
}

/** Runs a request: one level, or two when regions carry children (二次分配). */
export function runRequest(body: AllocationRequestBody, explain = false, sharesMemo?: Map<string, Shares>): AllocationResult | LevelsResult {
  return runAllocation(body, explain, sharesMemo).result;
}

/** A request's result and the model as it used it (after overrides; stages switched off named), for the provenance. */
export function runAllocation(
  body: AllocationRequestBody,
  explain = false,
  sharesMemo?: Map<string, Shares>,
  explainOnly?: AllocationScenario['explainOnly'],
): { result: AllocationResult | LevelsResult; model: ModelUsed } {
  // a built-in model's content is a function of it and the overrides: it is prepared once, and its hash
  // remembered, by them
  const base = typeof body.model === 'string' ? allocationModel(body.model)?.model : undefined;
  const key = base ? canonicalJson(body.overrides ?? null) : undefined;
  const scenario = toScenario(body, explain, key);
  const top = explainOnly ? { ...scenario, explainOnly } : scenario;
  const m = top.model.model;
  const content = top.off && top.off.size > 0 ? { ...m, off: [...top.off] } : m;
  const hashKey = base && key !== undefined ? { base, key } : undefined;
  const model: ModelUsed = hashKey ? { id: m.id, version: m.version, content, hashKey } : { id: m.id, version: m.version, content };
  return { result: levels(body, top, sharesMemo), model };
}

function levels(body: AllocationRequestBody, top: AllocationScenario, sharesMemo?: Map<string, Shares>): AllocationResult | LevelsResult {
  if (!body.regions.some((r) => r.children)) return allocate(sharesMemo ? { ...top, sharesMemo } : top);
  const issues: Issue[] = [];
  const children = body.regions.map((r, c): ChildLevel | undefined => {
    if (!r.children) return undefined;
    // a city with its own model uses its own overrides; one that shares the request's model shares its overrides too
    const overrides = r.overrides ?? (r.model ? undefined : body.overrides);
    try {
      const { model } = resolveModel(r.model ?? body.model);
      const prepared = prepareWithOverrides(model, overrides, '/model');
      if (overrides?.pipeline) checkPatchedPipeline(prepared);
      return { model: prepared, regions: r.children, off: new Set((overrides?.off ?? []) as StageId[]) };
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      issues.push(...e.issues.map((i) => ({ ...i, path: childPath(i.path, c) })));
      return undefined;
    }
  });
  if (issues.length > 0) throw new EngineError(issues);
  return allocateLevels(top, children);
}

const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

/**
 * The request's checks beyond its schema, run on a body that failed its schema too (src/api/common.ts
 * alsoCheck), so that independent mistakes come in one 422: the model with its overrides when /model and
 * /overrides passed (an unknown id, weights that no longer add up …), then, when the regions passed too,
 * what they hold wrong for that model (ids used twice, values it cannot read, indicators it never reads).
 * `failed` are the schema's issues; one it gave at the same pointer is not repeated.
 */
export function allocationChecks(body: unknown, failed: readonly Issue[], at = ''): Issue[] {
  if (!isRecord(body)) return [];
  const inside = (part: string) => partsValid(failed, at + part);
  if (!inside('/model') || !inside('/overrides') || body.model === undefined) return [];
  const request = body as AllocationRequestBody;
  const issues: Issue[] = [];
  let prepared: PreparedModel | undefined;
  try {
    const { model, base } = resolveModel(request.model);
    prepared = prepareWithOverrides(model, request.overrides, base);
    if (request.overrides?.pipeline) checkPatchedPipeline(prepared);
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    issues.push(...e.issues);
  }
  if (prepared && inside('/regions') && Array.isArray(request.regions)) {
    const unit: Unit = request.unit === 'wan' || request.unit === 'yuan' ? request.unit : 'yuan';
    issues.push(...regionIssues(prepared, request.regions, unit));
  }
  const taken = new Set(failed.map((i) => i.path));
  return issues.map((i) => ({ ...i, path: at + i.path })).filter((i) => !taken.has(i.path));
}

/**
 * A pipeline patched by overrides is checked by the same schema as a model's, its problems located in the
 * patch; the model then holds the schema's reading of it (a share patched as "90%" is the engine's "0.9").
 */
function checkPatchedPipeline(prepared: PreparedModel): void {
  const parsed = Pipeline.safeParse(prepared.model.pipeline);
  if (!parsed.success) throw new EngineError(fromZod(parsed.error.issues, ['overrides', 'pipeline']));
  (prepared.model as { pipeline?: unknown }).pipeline = parsed.data; // the merged copy, this request's own
}

/** Built-in models as prepared with overrides, by the overrides' canonical JSON (MAX_PREPARED per model). */
const preparedModels = new WeakMap<Model, Map<string, PreparedModel>>();
const MAX_PREPARED = 64;

/**
 * The request's model with its overrides, prepared (its patched pipeline checked). A built-in model with the
 * same overrides (`overridesKey`: their canonical JSON) is prepared once: preparing it took ~3% of a
 * 183-region request, and the engine's per-model caches (factorTemplates) then hit too. A prepared model is
 * never changed after this (the engine only reads it), so requests can share it. Refused overrides throw
 * and are not remembered.
 */
function preparedModel(ref: AllocationRequestBody['model'], overrides: AllocationRequestBody['overrides'], overridesKey?: string): PreparedModel {
  const { model, base } = resolveModel(ref);
  const builtIn = typeof ref === 'string' && overridesKey !== undefined;
  let known = builtIn ? preparedModels.get(model) : undefined;
  const hit = known?.get(overridesKey!);
  if (hit) return hit;
  const prepared = prepareWithOverrides(model, overrides, base);
  if (overrides?.pipeline) checkPatchedPipeline(prepared);
  if (builtIn) {
    if (!known) preparedModels.set(model, (known = new Map()));
    if (known.size >= MAX_PREPARED) known.clear();
    known.set(overridesKey!, prepared);
  }
  return prepared;
}

function resolveModel(ref: AllocationRequestBody['model']): { model: Model; base: string } {
  if (typeof ref === 'string') {
    const entry = allocationModel(ref);
    if (!entry) throw new EngineError([unknownModel('allocation', ref)]);
    return { model: entry.model, base: '/model' };
  }
  const model: Model = { ...ref, id: ref.id ?? 'inline', version: ref.version ?? 'inline' } as Model;
  return { model, base: '/model' };
}

/** The request's granularity, else the model's (converted to the request's unit), else 0.01. */
function granularityOf(body: AllocationRequestBody, model: Model, unit: Unit): Scaled {
  if (body.granularity !== undefined) return parseDecimal(body.granularity)!;
  if (model.granularity !== undefined) {
    return convert(parseDecimal(model.granularity)!, (model.unit ?? unit) as Unit, unit);
  }
  return DEFAULT_GRANULARITY;
}
