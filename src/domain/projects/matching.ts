/**
 * Batch matching (分批匹配, seed 002 耀州 §(一)四): a batch of funds from one source arrives; it pays projects
 * of the year's plan, chosen by the verified portfolio optimizer (src/domain/optimization/portfolio/) under
 * the rules of the project-rules model:
 *
 * - the plan: projects of `year` in status planned or implementing; each one is a row of the answer.
 * - candidates: need = amount − arranged > 0, the batch's source allowed (sources absent, or naming it), not
 *   on the negative list, and not held. Held: amount ≥ drawingReviewThreshold (万元, ×10,000 for a yuan
 *   library) without drawingReviewed === true — "held until the joint drawing review" (seed 002 §(二)一).
 * - choice: 三个优先 served lexicographically (class 1 consolidation, 2 disaster, 3 driving effect, then the
 *   unprioritised): class 1's value is maximised first, then class 2's with class 1's kept, …; a project's
 *   value is its need × (1 + weakVillageTilt·[villageIncome < weakVillageIncome] + keyTownTilt·[keyTown])
 *   (seed 002 §(五)一: weak villages under 15万元, key towns). One source {batch.source, budget: batch
 *   amount, floor: the industry-share model's floor for that source and year (central: centralFloor,
 *   provincial: the base floor, city/county: none)}: what the batch pays to industry projects is at least
 *   floor × what it pays in all (src/core/shares.ts, the definition the industry-share check uses).
 * - whole remaining needs only, unless `partial` (then any part of a need, in whole granules).
 *
 * Pure: no I/O; the caller resolves the model and the industry-share policy. Money is exact decimal text
 * (decimal.js at 100 digits for sums, the optimizer's granules for the plan): Σ matched + left = batch.
 */
import DecimalJs from 'decimal.js';
import type { Issue } from '../../core/errors.js';
import { centralFloor, type IndustrySharePolicy } from '../../core/shares.js';
import type { Ratio } from '../../core/money.js';
import type { Unit } from '../../core/money.js';
import { ratioOf, toText } from '../../core/money.js';
import { decimalProblem } from '../../messages/grammar.js';
import { issue } from '../../messages/index.js';
import { positive, requestDecimal } from '../../schema/common.js';
import type { ProjectRulesModel, StoredProject } from '../../schema/projects.js';
import { optimizePortfolio } from '../optimization/portfolio/portfolio.js';
import { DEFAULT_TIME_LIMIT_MS } from '../optimization/solver/core.js';
import type { PortfolioInput, PortfolioResult, ProjectInput, SolverOptions } from '../optimization/problems.js';
import { negativeListHit } from './entry.js';

const Decimal = DecimalJs.clone({ precision: 100, rounding: DecimalJs.ROUND_HALF_UP });
type Dec = InstanceType<typeof Decimal>;

/** The finest amounts matching works in: 10^-8 of the unit, as the optimizer's granularity. */
export const MATCHING_MAX_DECIMALS = 8;
/**
 * The most granules an amount may hold (amount ÷ granularity): 10^9. Measured on this optimizer (HiGHS): a
 * need of 10^13 granules beside a batch of 10^4 (whole projects), or 10^9 beside a batch of one granule
 * (partial), lost a small project that fitted; with no cost above the batch (below), a central batch of 10^10
 * granules still lost a class-1 project of one granule to the later classes (the lexicographic stages keep a
 * class's value only within the solver's tolerance), and a partial batch of 10^11 came back unverified — all
 * while the plan was reported optimal. At 10^9 granules every case of tests/projects/matching-limits.test.ts
 * is exact. Matching also never gives the optimizer a cost above the batch (a whole need larger than the batch
 * is left out before the solve; a partial one is offered as the batch).
 */
export const MATCHING_MAX_GRANULES = 10n ** 9n;

/**
 * The decimals matching works in and shows, from the finest amount given. Shown: at least 2 (money as
 * everywhere). Worked in: a 万元 library at least 2 (0.01 万元 = 100 元); a 元 library only what its amounts
 * have, so whole-yuan amounts work in whole yuan and reach 10^9 元 (10亿) under MATCHING_MAX_GRANULES, not
 * 10^7 (1,000万元) as at 0.01 元 — a county's batch of 0.8亿 in 元 stays exact.
 */
export function matchingDecimals(unit: Unit, finest: number): { working: number; shown: number; granularity: string } {
  const working = unit === 'yuan' ? finest : Math.max(2, finest);
  return { working, shown: Math.max(2, finest), granularity: new Decimal(1).div(new Decimal(10).pow(working)).toFixed() };
}
/** The gap matching asks of the optimizer by default (its own default is 1e-4): 0.01万元 in a class worth 10,000万元 still counts. */
export const MATCHING_MIP_REL_GAP = 1e-6;

export interface Batch {
  readonly id?: string;
  /** a fund source of the model */
  readonly source: string;
  /** > 0, in the library's unit */
  readonly amount: string;
  /** YYYY-MM-DD */
  readonly date: string;
}

export interface MatchingInput {
  readonly projects: readonly StoredProject[];
  readonly model: ProjectRulesModel;
  /** the industry-share model's policy (model.matching.industryShareModel) */
  readonly policy: IndustrySharePolicy;
  readonly unit: Unit;
  readonly year: number;
  readonly batch: Batch;
  /** default false: whole remaining needs only */
  readonly partial?: boolean;
  readonly solver?: SolverOptions;
  /**
   * The industry floor for this batch, a share as decimal text ("0.6"), overriding the source's floor of the
   * industry-share model; null: no floor; undefined: the source's.
   */
  readonly floor?: string | null;
  /** Indices of projects whose enteredOn the sender did not write (inline projects): taken as entered before the batch. */
  readonly undated?: ReadonlySet<number>;
}

export type MatchStatus = 'matched' | 'partly' | 'unfunded' | 'held' | 'excluded';

export interface MatchRow {
  readonly id: string;
  readonly name: string;
  readonly priority: 1 | 2 | 3 | null;
  readonly category: string;
  readonly town: string | null;
  readonly village: string | null;
  readonly weakVillage: boolean;
  readonly keyTown: boolean;
  /** amount − arranged (never below 0), in the unit */
  readonly need: string;
  /** need × (1 + tilts): what the choice maximises, class by class */
  readonly value: string;
  /** what this batch pays it */
  readonly amount: string;
  readonly status: MatchStatus;
  /** the reason's code (messages/matching.ts) */
  readonly reason: string;
  readonly en: string;
  readonly zh: string;
}

export interface MatchingSummary {
  readonly batch: { readonly id: string | null; readonly source: string; readonly amount: string; readonly date: string };
  readonly year: number;
  readonly partial: boolean;
  /** Σ amount of the rows */
  readonly matched: string;
  /** batch − matched */
  readonly left: string;
  /** rows paid something (matched or partly) */
  readonly count: number;
  readonly candidates: number;
  readonly held: number;
  readonly excluded: number;
  readonly unfunded: number;
  /** Σ amount of industry rows */
  readonly industry: string;
  /** industry / matched, 12 decimals; null when nothing is matched */
  readonly industryShare: string | null;
  /** the floor of the batch's source this year, 12 decimals; null: none */
  readonly floor: string | null;
  /** where the floor comes from: the industry-share model (per batch, the service's choice) or the request's `floor` */
  readonly floorFrom: 'model' | 'request';
  /** the value each priority class reached (null: the unprioritised) */
  readonly priorities: readonly { readonly priority: 1 | 2 | 3 | null; readonly value: string; readonly amount: string }[];
  /**
   * The optimizer's report: optimal, or time_limit (a checked plan not proven best) …; `none` without
   * candidates. `sequential`: the lexicographic solve stopped early and the classes were served one by one
   * instead, each class's choice fixed before the next (src/domain/projects/matching.ts classByClass).
   */
  readonly solve: {
    readonly status: PortfolioResult['solve']['status'] | 'none';
    readonly verified: boolean;
    readonly gap?: number;
    readonly sequential?: boolean;
  };
}

export interface MatchingResult {
  readonly unit: Unit;
  readonly granularity: string;
  readonly summary: MatchingSummary;
  readonly rows: readonly MatchRow[];
}

export type MatchingOutcome = MatchingResult | { readonly issues: readonly Issue[] };

/** A plan project as matching reads it, before the choice. */
interface Planned {
  readonly index: number;
  readonly p: StoredProject;
  readonly need: Dec;
  readonly value: Dec;
  readonly weakVillage: boolean;
  readonly keyTown: boolean;
  readonly industry: boolean;
  /** set when the project is no candidate */
  readonly out?: { readonly status: 'held' | 'excluded'; readonly issue: Issue };
}

const WAN_IN_YUAN = new Decimal(10_000);
const rank = (c: 1 | 2 | 3 | null | undefined) => c ?? 4;
const dec = (v: string | undefined) => new Decimal(v ?? '0');
const places = (d: Dec) => Math.max(0, d.decimalPlaces());

/** A decimal read as every request's decimals are (schema/common.ts: "120", "0.5", "1e3"), as plain text; or undefined. */
function readDecimal(v: string): Dec | undefined {
  const x = typeof v === 'string' ? requestDecimal(v) : undefined;
  return x && new Decimal(toText(x));
}

/** The floor this batch works with: the request's (null: none) or the source's. */
export function batchFloor(input: Pick<MatchingInput, 'floor' | 'policy' | 'batch' | 'year'>): Ratio | null {
  if (input.floor === null) return null;
  if (input.floor === undefined) return floorOf(input.policy, input.batch.source, input.year);
  const x = requestDecimal(input.floor);
  return x ? ratioOf(x) : null;
}

/** The floor of `source` in `year` under the policy: central and provincial have one, city and county none. */
export function floorOf(policy: IndustrySharePolicy, source: string, year: number): Ratio | null {
  if (source === 'central') return centralFloor(policy.central, year);
  if (source === 'provincial') return policy.provincial;
  return null;
}

/** A share as exact decimal text when it has one, else rounded up at 12 decimals (never below the policy). */
export function shareText(r: Ratio): string {
  let den = r.den;
  while (den % 2n === 0n) den /= 2n;
  while (den % 5n === 0n) den /= 5n;
  const exact = new Decimal(r.num.toString()).div(r.den.toString());
  return (den === 1n ? exact : exact.toDecimalPlaces(12, Decimal.ROUND_UP)).toFixed();
}

/** The model's 万元 thresholds in the library's unit. */
function inUnit(wan: string, unit: Unit): Dec {
  return unit === 'yuan' ? new Decimal(wan).times(WAN_IN_YUAN) : new Decimal(wan);
}

/** The plan of the year, each project read: need, tilted value, and why it is no candidate (if it is not). */
function readPlan(input: MatchingInput): Planned[] {
  const { model, unit, batch } = input;
  const m = model.matching;
  const threshold = inUnit(m.drawingReviewThreshold, unit);
  const weakBelow = inUnit(m.weakVillageIncome, unit);
  const industryCategories = new Set(model.categories.filter((c) => c.industry).map((c) => c.id));
  const zhOf = (id: string) => model.fundSources.find((s) => s.id === id)?.zh ?? id;
  const sourceZh = zhOf(batch.source);
  const out: Planned[] = [];
  input.projects.forEach((p, index) => {
    if (p.year !== input.year || (p.status !== 'planned' && p.status !== 'implementing')) return;
    const amount = dec(p.amount);
    const rawNeed = amount.minus(dec(p.arranged));
    const need = rawNeed.isNegative() ? new Decimal(0) : rawNeed;
    const weakVillage = p.villageIncome !== undefined && dec(p.villageIncome).lessThan(weakBelow);
    const keyTown = p.keyTown === true;
    const factor = new Decimal(1).plus(weakVillage ? m.weakVillageTilt : 0).plus(keyTown ? m.keyTownTilt : 0);
    const value = need.times(factor);
    let why: Planned['out'];
    const hit = negativeListHit(p, model);
    if (!input.undated?.has(index) && p.enteredOn > batch.date) {
      why = { status: 'excluded', issue: issue('', 'matching-not-yet-entered', { enteredOn: p.enteredOn, date: batch.date }) };
    } else if (p.sources !== undefined && !p.sources.includes(batch.source)) {
      why = {
        status: 'excluded',
        issue: issue('', 'matching-other-source', { source: batch.source, sourceZh, sources: p.sources, sourcesZh: p.sources.map(zhOf) }),
      };
    } else if (hit) {
      why = {
        status: 'excluded',
        issue: issue('', 'matching-negative-list', { item: hit.item.en, itemZh: hit.item.zh, keyword: hit.keyword, field: hit.field }),
      };
    } else if (!need.gt(0)) {
      why = { status: 'excluded', issue: issue('', 'matching-no-need', { unit, amount: p.amount, arranged: p.arranged ?? '0' }) };
    } else if (amount.greaterThanOrEqualTo(threshold) && p.drawingReviewed !== true) {
      why = { status: 'held', issue: issue('', 'matching-held', { unit, amount: p.amount, threshold: threshold.toFixed() }) };
    }
    out.push({ index, p, need, value, weakVillage, keyTown, industry: industryCategories.has(p.category), ...(why ? { out: why } : {}) });
  });
  return out;
}

/** Problems matching finds before choosing: the batch (source, amount), the floor, the year, repeated ids, amounts too fine or too large. */
function inputIssues(input: MatchingInput, plan: readonly Planned[]): Issue[] {
  const issues: Issue[] = [];
  const sources = input.model.fundSources.map((s) => s.id);
  if (!sources.includes(input.batch.source)) issues.push(issue('/batch/source', 'unknown-fund-source', { shown: input.batch.source, known: sources }));
  // the batch amount reads as every amount of the service does (schema/common.ts PositiveDecimal), with its codes
  const read = typeof input.batch.amount === 'string' ? requestDecimal(input.batch.amount) : undefined;
  const amountProblem = read ? positive(read) : decimalProblem(input.batch.amount, 'positive');
  if (amountProblem) issues.push({ path: '/batch/amount', ...amountProblem });
  const amount = amountProblem ? undefined : readDecimal(input.batch.amount);
  if (input.floor !== undefined && input.floor !== null) {
    const f = requestDecimal(input.floor);
    if (!f || f.coefficient < 0n || new Decimal(toText(f)).gt(1)) issues.push(issue('/floor', 'matching-floor-out-of-range', { shown: input.floor }));
  }
  if (plan.length === 0) {
    const years = [
      ...new Set(input.projects.filter((p) => p.year !== undefined && (p.status === 'planned' || p.status === 'implementing')).map((p) => p.year!)),
    ].sort((x, y) => x - y);
    issues.push(issue('/year', 'matching-no-plan', { year: input.year, years }));
  }
  const first = new Map<string, number>();
  input.projects.forEach((p, i) => {
    const at = first.get(p.id);
    if (at !== undefined) issues.push(issue(`/projects/${i}/id`, 'matching-duplicate-project', { id: p.id, first: `/projects/${at}/id` }));
    else first.set(p.id, i);
  });
  const finest = Math.max(amount ? places(amount) : 0, ...plan.filter((x) => !x.out).map((x) => places(x.need)));
  if (finest > MATCHING_MAX_DECIMALS) {
    issues.push(issue('/batch', 'matching-too-fine', { places: finest, most: MATCHING_MAX_DECIMALS }));
    return issues;
  }
  // amounts the optimizer computes exactly: at most MATCHING_MAX_GRANULES granules of the granularity matching works in
  const { working, granularity } = matchingDecimals(input.unit, finest);
  const most = new Decimal(MATCHING_MAX_GRANULES.toString()).div(new Decimal(10).pow(working));
  const tooLarge = (path: string, shown: Dec, what: { en: string; zh: string }) => {
    if (shown.gt(most)) {
      issues.push(
        issue(path, 'matching-too-large', {
          what,
          shown: shown.toFixed(),
          unit: input.unit,
          most: most.toFixed(),
          granularity,
          granules: MATCHING_MAX_GRANULES.toString(),
        }),
      );
    }
  };
  if (amount) tooLarge('/batch/amount', amount, { en: 'the batch amount', zh: '批次资金' });
  for (const x of plan) {
    tooLarge(`/projects/${x.index}/amount`, dec(x.p.amount), { en: 'the project amount', zh: '项目投资' });
    if (x.p.arranged !== undefined) tooLarge(`/projects/${x.index}/arranged`, dec(x.p.arranged), { en: 'the amount arranged', zh: '已安排资金' });
  }
  return issues;
}

/** The optimizer's problem: one source (the batch), the candidates as whole (or partly fundable) projects. */
function portfolioOf(input: MatchingInput, candidates: readonly Planned[], granularity: string, floor: Ratio | null): PortfolioInput {
  const batch = new Decimal(input.batch.amount);
  // never a cost above the batch (see MATCHING_MAX_GRANULES): a partly fundable need larger than the batch is
  // offered as the batch, at the same value per unit (the whole-needs-only caller leaves such needs out)
  const projects: ProjectInput[] = candidates.map(({ p, need, value }) => ({
    id: p.id,
    name: p.name,
    cost: Decimal.min(need, batch).toFixed(),
    category: p.category,
    ...(p.priority !== undefined ? { priority: p.priority } : {}),
    ...(p.town !== undefined ? { town: p.town } : {}),
    ...(p.village !== undefined ? { village: p.village } : {}),
    partial: input.partial === true,
    benefits: { value: need.gt(batch) ? value.div(need).times(batch).toFixed() : value.toFixed() },
  }));
  return {
    unit: input.unit,
    granularity,
    sources: [{ id: input.batch.source, budget: new Decimal(input.batch.amount).toFixed(), ...(floor ? { floor: shareText(floor) } : {}) }],
    projects,
    objective: { maximize: { value: '1' }, priorities: 'lexicographic' },
    measures: { value: { en: 'tilted need', zh: '倾斜后的所需资金' } },
    industryCategories: input.model.categories.filter((c) => c.industry).map((c) => c.id),
    excludedCategories: [],
    drawingReviewThreshold: inUnit(input.model.matching.drawingReviewThreshold, input.unit).toFixed(),
    solver: { ...input.solver, mipRelGap: input.solver?.mipRelGap ?? MATCHING_MIP_REL_GAP },
  };
}

/** Σ value reached per class (1, 2, 3, none) by a plan: value × paid ÷ need. */
function classValues(candidates: readonly Planned[], paid: ReadonlyMap<string, Dec>): Dec[] {
  const out = [0, 0, 0, 0].map(() => new Decimal(0));
  for (const x of candidates) {
    const a = paid.get(x.p.id);
    if (a?.gt(0)) out[rank(x.p.priority) - 1] = out[rank(x.p.priority) - 1].plus(x.value.times(a).div(x.need));
  }
  return out;
}

/** Is `a` better than `b` class by class (the first class that differs decides)? */
function better(a: readonly Dec[], b: readonly Dec[]): boolean {
  const i = a.findIndex((v, k) => !v.equals(b[k]));
  return i >= 0 && a[i].gt(b[i]);
}

/**
 * The classes served one by one when the lexicographic solve stops before it has served them all (its
 * later stages keep each earlier class's value, which on a large tight plan HiGHS may not re-find in time):
 * each stage one plain MILP of its class's projects (value), the earlier classes' choices fixed at their
 * amounts (mandatory), and later industry projects free beside them (value 0) where the floor may need them.
 * Every stage is feasible (the stage before it is a plan of it). Not lexicographically optimal where an
 * earlier class had several best choices; used only where it serves the classes better than the stopped solve.
 */
async function classByClass(
  input: MatchingInput,
  candidates: readonly Planned[],
  granularity: string,
  floor: Ratio | null,
): Promise<Map<string, Dec> | undefined> {
  const fixed = new Map<string, Dec>();
  const classes = [1, 2, 3, 4].filter((r) => candidates.some((x) => rank(x.p.priority) === r));
  const limit = Math.max(200, Math.floor((input.solver?.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS) / classes.length));
  for (const r of classes) {
    const stage = candidates.filter((x) => fixed.has(x.p.id) || rank(x.p.priority) === r || (floor && x.industry && rank(x.p.priority) > r));
    const base = portfolioOf(input, stage, granularity, floor);
    const problem: PortfolioInput = {
      ...base,
      objective: { maximize: { value: '1' }, priorities: 'none' },
      solver: { ...base.solver, timeLimitMs: limit },
      projects: base.projects.map((p, i) => {
        const x = stage[i];
        const at = fixed.get(x.p.id);
        if (at) return { ...p, cost: at.toFixed(), mandatory: true, partial: false, benefits: { value: '0' } };
        return rank(x.p.priority) === r ? p : { ...p, benefits: { value: '0' } };
      }),
    };
    const result = await optimizePortfolio(problem);
    if ((result.solve.status !== 'optimal' && result.solve.status !== 'time_limit') || result.projects.length === 0) return undefined;
    result.projects.forEach((row, i) => {
      const a = new Decimal(row.amount);
      if (rank(stage[i].p.priority) === r && a.gt(0)) fixed.set(row.id, a);
    });
  }
  return fixed;
}

/** classByClass on a request's plan, for tests: the amounts by project id, or undefined. */
export async function matchClassByClass(input: MatchingInput): Promise<Map<string, string> | undefined> {
  const batch = new Decimal(input.batch.amount);
  const candidates = readPlan(input).filter((x) => !x.out && (input.partial === true || x.need.lte(batch)));
  const { granularity } = matchingDecimals(input.unit, Math.max(places(batch), ...candidates.map((x) => places(x.need))));
  const got = await classByClass(input, candidates, granularity, batchFloor(input));
  return got && new Map([...got].map(([id, a]) => [id, a.toFixed()]));
}

/** Same priority class and same value per unit (tilts): moving money between them changes no class's value. */
function sameGroup(x: Planned, y: Planned): boolean {
  return rank(x.p.priority) === rank(y.p.priority) && x.value.times(y.need).equals(y.value.times(x.need));
}

/** The money of a group given out by the tie-break: whole projects first, smaller needs first, then id order. */
function spread(group: Planned[], total: Dec, paid: Map<string, Dec>): void {
  let left = total;
  group.sort((a, b) => a.need.comparedTo(b.need) || (a.p.id < b.p.id ? -1 : a.p.id > b.p.id ? 1 : 0));
  for (const y of group) {
    const a = Decimal.min(y.need, left);
    left = left.minus(a);
    if (a.gt(0)) paid.set(y.p.id, a);
    else paid.delete(y.p.id);
  }
}

/**
 * The stated tie-break of partial matching: within each group of equally valued candidates (sameGroup), the
 * money the choice gave the group goes to whole projects first, smaller needs first, then id order, and what
 * is left part-pays the next one. The group's total is kept, so the budget and every class's value are those
 * of the optimizer's plan: it stays optimal. Where that would take the industry share below the floor, the
 * rule applies among the group's industry projects and among its other projects apart (each total kept).
 */
function tieBreak(candidates: readonly Planned[], paid: Map<string, Dec>, floor: Ratio | null): void {
  const total = (xs: readonly Planned[]) => xs.reduce((s, y) => s.plus(paid.get(y.p.id) ?? 0), new Decimal(0));
  const matched = total(candidates);
  const seen = new Set<Planned>();
  for (const x of candidates) {
    if (seen.has(x)) continue;
    const group = candidates.filter((y) => sameGroup(x, y));
    for (const y of group) seen.add(y);
    if (group.length < 2) continue;
    const before = new Map(group.map((y) => [y.p.id, paid.get(y.p.id)]));
    spread([...group], total(group), paid);
    const industry = total(candidates.filter((y) => y.industry));
    if (!floor || industry.times(floor.den.toString()).gte(matched.times(floor.num.toString()))) continue;
    for (const [id, a] of before) {
      if (a === undefined) paid.delete(id);
      else paid.set(id, a);
    }
    for (const side of [true, false]) {
      const part = group.filter((y) => y.industry === side);
      spread(part, total(part), paid);
    }
  }
}

/** Matches a batch to the year's plan: every plan project's row, the summary; or the issues of the request. */
export async function matchBatch(input: MatchingInput): Promise<MatchingOutcome> {
  const plan = readPlan(input);
  const issues = inputIssues(input, plan);
  if (issues.length > 0) return { issues };
  const { unit } = input;
  const partial = input.partial === true;
  const batchAmount = readDecimal(input.batch.amount)!;
  input = { ...input, batch: { ...input.batch, amount: batchAmount.toFixed() } };
  const candidates = plan.filter((x) => !x.out);
  // what the optimizer sees: a whole need larger than the batch can never be paid (its reason says so)
  const solvable = partial ? candidates : candidates.filter((x) => x.need.lte(batchAmount));
  const { shown, granularity } = matchingDecimals(unit, Math.max(places(batchAmount), ...candidates.map((x) => places(x.need))));
  const money = (d: Dec) => d.toFixed(shown);
  const floor = batchFloor(input);
  const floorText = floor ? new Decimal(floor.num.toString()).div(floor.den.toString()).toFixed(12) : null;
  const floorPercent = floor ? `${new Decimal(floor.num.toString()).div(floor.den.toString()).times(100).toDecimalPlaces(4).toFixed()}%` : '';

  // the choice
  const paid = new Map<string, Dec>();
  let solve: { -readonly [K in keyof MatchingSummary['solve']]: MatchingSummary['solve'][K] } = { status: 'none', verified: true };
  let noPlan = false;
  if (solvable.length > 0) {
    const result = await optimizePortfolio(portfolioOf(input, solvable, granularity, floor));
    if (result.solve.status === 'infeasible') {
      const why = result.infeasibility;
      const rules = why && why.relaxations.length > 0 ? why.relaxations : [why ?? { en: result.solve.message ?? '', zh: result.solve.message ?? '' }];
      return { issues: rules.map((r) => issue('/batch', 'constraints-cannot-hold', { rule: { en: r.en.replace(/\.$/, ''), zh: r.zh.replace(/。$/, '') } })) };
    }
    solve = { status: result.solve.status, verified: result.solve.verified, ...(result.solve.gap !== undefined ? { gap: result.solve.gap } : {}) };
    noPlan = result.projects.length === 0;
    for (const row of result.projects) paid.set(row.id, new Decimal(row.amount));
    // stopped before every class was served (or with no plan at all): class by class, each choice fixed
    if (result.solve.status !== 'optimal') {
      const again = await classByClass(input, solvable, granularity, floor);
      if (again && (noPlan || better(classValues(solvable, again), classValues(solvable, paid)))) {
        paid.clear();
        for (const [id, a] of again) paid.set(id, a);
        noPlan = false;
        solve = { ...solve, verified: true, sequential: true };
      }
    }
  }
  if (partial && !noPlan) tieBreak(solvable, paid, floor);
  const amountOf = (x: Planned) => paid.get(x.p.id) ?? new Decimal(0);
  /** the candidates of x's class with the same value per unit that this batch pays */
  const equals = (x: Planned) => solvable.filter((y) => y !== x && sameGroup(x, y) && amountOf(y).gt(0)).map((y) => y.p.id);

  // money spent per priority class, for the reasons
  let matched = new Decimal(0);
  let industry = new Decimal(0);
  const byClass = new Map<number, Dec>();
  for (const x of candidates) {
    const a = amountOf(x);
    matched = matched.plus(a);
    if (x.industry) industry = industry.plus(a);
    const r = rank(x.p.priority);
    byClass.set(r, (byClass.get(r) ?? new Decimal(0)).plus(a));
  }
  const left = batchAmount.minus(matched);
  const spentBefore = (r: number) => {
    let s = new Decimal(0);
    for (const [k, v] of byClass) if (k < r) s = s.plus(v);
    return s;
  };
  const higherClasses = (r: number) =>
    [...byClass]
      .filter(([k, v]) => k < r && k <= 3 && v.gt(0))
      .map(([k]) => k)
      .sort();

  // the floor's part: a non-industry project is held back by the floor where the same choice without the
  // floor pays it more, or where the money left would have paid it (only the floor can stop that)
  let withoutFloor: Map<string, Dec> | undefined;
  if (floor && !noPlan && solvable.some((x) => !x.industry && amountOf(x).lt(x.need))) {
    const asked = portfolioOf(input, solvable, granularity, null);
    // for the reasons only: half the time the choice had (a plan found short of it still says which projects the floor stops)
    const limit = Math.max(200, Math.floor((input.solver?.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS) / 2));
    const free = await optimizePortfolio({ ...asked, solver: { ...asked.solver, timeLimitMs: limit } });
    withoutFloor = new Map(free.projects.map((row) => [row.id, new Decimal(row.amount)]));
  }
  const floorStopped = (x: Planned) =>
    !!floor &&
    !x.industry &&
    ((withoutFloor?.get(x.p.id) ?? new Decimal(0)).gt(amountOf(x)) || (partial ? left.gt(0) : x.need.minus(amountOf(x)).lessThanOrEqualTo(left)));

  const rows: MatchRow[] = plan.map((x) => {
    const base = {
      id: x.p.id,
      name: x.p.name,
      priority: x.p.priority ?? null,
      category: x.p.category,
      town: x.p.town ?? null,
      village: x.p.village ?? null,
      weakVillage: x.weakVillage,
      keyTown: x.keyTown,
      need: money(x.need),
      value: x.value.toFixed(),
    };
    const row = (amount: Dec, status: MatchStatus, i: Issue): MatchRow => ({ ...base, amount: money(amount), status, reason: i.code!, en: i.en, zh: i.zh });
    if (x.out) return row(new Decimal(0), x.out.status, x.out.issue);
    const a = amountOf(x);
    const need = money(x.need);
    if (a.equals(x.need)) return row(a, 'matched', issue('', 'matching-matched', { unit, need }));
    if (noPlan) {
      if (solve.status === 'time_limit') return row(a, 'unfunded', issue('', 'matching-unfunded-no-plan'));
      return row(a, 'unfunded', issue('', 'matching-unfunded-solver', { status: solve.status }));
    }
    if (a.gt(0)) {
      if (!floorStopped(x)) return row(a, 'partly', issue('', 'matching-partly-budget', { unit, amount: money(a), need }));
      return row(a, 'partly', issue('', 'matching-partly-floor', { unit, amount: money(a), need, floor: floorPercent, left: money(left) }));
    }
    // unfunded: the first that explains it — the whole batch is too small, the industry floor, higher
    // classes took the money, or its own class's better choice did
    const fits = (available: Dec) => (partial ? available.gt(0) : x.need.lessThanOrEqualTo(available));
    const r = rank(x.p.priority);
    if (!fits(batchAmount)) return row(a, 'unfunded', issue('', 'matching-unfunded-larger', { unit, need, batch: money(batchAmount) }));
    if (floorStopped(x)) return row(a, 'unfunded', issue('', 'matching-unfunded-floor', { unit, need, left: money(left), floor: floorPercent }));
    const afterHigher = batchAmount.minus(spentBefore(r));
    if (!fits(afterHigher)) {
      return row(a, 'unfunded', issue('', 'matching-unfunded-priorities', { unit, need, available: money(afterHigher), higher: higherClasses(r) }));
    }
    const peers = equals(x);
    if (peers.length > 0) return row(a, 'unfunded', issue('', 'matching-unfunded-equal-value', { unit, need, partial, chosen: peers }));
    return row(a, 'unfunded', issue('', 'matching-unfunded-did-not-fit', { unit, need, available: money(afterHigher) }));
  });

  const classes = ([1, 2, 3, null] as const).filter((c) => candidates.some((x) => (x.p.priority ?? null) === c));
  const priorities = classes.map((c) => {
    let value = new Decimal(0);
    let amount = new Decimal(0);
    for (const x of candidates) {
      if ((x.p.priority ?? null) !== c) continue;
      const a = amountOf(x);
      amount = amount.plus(a);
      if (a.gt(0)) value = value.plus(x.value.times(a).div(x.need));
    }
    return { priority: c, value: value.toDecimalPlaces(6).toFixed(6), amount: money(amount) };
  });
  const count = rows.filter((r) => r.status === 'matched' || r.status === 'partly').length;
  return {
    unit,
    granularity,
    rows,
    summary: {
      batch: { id: input.batch.id ?? null, source: input.batch.source, amount: money(batchAmount), date: input.batch.date },
      year: input.year,
      partial,
      matched: money(matched),
      left: money(left),
      count,
      candidates: candidates.length,
      held: rows.filter((r) => r.status === 'held').length,
      excluded: rows.filter((r) => r.status === 'excluded').length,
      unfunded: rows.filter((r) => r.status === 'unfunded').length,
      industry: money(industry),
      industryShare: matched.gt(0) ? industry.div(matched).toDecimalPlaces(12).toFixed(12) : null,
      floor: floorText,
      floorFrom: input.floor === undefined ? 'model' : 'request',
      priorities,
      solve,
    },
  };
}
