/**
 * 切块/单列: money reserved before the formula runs — for listed regions (split equally or by one of their
 * indicators) or for a purpose (a management fee, a reserve that funds rewards). Reference case: Sichuan
 * 2023 split 172.94亿 by factors and added 25.8亿 for 25 national and 10亿 for 25 provincial key counties.
 */
import { Issue, pointer } from '../../../core/errors.js';
import type { RegionInput } from '../factors.js';
import { apportion, atScale, parseDecimal, Ratio, ratioOf, roundRatio } from '../../../core/money.js';
import type { FactorSpec, RegionSelector, SetAsideSpec } from '../model.js';
import { own } from '../../../core/records.js';
import { issue } from '../../../messages/index.js';

export interface SetAsideOutcome {
  readonly spec: SetAsideSpec;
  readonly kind: 'regions' | 'purpose' | 'reserve';
  /** granules actually set aside (0 when no region qualified: the money stays in the formula pool) */
  readonly granules: bigint;
  /** granules per region (regions kind only) */
  readonly perRegion?: bigint[];
  readonly recipients: number[];
  readonly note: string;
}

/** A selector compiled once into a test of a region (every `where` key must match; `ids` lists regions by id). */
export function selector(sel: RegionSelector): (region: RegionInput) => boolean {
  const ids = sel.ids ? new Set(sel.ids) : undefined;
  const where = Object.entries(sel.where ?? {}).map(([key, wanted]) => {
    const options = new Set((Array.isArray(wanted) ? wanted : [wanted]).map(String));
    return [key, options] as const;
  });
  return (region) => {
    if (ids && !ids.has(region.id)) return false;
    for (const [key, options] of where) {
      const value = own(region.indicators, key);
      if (value === undefined || !options.has(String(value))) return false;
    }
    return true;
  };
}

/**
 * Reserves every set-aside in model order. `granulesOf` turns a model amount into request granules
 * (rounded to the nearest granule); `total` is the whole budget in granules.
 */
export function applySetAsides(
  specs: readonly SetAsideSpec[],
  regions: readonly RegionInput[],
  total: bigint,
  granulesOf: (amount: Ratio) => bigint,
  issues: Issue[],
  /** the factor method over some regions (a sub-formula split): their share numerators, or undefined on a problem */
  subFormula?: (factors: readonly FactorSpec[], regionIndices: readonly number[], at: string) => bigint[] | undefined,
): SetAsideOutcome[] {
  const ids = regions.map((r) => r.id);
  return specs.map((spec, k): SetAsideOutcome => {
    const kind = spec.regions ? 'regions' : spec.reserve ? 'reserve' : 'purpose';
    // a share of the total is taken in granules directly (nearest); a fixed amount is converted from the model's unit
    const granules =
      spec.percent !== undefined
        ? roundRatio(mulRatio({ num: total, den: 1n }, ratioOf(parseDecimal(spec.percent)!)), 'nearest')
        : granulesOf(ratioOf(parseDecimal(spec.amount!)!));
    if (kind !== 'regions') {
      return { spec, kind, granules, recipients: [], note: `${spec.percent !== undefined ? `${spec.percent} of the total` : 'fixed amount'} reserved for ${kind === 'reserve' ? 'rewards' : 'a purpose'}` };
    }
    const matches = selector(spec.regions!);
    const recipients: number[] = []; // a loop, not flatMap: no array per region
    for (let i = 0; i < regions.length; i++) if (matches(regions[i])) recipients.push(i);
    if (recipients.length === 0 || granules === 0n) {
      const note = recipients.length === 0 ? 'no region qualified: the money stays in the formula pool' : 'nothing to set aside (0)';
      return { spec, kind, granules: 0n, perRegion: regions.map(() => 0n), recipients, note };
    }
    let weights: bigint[];
    const split = spec.split;
    if (split && typeof split === 'object' && 'factors' in split) {
      const shares = subFormula?.(split.factors, recipients, `/model/pipeline/setAsides/${k}/split/factors`);
      if (!shares) return { spec, kind, granules: 0n, perRegion: regions.map(() => 0n), recipients, note: '' };
      weights = shares;
    } else if (split && typeof split === 'object') {
      const by = split.by;
      const values = recipients.map((i) => parseDecimal(own(regions[i].indicators, by) ?? NaN));
      const bad = recipients.filter((_, j) => !values[j] || values[j]!.coefficient < 0n);
      for (const i of bad.slice(0, 10)) {
        issues.push(issue(pointer('regions', i, 'indicators', by), 'set-aside-split-value', { setAside: spec.id, by, region: ids[i] }));
      }
      if (bad.length > 0) return { spec, kind, granules: 0n, perRegion: regions.map(() => 0n), recipients, note: '' };
      const scale = Math.max(...values.map((v) => v!.scale));
      weights = values.map((v) => atScale(v!, scale));
      if (weights.every((w) => w === 0n)) weights = weights.map(() => 1n);
    } else {
      weights = recipients.map(() => 1n);
    }
    const parts = apportion(granules, weights, recipients.map((i) => ids[i])).parts;
    const perRegion = regions.map(() => 0n);
    recipients.forEach((i, j) => (perRegion[i] = parts[j]));
    const how =
      split && typeof split === 'object'
        ? 'factors' in split
          ? `by a sub-formula of ${split.factors.length} factor(s)`
          : `in proportion to "${split.by}"`
        : 'equally';
    return { spec, kind, granules, perRegion, recipients, note: `split ${how} among ${recipients.length} region(s)` };
  });
}

function mulRatio(x: Ratio, y: Ratio): Ratio {
  return { num: x.num * y.num, den: x.den * y.den };
}
