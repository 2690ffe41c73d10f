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
  /** what became of it, in both languages (the trace's pipeline.setAsides[].note) */
  readonly note: { readonly en: string; readonly zh: string };
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
      const what = spec.percent !== undefined ? { en: `${spec.percent} of the total`, zh: `总额的 ${spec.percent}` } : { en: 'fixed amount', zh: '固定金额' };
      const note =
        kind === 'reserve'
          ? { en: `${what.en} reserved for rewards`, zh: `${what.zh}，预留用于奖励` }
          : { en: `${what.en} reserved for a purpose`, zh: `${what.zh}，用于专项用途` };
      return { spec, kind, granules, recipients: [], note };
    }
    const matches = selector(spec.regions!);
    const recipients: number[] = []; // a loop, not flatMap: no array per region
    for (let i = 0; i < regions.length; i++) if (matches(regions[i])) recipients.push(i);
    if (recipients.length === 0 || granules === 0n) {
      const note =
        recipients.length === 0
          ? { en: 'no region qualified: the money stays in the formula pool', zh: '没有符合条件的地区：资金留在因素法资金池' }
          : { en: 'nothing to set aside (0)', zh: '切块金额为 0' };
      return { spec, kind, granules: 0n, perRegion: regions.map(() => 0n), recipients, note };
    }
    let weights: bigint[];
    const split = spec.split;
    if (split && typeof split === 'object' && 'factors' in split) {
      const shares = subFormula?.(split.factors, recipients, `/model/pipeline/setAsides/${k}/split/factors`);
      if (!shares) return { spec, kind, granules: 0n, perRegion: regions.map(() => 0n), recipients, note: { en: '', zh: '' } };
      weights = shares;
    } else if (split && typeof split === 'object') {
      const by = split.by;
      const values = recipients.map((i) => parseDecimal(own(regions[i].indicators, by) ?? NaN));
      const bad = recipients.filter((_, j) => !values[j] || values[j]!.coefficient < 0n);
      for (const i of bad.slice(0, 10)) {
        issues.push(issue(pointer('regions', i, 'indicators', by), 'set-aside-split-value', { setAside: spec.id, by, region: ids[i] }));
      }
      if (bad.length > 0) return { spec, kind, granules: 0n, perRegion: regions.map(() => 0n), recipients, note: { en: '', zh: '' } };
      const scale = Math.max(...values.map((v) => v!.scale));
      weights = values.map((v) => atScale(v!, scale));
      if (weights.every((w) => w === 0n)) weights = weights.map(() => 1n);
    } else {
      weights = recipients.map(() => 1n);
    }
    const parts = apportion(
      granules,
      weights,
      recipients.map((i) => ids[i]),
    ).parts;
    const perRegion = regions.map(() => 0n);
    recipients.forEach((i, j) => (perRegion[i] = parts[j]));
    const n = recipients.length;
    const how =
      split && typeof split === 'object'
        ? 'factors' in split
          ? {
              en: `by a sub-formula of ${split.factors.length} factor${split.factors.length === 1 ? '' : 's'}`,
              zh: `按 ${split.factors.length} 个因素的子公式`,
            }
          : { en: `in proportion to "${split.by}"`, zh: `按 "${split.by}" 比例` }
        : { en: 'equally', zh: '平均' };
    const note = { en: `split ${how.en} among ${n} region${n === 1 ? '' : 's'}`, zh: `${how.zh}分给 ${n} 个地区` };
    return { spec, kind, granules, perRegion, recipients, note };
  });
}

function mulRatio(x: Ratio, y: Ratio): Ratio {
  return { num: x.num * y.num, den: x.den * y.den };
}
