/**
 * The three problem kinds of POST /v1/optimizations, as the engine receives them (after the zod schemas in
 * src/schema/allocation.ts have checked types and formats) and as it answers. Amounts arrive as decimal text in
 * the request's `unit`; the engine works in whole granules and answers in decimal text with the
 * granularity's decimals. Cross-field mistakes (min above max, an unknown region in a group, a source no
 * project can use …) are EngineErrors whose paths are JSON pointers into the request body.
 *
 * - regions (regionAllocation.ts): amounts closest to targets under a total, bounds and group shares.
 * - portfolio (portfolio.ts): which projects of a project library (项目库) to fund, from which sources.
 * - sources (sourceAssignment.ts): for projects already chosen, how much each fund source pays.
 */
import type { Unit } from '../../core/money.js';
import type { BackendChoice } from './solver/core.js';

/** Solver options a request may set. */
export interface SolverOptions {
  /** `auto` (default) chooses by size; `jslp` / `highs` force a backend. */
  readonly backend?: BackendChoice;
  /** Wall-clock budget of the whole request's solving, ms (default DEFAULT_TIME_LIMIT_MS, capped by the API). */
  readonly timeLimitMs?: number;
  /** A MILP counts as solved at this relative gap (default 1e-4 for project portfolios). */
  readonly mipRelGap?: number;
  /**
   * Limits on each solver run's work (HiGHS's branch-and-bound nodes and simplex iterations; they make
   * `auto` use HiGHS). Deployed Workers advance clocks only on I/O, so there a time limit cannot stop a
   * solve that has started; these can. Reaching one answers time_limit with the best plan found.
   */
  readonly workLimit?: WorkLimit;
}

export interface WorkLimit {
  readonly mipNodes?: number;
  readonly simplexIterations?: number;
}

/** What every answer says about how it was found. */
export interface SolveReport {
  /**
   * optimal | time_limit (a checked plan not proven best: time or work ran out, or a later stage stopped;
   * `gap` says how far it may be) | infeasible | unbounded | unverified | error. A plan goes only with the first two.
   */
  readonly status: 'optimal' | 'time_limit' | 'infeasible' | 'unbounded' | 'unverified' | 'error';
  /** `direct` (water-filling, no solver) or `lp` / `milp` through the solver layer */
  readonly method: 'direct' | 'lp' | 'milp';
  /** the backend(s) that answered, in order; empty for `direct` */
  readonly backends: readonly string[];
  /**
   * MILP: (bound − value) / max(|value|, 1), the bound being the best the solver proved, when known. A
   * lexicographic portfolio reports the gap of one stage, named by `gapStage`: the first stage that did
   * not prove its optimum (later stages' bounds hold only given its unproven value and say nothing), or
   * when all did, the largest. It may exceed 1: 204 means that stage's bound is 205 × the value reached.
   */
  readonly gap?: number;
  /** lexicographic portfolio: the stage `gap` is about (`priority1`, `priority2`, `priority3`, `priorityNone`) */
  readonly gapStage?: string;
  /** every answer is checked exactly against every constraint before it is returned */
  readonly verified: boolean;
  readonly ms: number;
  readonly message?: string;
  readonly size?: { readonly variables: number; readonly integers: number; readonly constraints: number };
}

/** A constraint that holds with equality at the answer, in the planner's words. */
export interface BindingConstraint {
  /** stable id, e.g. "total", "regions:holdHarmless", "group:keyCounties:minimumShare", "source:central:budget" */
  readonly id: string;
  readonly en: string;
  readonly zh: string;
  /** kind regions, a bound rule ("regions:min", …): every region at that bound (its row says which) */
  readonly regions?: readonly string[];
}

/** One constraint (or bound) that must give for an infeasible problem to become feasible. */
export interface Relaxation {
  readonly id: string;
  /** JSON pointer of the rule in the request that must give ("/total", "/sources/0/floor", "/groups/1/minimumShare") */
  readonly path: string;
  /** what was asked, in the constraint's own terms (an amount in the unit, or a share "0.6") */
  readonly asked: string;
  /** the nearest value that works together with the other relaxations */
  readonly reachable: string;
  /** an amount in the unit, or `share` for a fraction */
  readonly measure: 'amount' | 'share';
  /** e.g. "the 60% industry floor for central funds cannot be met: at most 54.3% is reachable with the projects in the library" */
  readonly en: string;
  readonly zh: string;
}

export interface Infeasibility {
  readonly relaxations: readonly Relaxation[];
  /** the problem with every relaxation applied was solved again and its answer checked exactly */
  readonly verified: boolean;
  readonly en: string;
  readonly zh: string;
}

// ---------------------------------------------------------------------------------------------------------
// Kind 1: region allocation under constraints

export interface RegionInput {
  readonly id: string;
  /** the formula target (e.g. the factor-method amount), ≥ 0, any number of decimals */
  readonly target: string;
  /** weight of this region's deviation in the objective (default 1), > 0 */
  readonly weight?: string;
  /** floor, in the unit */
  readonly minimum?: string;
  /** cap, in the unit */
  readonly maximum?: string;
  /** last year's amount: with `holdHarmless` and `growthCap` */
  readonly lastYear?: string;
}

export interface RegionGroupInput {
  readonly id: string;
  /** region ids */
  readonly regions: readonly string[];
  /** the group together gets at least / at most this share of the total ("0.3") */
  readonly minimumShare?: string;
  readonly maximumShare?: string;
  /** … or at least / at most this amount */
  readonly minimum?: string;
  readonly maximum?: string;
}

export interface RegionAllocationInput {
  readonly unit: Unit;
  /** amounts are whole multiples of this (in the unit), e.g. "0.01" */
  readonly granularity: string;
  readonly total: string;
  /** absolute: Σ w_i |x_i − t_i|; relative: Σ w_i |x_i − t_i| / t_i (targets must be > 0) */
  readonly deviation: 'absolute' | 'relative';
  readonly regions: readonly RegionInput[];
  /** x_i ≥ holdHarmless × lastYear_i, rounded up to the granularity ("0.9") */
  readonly holdHarmless?: string;
  /** x_i ≤ (1 + growthCap) × lastYear_i, rounded down to the granularity ("0.2") */
  readonly growthCap?: string;
  readonly groups?: readonly RegionGroupInput[];
  /** auto (default): direct when only per-region bounds and the total apply, the LP otherwise */
  readonly method?: 'auto' | 'direct' | 'lp';
  readonly solver?: SolverOptions;
}

export interface RegionAllocationRow {
  readonly id: string;
  /** the formula target: unrounded money, 6 decimals (half away from zero) */
  readonly target: string;
  readonly amount: string;
  /** amount − target: unrounded money, 6 decimals (half away from zero), as `target` */
  readonly deviation: string;
  /** deviation / target as a percentage with 2 decimals; null for a zero target */
  readonly deviationPercent: string | null;
  /** the effective bounds after hold-harmless and growth cap, in the unit (null: none) */
  readonly minimum: string;
  readonly maximum: string | null;
  /** the rule that sets each bound: the minimum or hold-harmless (null: only "no negative amounts"), the maximum or growth cap (null: no cap) */
  readonly minimumBy: 'minimum' | 'holdHarmless' | null;
  readonly maximumBy: 'maximum' | 'growthCap' | null;
  /** `minimum` / `maximum` when the amount sits on that bound, else null */
  readonly at: 'minimum' | 'maximum' | null;
}

export interface RegionAllocationResult {
  readonly kind: 'regions';
  readonly solve: SolveReport;
  readonly unit: Unit;
  readonly granularity: string;
  readonly total: string;
  /** the objective's value at the answer, 6 decimals (half away from zero); null when there is no answer */
  readonly objective: string | null;
  /** rows in request order; empty when there is no answer */
  readonly rows: readonly RegionAllocationRow[];
  readonly groups: readonly {
    readonly id: string;
    readonly amount: string;
    /** amount / total, 12 decimals, and as a percentage with 2 decimals and the sign */
    readonly share: string;
    readonly sharePercent: string;
    readonly binding: boolean;
  }[];
  readonly binding: readonly BindingConstraint[];
  readonly infeasibility?: Infeasibility;
  /** direct method: how the amounts were found (classes of equal marginal cost filled in order, λ of the last) */
  readonly trace?: RegionAllocationTrace;
  /** direct method: each row's trace, in row order (written out only when read) */
  readonly rowTraces?: readonly RegionRowTrace[];
}

/** One class of equal marginal cost, as the direct method filled it. */
export interface RegionTraceClass {
  /** change of the objective per granule added (exact, up to 12 places), in the objective's units */
  readonly marginalCost: string;
  /** its segments: towards a target (cost −c), the rounding granule ⌊t⌋ → ⌈t⌉, past a target (+c) */
  readonly toward: number;
  readonly rounding: number;
  readonly past: number;
  /** granules added by the class (a count), and the same in the unit */
  readonly granules: number;
  readonly amount: string;
  /** the total ran out in this class (the last one) */
  readonly partial: boolean;
}

export interface RegionAllocationTrace {
  readonly method: 'direct';
  /** Σ of the floors (where the filling starts) and what was added to reach the total, in the unit */
  readonly floors: string;
  readonly added: string;
  readonly classes: readonly RegionTraceClass[];
  /** λ of the partial class: its segments got clamp(λ × target) (12 places); null when it had no proportional part */
  readonly lambda: string | null;
  /** how the partial class was shared, in words */
  readonly rule: { readonly en: string; readonly zh: string };
}

/** One region's part of the direct method's trace: why its amount is what it is. */
export interface RegionRowTrace {
  /** one plain sentence: its target, the bound that held, or its part of the λ fill */
  readonly reason: { readonly en: string; readonly zh: string };
  readonly bound: 'minimum' | 'maximum' | null;
  /** off its bounds: at its target (to the granule), short of it, or above it */
  readonly filled: 'target' | 'short' | 'surplus' | null;
}

// ---------------------------------------------------------------------------------------------------------
// Kind 2: project portfolio from a project library; kind 3: source assignment

export interface FundSourceInput {
  /** e.g. "central", "provincial", "city", "county" */
  readonly id: string;
  /** what this source may spend, in the unit */
  readonly budget: string;
  /** industry share floor of this source ("0.6"); see src/core/shares.ts */
  readonly floor?: string;
  /** negative list (负面清单): project categories this source may not pay for */
  readonly forbiddenCategories?: readonly string[];
}

export interface ProjectInput {
  readonly id: string;
  readonly name?: string;
  /** full cost, in the unit, > 0 */
  readonly cost: string;
  /** category: "industry", "infrastructure", … (industry share counts `industryCategories`) */
  readonly category: string;
  /** fund sources that may pay for it; default every source */
  readonly sources?: readonly string[];
  /** "三个优先" class, 1 first (consolidation), 2 (urgent disaster repair), 3 (driving effect); default none (last) */
  readonly priority?: 1 | 2 | 3;
  readonly town?: string;
  readonly village?: string;
  /** may be funded in part (any amount up to its cost, in whole granules) */
  readonly partial?: boolean;
  /** must be funded in full */
  readonly mandatory?: boolean;
  /** benefit measures, e.g. { beneficiaries: "1200", monitoredHouseholds: "35", incomeGain: "48.5" } */
  readonly benefits?: Readonly<Record<string, string>>;
}

export interface PortfolioObjective {
  /** maximise Σ weight × benefit measure (a partly funded project counts in proportion); or `amount` (funds used), `count` (projects) */
  readonly maximize: Readonly<Record<string, string>> | 'amount' | 'count';
  /** how priority classes are served: lexicographic (class 1's best first, then class 2 …; default) or weighted */
  readonly priorities?: 'lexicographic' | 'weighted' | 'none';
  /** with `weighted`: the objective weight of each class, e.g. { "1": "100", "2": "10", "3": "1" } */
  readonly priorityWeights?: Readonly<Record<string, string>>;
}

export interface PortfolioInput {
  readonly unit: Unit;
  readonly granularity: string;
  readonly sources: readonly FundSourceInput[];
  readonly projects: readonly ProjectInput[];
  readonly objective: PortfolioObjective;
  /** what each benefit measure is called, by measure id: zh for Chinese text, en for English (default the id) */
  readonly measures?: Readonly<Record<string, { readonly zh: string; readonly en?: string }>>;
  /** categories that count as industry (default ["industry"]) and categories left out of the share's base */
  readonly industryCategories?: readonly string[];
  readonly excludedCategories?: readonly string[];
  /** Σ funded cost of a town's projects ≤ cap */
  readonly townCaps?: Readonly<Record<string, string>>;
  /** projects of at least this cost need the joint drawing review (default 400万元 = 4,000,000 yuan) */
  readonly drawingReviewThreshold?: string;
  readonly solver?: SolverOptions;
}

export interface ProjectRow {
  readonly id: string;
  readonly chosen: boolean;
  /** funded amount (the cost, or less for a partly funded project; 0 when not chosen) */
  readonly amount: string;
  /** amount / cost, 12 decimals, and as a percentage with 2 decimals and the sign */
  readonly share: string;
  readonly sharePercent: string;
  /** by source id, only sources that pay > 0 */
  readonly bySource: Readonly<Record<string, string>>;
  readonly category: string;
  readonly priority: number | null;
  readonly town: string | null;
  /** cost ≥ drawingReviewThreshold: needs the joint drawing review before tendering (seed 002) */
  readonly drawingReview: boolean;
}

export interface SourceRow {
  readonly id: string;
  readonly budget: string;
  readonly used: string;
  readonly unused: string;
  readonly industry: string;
  /** industry / base, 12 decimals (and as a percentage); null when the base is 0 */
  readonly industryShare: string | null;
  readonly industrySharePercent: string | null;
  /** the industry share floor, 12 decimals, and as a percentage with 2 decimals and the sign; null without one */
  readonly floor: string | null;
  readonly floorPercent: string | null;
  readonly budgetBinding: boolean;
  readonly floorBinding: boolean;
}

/** d(objective)/d(budget) of a source: "one more 万元 of central funds buys N beneficiaries". */
export interface MarginalValue {
  readonly source: string;
  /** objective units per one unit (万元 or 元) of budget, 6 decimals: a float dual rounded, for reading */
  readonly perUnit: string;
  /** how it was found: the LP with the chosen projects fixed (partly funded projects move at the margin) */
  readonly basis: string;
  readonly en: string;
  readonly zh: string;
}

export interface PortfolioResult {
  readonly kind: 'portfolio' | 'sources';
  readonly solve: SolveReport;
  readonly unit: Unit;
  readonly granularity: string;
  readonly projects: readonly ProjectRow[];
  readonly sources: readonly SourceRow[];
  /**
   * Σ of each benefit measure over funded projects (partly funded ones in proportion, 6 decimals), `amount`,
   * `count` (projects funded) and `fundedProjectEquivalents` (Σ funded ÷ cost, 6 decimals)
   */
  readonly totals: Readonly<Record<string, string>>;
  /** the value maximised at the plan (priority weights applied; lexicographic: Σ of the stages), 6 decimals; null: none (kind sources, no plan) */
  readonly objective: string | null;
  /** lexicographic priorities: the value each class present reached, in order (null: the unprioritised, last) */
  readonly priorityStages?: readonly { readonly priority: 1 | 2 | 3 | null; readonly value: string }[];
  readonly binding: readonly BindingConstraint[];
  readonly marginalValues: readonly MarginalValue[];
  readonly infeasibility?: Infeasibility;
}

export interface SourceAssignmentInput {
  readonly unit: Unit;
  readonly granularity: string;
  readonly sources: readonly FundSourceInput[];
  /** the chosen projects: each is funded in full from its eligible sources */
  readonly projects: readonly ProjectInput[];
  readonly industryCategories?: readonly string[];
  readonly excludedCategories?: readonly string[];
  /** which money to use first: source ids in order (default: as listed); later sources pay only what earlier ones cannot */
  readonly preference?: readonly string[];
  readonly drawingReviewThreshold?: string;
  readonly solver?: SolverOptions;
}
