/**
 * An allocation's rows as text: one row per region, always with the same keys, its shares and factor
 * contributions written by the formatters here. Shared by the exact engine (allocate.ts) and its double
 * fast path (quick.ts), so both write the very same row.
 */
import { atScale, exactRatioToText, formatScaled, fromGranules, pow10, ratioFormatter, type Scaled, SHARE_DECIMALS } from '../../core/money.js';
import { dict } from '../../core/records.js';
import type { AllocationRow, StageName } from './allocate.js';
import type { RegionInput } from './factors.js';
import type { PreparedModel } from './model.js';

/** Unrounded amounts (factor contributions, the waterfall) are shown with this many decimals beyond the granularity's. */
export const EXTRA_DECIMALS = 4;

/** Formatters of a row's share of the total (fraction and percent), from its granules. */
export interface ShareTexts {
  /** asDouble: Number(part), converted once for both texts */
  readonly share: (part: bigint, asDouble: number) => string;
  readonly percent: (part: bigint, asDouble: number) => string;
}

export function sharesOfTotal(total: bigint): ShareTexts {
  const percent = ratioFormatter(total, 2, 100n);
  return {
    share: ratioFormatter(total, SHARE_DECIMALS),
    percent: (part, asDouble) => percent(part, asDouble) + '%',
  };
}

/** A row's share of the formula (Σ_f w_f · s_if), as text: the fraction and the percent. */
export interface FormulaTexts {
  readonly share: string;
  readonly percent: string;
}

/** Formatters of the formula share N / D (fraction and percent), for the exact numerators. */
export function formulaShares(denominator: bigint): (numerator: bigint) => FormulaTexts {
  const share = ratioFormatter(denominator, SHARE_DECIMALS);
  const percent = ratioFormatter(denominator, 2, 100n);
  return (numerator) => {
    const asDouble = Number(numerator); // one conversion of a long BigInt for both texts
    return { share: share(numerator, asDouble), percent: percent(numerator, asDouble) + '%' };
  };
}

/** Per prepared model: a record with its factor ids as keys, in order, copied for each row (null: use dict). */
const factorTemplates = new WeakMap<PreparedModel, Readonly<Record<string, string>> | null>();

/**
 * An empty record for a row's factors. A copy of one template object (the factor ids in order, each an own
 * data field) stays in V8's fast mode: a prototype-less dict() per row is a slow dictionary object, ~1.5 ms
 * more to build and to stringify at 2,900 regions. A factor id "__proto__" takes dict(): assigning that key
 * on a plain object would set its prototype. The record inherits Object.prototype's names, so a reader asking
 * for a factor the row's model may not have (a table of two levels' models) reads it with own().
 */
export function factorRecord(model: PreparedModel): Record<string, string> {
  let template = factorTemplates.get(model);
  if (template === undefined) {
    const ids = model.factors.map((f) => f.spec.id);
    template = ids.includes('__proto__') ? null : Object.fromEntries(ids.map((id) => [id, '']));
    factorTemplates.set(model, template);
  }
  return template === null ? dict<string>() : { ...template };
}

/**
 * One row, always with the same keys (absent ones undefined, which JSON leaves out): objects assembled by
 * spreading optional parts fall into V8's slow dictionary mode, which cost more than the arithmetic.
 */
export function rowOf(
  region: RegionInput,
  granulesNow: bigint,
  g: Scaled,
  shares: ShareTexts,
  formula: FormulaTexts,
  rank: number,
  factors: Record<string, string>,
  lastYear: Scaled | undefined,
  stages?: Record<StageName, string>,
): AllocationRow {
  const yoy = lastYear ? yearOverYear(lastYear, granulesNow, g) : NO_YEAR_OVER_YEAR;
  const partAsDouble = Number(granulesNow);
  return {
    id: region.id,
    name: region.name,
    level: region.level,
    amount: fromGranules(granulesNow, g),
    share: shares.share(granulesNow, partAsDouble),
    sharePercent: shares.percent(granulesNow, partAsDouble),
    formulaShare: formula.share,
    formulaSharePercent: formula.percent,
    rank,
    factors,
    lastYear: yoy.lastYear,
    change: yoy.change,
    changePercent: yoy.changePercent,
    stages,
  };
}

/** A row without last year's amount: no year-over-year fields (one shared object, not one per row). */
const NO_YEAR_OVER_YEAR: Partial<AllocationRow> = Object.freeze({});

/** lastYear, change and change % (two decimals) when last year's amount is given. */
function yearOverYear(lastYear: Scaled, granulesNow: bigint, g: Scaled): Partial<AllocationRow> {
  const scale = Math.max(lastYear.scale, g.scale);
  const now = granulesNow * g.coefficient * pow10(scale - g.scale);
  const before = atScale(lastYear, scale);
  const change = now - before;
  return {
    lastYear: formatScaled(before, scale),
    change: formatScaled(change, scale),
    changePercent: before === 0n ? null : exactRatioToText(change * 100n, before, 2) + '%',
  };
}
