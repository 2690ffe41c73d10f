/**
 * The region indicator keys a model reads, and the check that a region gives no other: a misspelt key must
 * not be silently ignored. Shared by the exact engine (allocate.ts) and its double fast path (quick.ts).
 */
import { type Issue, pointer } from '../../core/errors.js';
import { parseDecimal } from '../../core/money.js';
import { issue } from '../../messages/index.js';
import type { RegionInput } from './factors.js';
import type { PreparedModel } from './model.js';
import { pipelineInputs } from './pipeline/run.js';

export interface ModelInputs {
  /** every key a region's indicators may hold: the formula's inputs and the pipeline's */
  readonly inputs: ReadonlySet<string>;
  /**
   * Inputs only a set-aside's split reads (as numbers), with the set-aside: it reads them for the receiving
   * regions only, but what other regions give there is checked all the same.
   */
  readonly splitNumbers: ReadonlyMap<string, string>;
}

/** By prepared model (never changed once prepared): its inputs, worked out once. */
const known = new WeakMap<PreparedModel, ModelInputs>();

export function modelInputs(model: PreparedModel): ModelInputs {
  let found = known.get(model);
  if (found) return found;
  const inputs = new Set<string>(pipelineInputs(model.model.pipeline));
  for (const f of model.factors) for (const ind of f.indicators) inputs.add(ind.input);
  const splitNumbers = setAsideSplitNumbers(model.model.pipeline?.setAsides);
  for (const f of model.factors) for (const ind of f.indicators) splitNumbers.delete(ind.input); // the formula reads every region's
  found = { inputs, splitNumbers };
  known.set(model, found);
  return found;
}

/** Pushes an issue (up to 50 in all) for each indicator key the model never reads, and each split number that is not one. */
export function checkIndicatorKeys(model: PreparedModel, regions: readonly RegionInput[], issues: Issue[]): void {
  const { inputs, splitNumbers } = modelInputs(model);
  const names = () => [...inputs].join(', ');
  regions.forEach((r, i) => {
    for (const key of Object.keys(r.indicators)) {
      if (!inputs.has(key) && issues.length < 50) {
        issues.push(issue(pointer('regions', i, 'indicators', key), 'indicator-not-read', { model: model.model.id, key, known: names() }));
        continue;
      }
      const setAside = splitNumbers.get(key);
      if (setAside === undefined || issues.length >= 50) continue;
      if (!isSplitNumber(r.indicators[key])) {
        issues.push(issue(pointer('regions', i, 'indicators', key), 'set-aside-reads-number', { setAside, key, shown: JSON.stringify(r.indicators[key]) }));
      }
    }
  });
}

/** What a set-aside's split can read: a decimal ≥ 0. */
export function isSplitNumber(value: string | number): boolean {
  const x = parseDecimal(value);
  return x !== undefined && x.coefficient >= 0n;
}

/** Inputs a set-aside's split reads as numbers (by, or a sub-formula's indicators but coefficients), with the set-aside. */
function setAsideSplitNumbers(setAsides: NonNullable<PreparedModel['model']['pipeline']>['setAsides']): Map<string, string> {
  const out = new Map<string, string>();
  for (const sa of setAsides ?? []) {
    const split = sa.split;
    if (!split || typeof split !== 'object') continue;
    if ('factors' in split) {
      for (const f of split.factors) for (const ind of f.indicators) if (ind.transform !== 'coefficient') out.set(ind.input ?? ind.id, sa.id);
    } else out.set(split.by, sa.id);
  }
  return out;
}
