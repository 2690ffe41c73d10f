/**
 * An allocation model as data: factors (因素) with weights, each made of indicators with sub-weights and a
 * transform. The engine knows no province's law; a model names the sources it encodes. The zod schema in
 * src/schema/allocation.ts describes the same shape for the API and for the files in models/.
 */
import { EngineError, Issue } from '../../core/errors.js';
import { parseDecimal, Scaled, toText, Unit, addScaled } from '../../core/money.js';
import { issue } from '../../messages/index.js';
import { type Transform, type TransformId, type TransformParameters, transformOf } from './transforms/index.js';

export type Decimalish = string | number;

export interface Text {
  readonly zh: string;
  readonly en: string;
}

export interface Source {
  /** where the rule comes from: a seed file and section, or a public notice */
  readonly ref: string;
  readonly title?: string;
  readonly note?: string;
}

/** A transform's id: the registry (transforms/index.ts) names them, each one file in transforms/. */
export type { TransformId } from './transforms/index.js';
export { TRANSFORM_IDS } from './transforms/index.js';

export interface IndicatorSpec {
  readonly id: string;
  /** the key in each region's `indicators` to read; defaults to `id` */
  readonly input?: string;
  readonly title?: Text;
  /** sub-weight within its factor; a factor's sub-weights add up to 1 */
  readonly weight: Decimalish;
  /** a registered transform; the fields after it are its parameters (its registry entry's `parameters`) */
  readonly transform: TransformId;
  /** gapToBenchmark: the line (e.g. a provincial average income) */
  readonly benchmark?: Decimalish;
  /** coefficient: category → coefficient */
  readonly coefficients?: Readonly<Record<string, Decimalish>>;
  /** coefficient: used for a category not in the map; without it an unknown category is an error */
  readonly default?: Decimalish;
  /** score: the highest valid score */
  readonly maximum?: Decimalish;
  readonly source?: string;
}

export interface FactorSpec {
  readonly id: string;
  readonly title?: Text;
  /** weight of the factor; a model's factor weights add up to exactly 1 */
  readonly weight: Decimalish;
  readonly indicators: readonly IndicatorSpec[];
  readonly source?: string;
}

/** Which regions a rule applies to: listed ids, and/or indicator values (e.g. {"keyCounty": "national"}). */
export interface RegionSelector {
  readonly ids?: readonly string[];
  readonly where?: Readonly<Record<string, string | number | readonly (string | number)[]>>;
}

/** 切块/单列: money reserved before the formula, for listed regions or for a purpose. */
export interface SetAsideSpec {
  readonly id: string;
  readonly title?: Text;
  /** a fixed amount in the model's unit … */
  readonly amount?: Decimalish;
  /** … or a share of the total (0.01 = 1%); exactly one of the two */
  readonly percent?: Decimalish;
  /** the regions that receive it; without it, the set-aside serves a purpose (management fee, reserve) */
  readonly regions?: RegionSelector;
  /** among the regions: equally (default), in proportion to one of their indicators, or by a sub-formula
   *  (factors of the same shape as a model's, evaluated over the receiving regions only) */
  readonly split?: 'equal' | { readonly by: string } | { readonly factors: readonly FactorSpec[] };
  /** a purpose set-aside that funds rewards */
  readonly reserve?: boolean;
  readonly source?: string;
}

/** An amount by position in a ranked group: fixed, or linear from position 1 to position N. */
export interface RankAmountSpec {
  readonly fixed?: Decimalish;
  readonly from?: Decimalish;
  readonly to?: Decimalish;
}

/** 计分制: composite points rank the regions; the bottom N lose money, the top N gain. */
export interface PointsSpec {
  /** region indicator holding the composite score (higher is better) */
  readonly input: string;
  readonly bottom?: { readonly count: number; readonly amount: RankAmountSpec };
  readonly top?: { readonly count: number; readonly amount: RankAmountSpec };
  readonly source?: string;
}

/** Evaluation grades that earn a reward (e.g. 好 → 100万元). */
export interface GradeRewardsSpec {
  readonly input: string;
  readonly rewards: Readonly<Record<string, Decimalish>>;
  readonly source?: string;
}

/** 负面清单: money spent on the negative list is deducted, amount for amount. */
export interface NegativeListSpec {
  /** region indicator holding the misused amount, in the request's unit */
  readonly input: string;
  readonly source?: string;
}

/** Floors and caps on each region's final amount; redistribution keeps the total. */
export interface BoundsSpec {
  /** hold-harmless: at least this share of last year's amount (0.9 = 90%) */
  readonly holdHarmless?: Decimalish;
  /** growth cap: at most last year's amount × (1 + this) */
  readonly growthCap?: Decimalish;
  /** at least this amount per region (model's unit) */
  readonly minimum?: Decimalish;
  /** at most this amount per region (model's unit) */
  readonly maximum?: Decimalish;
  /** these regions get at least the average amount of the others (e.g. border counties) */
  readonly protected?: RegionSelector;
  readonly source?: string;
}

/** The stages after the formula, in their fixed order; each is optional. */
export interface PipelineSpec {
  readonly setAsides?: readonly SetAsideSpec[];
  readonly points?: PointsSpec;
  readonly grades?: GradeRewardsSpec;
  readonly negativeList?: NegativeListSpec;
  /** who pays rewards: the deducted money, the reserve set-aside, or both (deductions first) */
  readonly rewardsFundedBy?: 'deductions' | 'reserve' | 'both';
  /** deducted or reserved money not paid out: kept back (reported) or spread by the formula */
  readonly unspent?: 'withhold' | 'redistribute';
  readonly bounds?: BoundsSpec;
}

export interface Model {
  readonly id: string;
  readonly version: string;
  readonly title?: Text;
  readonly jurisdiction?: string;
  readonly year?: number;
  readonly unit?: Unit;
  readonly granularity?: Decimalish;
  readonly sources?: readonly Source[];
  readonly description?: string;
  readonly factors: readonly FactorSpec[];
  readonly pipeline?: PipelineSpec;
}

/** A model with every decimal parameter parsed; built once per request by `prepareModel`. */
export interface PreparedIndicator extends TransformParameters {
  readonly spec: IndicatorSpec;
  /** the registry's transform this indicator names */
  readonly transform: Transform;
  readonly input: string;
  readonly weight: Scaled;
  /** factor weight × sub-weight: the weight this indicator carries in the whole formula */
  readonly effectiveWeight: Scaled;
  /** JSON pointer of the indicator in the model, for traces and errors */
  readonly at: string;
}

export interface PreparedFactor {
  readonly spec: FactorSpec;
  readonly weight: Scaled;
  readonly indicators: readonly PreparedIndicator[];
  readonly at: string;
}

export interface PreparedModel {
  readonly model: Model;
  readonly factors: readonly PreparedFactor[];
}

const ZERO: Scaled = { coefficient: 0n, scale: 0 };

function isOne(x: Scaled): boolean {
  return x.coefficient === 1n && x.scale === 0;
}

/**
 * Parses a model's parameters and checks what a schema cannot: weights are decimals in [0, 1] that add up
 * to exactly 1 (factors, and indicators within each factor), transform parameters are present and sane.
 * `base` is the JSON pointer of the model in the request ("/model" for an inline model, "" for a file).
 */
/** `yours`: the factors whose weight the request set (overrides), so a sum that is not 1 says which were kept. */
export function prepareModel(model: Model, base = '', yours: ReadonlySet<string> = new Set()): PreparedModel {
  const issues: Issue[] = [];
  const weightOf = (value: Decimalish, at: string): Scaled => {
    const w = parseDecimal(value);
    if (!w || w.coefficient < 0n || w.scale > 12 || w.coefficient > 10n ** BigInt(w.scale)) {
      issues.push(issue(at, 'weight-out-of-range', { shown: JSON.stringify(value) }));
      return ZERO;
    }
    return w;
  };
  const factorIds = new Set<string>();
  let factorSum = ZERO;
  const factors: PreparedFactor[] = model.factors.map((f, fi) => {
    const at = `${base}/factors/${fi}`;
    if (factorIds.has(f.id)) {
      issues.push(issue(`${at}/id`, 'duplicate-factor', { id: f.id }));
    }
    factorIds.add(f.id);
    const weight = weightOf(f.weight, `${at}/weight`);
    factorSum = addScaled(factorSum, weight);
    const indicatorIds = new Set<string>();
    let subSum = ZERO;
    const indicators = f.indicators.map((ind, ii): PreparedIndicator => {
      const iat = `${at}/indicators/${ii}`;
      if (indicatorIds.has(ind.id)) {
        issues.push(issue(`${iat}/id`, 'duplicate-indicator', { id: ind.id, factor: f.id }));
      }
      indicatorIds.add(ind.id);
      const sub = weightOf(ind.weight, `${iat}/weight`);
      // the schema admits only registered ids; a model built in code with another is a programming error
      const transform = transformOf(ind.transform);
      if (!transform) throw new Error(`unknown transform ${JSON.stringify(ind.transform)} at ${iat}/transform`);
      subSum = addScaled(subSum, sub);
      return {
        spec: ind,
        input: ind.input ?? ind.id,
        weight: sub,
        effectiveWeight: { coefficient: weight.coefficient * sub.coefficient, scale: weight.scale + sub.scale },
        at: iat,
        transform,
        ...transform.prepare(ind, iat, issues),
      };
    });
    if (f.indicators.length === 0) {
      issues.push(issue(`${at}/indicators`, 'factor-without-indicators'));
    } else if (!isOne(subSum)) {
      issues.push(issue(`${at}/indicators`, 'indicator-weights-not-one', { factor: f.id, sum: toText(subSum) }));
    }
    return { spec: f, weight, indicators, at };
  });
  if (model.factors.length === 0) {
    issues.push(issue(`${base}/factors`, 'model-without-factors'));
  } else if (!isOne(factorSum)) {
    // each weight as it was written ("0.30"), so the planner finds it
    const weights = factors.map((f) => ({ id: f.spec.id, weight: String(f.spec.weight), yours: yours.has(f.spec.id) }));
    issues.push(issue(`${base}/factors`, 'weights-not-one', { sum: toText(factorSum), weights }));
  }
  if (issues.length > 0) throw new EngineError(issues);
  return { model, factors };
}
