/**
 * Indicator transforms and factor shares (因素法). Each indicator becomes a column of non-negative integers
 * t_i; its share for region i is t_i / Σ_j t_j. Keeping the values as integers over one common scale lets
 * allocate.ts combine every share as one exact rational. Each transform computes its own column: one file
 * per transform in transforms/, dispatched through the registry (transforms/index.ts).
 */
import type { Issue } from '../../core/errors.js';
import type { Scaled } from '../../core/money.js';
import type { PreparedIndicator } from './model.js';

export type IndicatorValue = string | number;

export interface RegionInput {
  readonly id: string;
  readonly name?: string;
  /** the administrative level (province, city, county, town), echoed on the region's row */
  readonly level?: 'province' | 'city' | 'county' | 'town';
  readonly indicators: Readonly<Record<string, IndicatorValue>>;
  /** last year's amount, in the request's unit (year over year, hold-harmless, growth caps) */
  readonly lastYear?: string | number;
}

export interface Column {
  readonly indicator: PreparedIndicator;
  readonly factorIndex: number;
  /** raw inputs as parsed (numeric transforms) or the category (coefficient) */
  readonly raw: readonly (Scaled | string)[];
  /** transformed values as integers; the real value is t_i · unit.numerator / unit.denominator */
  readonly values: readonly bigint[];
  readonly unit: { readonly numerator: bigint; readonly denominator: bigint };
  readonly sum: bigint;
  /** false only for a reciprocal whose common denominator grew too large: 1/x kept to RECIPROCAL_DIGITS digits */
  readonly exact: boolean;
}

export { INDICATOR_MAX, INDICATOR_MAX_DECIMALS } from './transforms/column.js';
export { leastCommonMultiple, RECIPROCAL_DIGITS, RECIPROCAL_LCM_LIMIT } from './transforms/reciprocal.js';

/** Reads and transforms one indicator for every region, by its transform; pushes an issue per bad value. */
export function indicatorColumn(ind: PreparedIndicator, factorIndex: number, regions: readonly RegionInput[], issues: Issue[]): Column | undefined {
  return ind.transform.column(ind, factorIndex, regions, issues);
}
