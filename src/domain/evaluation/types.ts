/**
 * An evaluation model (绩效评价指标表) as data: first-level indicators (levels, e.g. 决策/过程/效益), their
 * second-level groups, and the third-level indicators that carry points and a scoring rule each; optional
 * bonus and penalty items outside the 100 points; grade bands. Decimals are text or JSON numbers, as the
 * API's schemas (src/schema/evaluation.ts) accept them.
 */
import type { RoundMode } from '../../core/rational.js';
import type { RuleSpec } from './rules/index.js';

export type DecimalInput = string | number;

export interface Bilingual {
  readonly en: string;
  readonly zh: string;
}

/** How an indicator's score is rounded: to `places` decimals, the score itself or the points deducted. */
export interface RoundingSpec {
  readonly places: number;
  readonly mode: RoundMode;
  /** "deduction": round what is lost (points − raw score), as seed 004 does for the execution rate */
  readonly of?: 'score' | 'deduction';
}

export type { RuleKindName as RuleKind, RuleSpec } from './rules/index.js';
export type { ChecklistItemSpec, ItemRuleSpec } from './rules/checklist.js';
export type { TierSpec } from './tiers.js';

export interface IndicatorSpec {
  readonly id: string;
  readonly title: Bilingual;
  readonly points: DecimalInput;
  readonly rule: RuleSpec;
  readonly rounding?: RoundingSpec;
  /** how this project reads the source's rule where it is ambiguous or inconsistent */
  readonly reading?: Bilingual;
  readonly source?: string;
}

export interface GroupSpec {
  readonly id: string;
  readonly title: Bilingual;
  readonly points: DecimalInput;
  readonly indicators: readonly IndicatorSpec[];
}

export interface LevelSpec {
  readonly id: string;
  readonly title: Bilingual;
  readonly points: DecimalInput;
  readonly groups: readonly GroupSpec[];
}

/** Points outside the 100: a bonus adds its score, a penalty subtracts it. */
export interface AdjustmentSpec {
  readonly id: string;
  readonly title: Bilingual;
  readonly type: 'bonus' | 'penalty';
  readonly points: DecimalInput;
  readonly rule: RuleSpec;
  readonly rounding?: RoundingSpec;
  readonly reading?: Bilingual;
  readonly source?: string;
}

export interface GradeBand {
  readonly grade: string;
  readonly en: string;
  /** lowest total of the band, inclusive */
  readonly minimum: DecimalInput;
}

export interface GradesSpec {
  /** "exact": bands compare the exact total; "rounded": the total as shown (totalRounding) */
  readonly basis: 'exact' | 'rounded';
  readonly bands: readonly GradeBand[];
  readonly source?: string;
}

export interface EvaluationModelSpec {
  readonly id?: string;
  readonly version?: string;
  readonly title?: Bilingual;
  readonly levels: readonly LevelSpec[];
  readonly adjustments?: readonly AdjustmentSpec[];
  readonly grades?: GradesSpec;
  /** an indicator's rounding when it states none */
  readonly rounding?: RoundingSpec;
  /** how the total is shown (and graded, with basis "rounded") */
  readonly totalRounding?: { readonly places: number; readonly mode: RoundMode };
}
