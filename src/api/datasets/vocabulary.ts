/**
 * A model's vocabulary for datasets (src/domain/datasets/columns.ts): the indicators an allocation model
 * reads, by the keys regions carry them under, with their titles and, for categories, the names each goes
 * by — the common ones (国家重点县 …) and the model's own set-aside titles that select one category
 * ("国家乡村振兴重点帮扶县切块" selects keyCounty = national: 国家乡村振兴重点帮扶县 → national).
 */
import type { z } from '@hono/zod-openapi';
import { CATEGORY_NAMES, type IndicatorTerm, PIPELINE_NAMES, type Vocabulary } from '../../domain/datasets/columns.js';
import type { ModelFile } from '../../schema/allocation.js';
import type { Principal } from '../access/principal.js';
import { findModel } from '../models/catalog.js';
import { parseRef, resolveSaved } from '../models/saved.js';
import type { Store } from '../../store/store.js';

type ModelData = z.infer<typeof ModelFile>;

const CACHE = new Map<string, Vocabulary>();

/** The vocabulary of a built-in allocation model, or undefined when there is no such model. */
export function vocabularyOf(modelId: string): Vocabulary | undefined {
  const cached = CACHE.get(modelId);
  if (cached) return cached;
  const found = findModel('allocation', modelId);
  if (!found) return undefined;
  const vocab = build(modelId, found.model as ModelData);
  CACHE.set(modelId, vocab);
  return vocab;
}

/** Finds a model's vocabulary by id, or undefined when the caller has no such allocation model. */
export type VocabularyLookup = (modelId: string) => Promise<Vocabulary | undefined>;

/**
 * The lookup of one request: a built-in allocation model, else a saved one the caller may see ("id", its
 * latest version, or "id@n"). A saved model's vocabulary is built per request (its versions change).
 */
export function vocabularies(store: Store, who: Principal): VocabularyLookup {
  return async (modelId) => {
    const builtIn = vocabularyOf(modelId);
    if (builtIn) return builtIn;
    const ref = parseRef(modelId);
    if (!ref) return undefined;
    const saved = await resolveSaved(store, who, 'allocation', ref);
    if (!saved) return undefined;
    try {
      return build(modelId, JSON.parse(saved.body) as ModelData);
    } catch {
      return undefined;
    }
  };
}

function build(modelId: string, model: ModelData): Vocabulary {
  const terms = new Map<string, { names: string[]; categories?: Map<string, string[]>; text?: boolean }>();
  const term = (key: string) => {
    let t = terms.get(key);
    if (!t) terms.set(key, (t = { names: [] }));
    return t;
  };
  for (const factor of model.factors ?? []) {
    for (const ind of factor.indicators) {
      const key = ind.input ?? ind.id;
      const t = term(key);
      if (ind.title) t.names.push(ind.title.zh, ind.title.en);
      if (key !== ind.id) t.names.push(ind.id);
      const coefficients = (ind as { coefficients?: Record<string, unknown> }).coefficients;
      if (coefficients) {
        t.categories ??= new Map();
        for (const value of Object.keys(coefficients)) t.categories.set(value, [...(CATEGORY_NAMES[value] ?? [])]);
      }
    }
  }
  const pipeline = model.pipeline;
  for (const setAside of pipeline?.setAsides ?? []) {
    for (const [key, value] of Object.entries(setAside.regions?.where ?? {})) {
      const t = term(key);
      if (typeof value === 'string' && t.categories?.has(value) && setAside.title) {
        t.categories.get(value)!.push(setAside.title.zh.replace(/切块$/, ''));
      }
    }
    const split = setAside.split;
    if (split && typeof split === 'object' && 'by' in split) term(split.by);
  }
  if (pipeline?.points) term(pipeline.points.input).names.push(...PIPELINE_NAMES.points);
  if (pipeline?.grades) {
    const t = term(pipeline.grades.input);
    t.names.push(...PIPELINE_NAMES.grades);
    t.text = true;
  }
  if (pipeline?.negativeList) term(pipeline.negativeList.input).names.push(...PIPELINE_NAMES.negativeList);
  const indicators: IndicatorTerm[] = [...terms].map(([key, t]) => ({
    key,
    names: t.names,
    ...(t.categories ? { categories: [...t.categories].map(([value, names]) => ({ value, names })) } : {}),
    ...(t.text ? { text: true } : {}),
  }));
  return { model: modelId, indicators };
}
