/**
 * An evaluation model (绩效评价指标表) as data: first-level indicators (levels, e.g. 决策/过程/效益), their
 * second-level groups, and the third-level indicators that carry points and a scoring rule each; optional
 * bonus and penalty items outside the 100 points; grade bands. Decimals are text or JSON numbers, as the
 * API's schemas (src/schema/evaluation.ts) accept them.
 */
import type { RoundMode } from './rational.js';

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

/** A value range → points. Bounds are inclusive at `min` and exclusive at `max` unless stated. */
export interface TierSpec {
  readonly min?: DecimalInput;
  readonly minInclusive?: boolean;
  readonly max?: DecimalInput;
  readonly maxInclusive?: boolean;
  readonly score: DecimalInput;
}

/** What a measured number is, for reasons ("45 days", "45 日"); rates are shown as percentages. */
export interface MeasureUnit {
  readonly en: string;
  readonly zh: string;
}

interface Numeric {
  /** the value is a rate: a fraction 0..1, "91.84%", or { numerator, denominator }; above 100% is refused */
  readonly rate?: boolean;
  /** how a rate of 0 / 0 scores (e.g. no project needed tendering → full); absent: refused, mark it n/a */
  readonly whenDenominatorZero?: 'full' | 'zero';
  readonly unit?: MeasureUnit;
}

/** The rule's own maximum, as written in the source, when it differs from the indicator's points. */
interface Scaled {
  readonly outOf?: DecimalInput;
}

export type RuleSpec =
  | ({ readonly kind: 'tiers'; readonly tiers: readonly TierSpec[] } & Numeric & Scaled)
  /** full marks at `full`, zero at `zero`, pro rata between (either direction); amount-weighted tranches allowed */
  | ({ readonly kind: 'linear'; readonly full: DecimalInput; readonly zero: DecimalInput } & Numeric & Scaled)
  /** full marks at or above `full`; points × value / full from `zero` up; zero below `zero` */
  | ({ readonly kind: 'proportional'; readonly full: DecimalInput; readonly zero: DecimalInput } & Numeric & Scaled)
  /** `each` deducted per occurrence, not below zero */
  | ({ readonly kind: 'deductions'; readonly each: DecimalInput } & Scaled)
  /** `each` earned per occurrence, at most the maximum (bonus or penalty items) */
  | ({ readonly kind: 'occurrences'; readonly each: DecimalInput } & Scaled)
  /** full marks for yes (or for no, with award "no") */
  | ({ readonly kind: 'yesNo'; readonly award?: 'yes' | 'no' } & Scaled)
  /** a category → points */
  | ({ readonly kind: 'choice'; readonly options: Readonly<Record<string, DecimalInput>> } & Scaled)
  /** the sum of its items' scores */
  | ({ readonly kind: 'checklist'; readonly items: readonly ChecklistItemSpec[] } & Scaled);

export type RuleKind = RuleSpec['kind'];
export type ItemRuleSpec = Exclude<RuleSpec, { kind: 'checklist' }>;

export interface ChecklistItemSpec {
  readonly id: string;
  readonly title?: Bilingual;
  readonly points: DecimalInput;
  readonly rule: ItemRuleSpec;
}

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
  readonly min: DecimalInput;
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
