/**
 * The factor-method allocation (因素法). Its trace is built in trace.ts.
 *
 * amount_i = total × Σ_f w_f · Σ_k v_fk · t_ifk / Σ_j t_jfk, rounded to the granularity.
 *
 * Exactness without slowness: with integer columns t_k and sums S_k, region i's share is the single rational
 *   N_i / D,  N_i = Σ_k W_k · (Π_{m≠k} S_m) · t_ik,  D = 10^ws · Π_m S_m,
 * where W_k is the effective weight w_f·v_fk as an integer over 10^ws. Σ_i N_i = D exactly because the
 * weights sum to 1, so the largest-remainder split of the total in granules is exact and never loses one.
 * That costs a few BigInt multiplications per region instead of a Decimal operation per term.
 */
import { EngineError, Issue, pointer } from '../../core/errors.js';
import { Column, indicatorColumn, RegionInput } from './factors.js';
import {
  apportionOver,
  atScale,
  compareScaled,
  convert,
  formatCount,
  formatScaled,
  fromGranules,
  granules,
  parseDecimal,
  pow10,
  ratioCounter,
  ratioEstimator,
  ratioFormatter,
  Scaled,
  toText,
  Unit,
} from '../../core/money.js';
import { FactorSpec, PreparedModel, prepareModel } from './model.js';
import { pipelineApplies, pipelineInputs, PipelineOutcome, runPipeline, StageId } from './pipeline/run.js';
import type { WaterfallStage } from './pipeline/stages.js';
import { AllocationTrace, type Reason, pipelineReason, pipelineSteps, pipelineTrace, PipelineTrace, RowTrace, traceAllocation, traceRows } from './trace.js';
import { own } from '../../core/records.js';
import { checkIndicatorKeys } from './inputs.js';
import { EXTRA_DECIMALS, factorRecord, formulaShares, rowOf, sharesOfTotal } from './rows.js';
import { quickFormula } from './quick.js';
import { rankByAmount } from './rank.js';
// the one number grammar of every route (as src/domain/evaluation/values.ts reads it): a pure function of the catalogue
import { decimalProblem } from '../../messages/grammar.js';
import { issue } from '../../messages/index.js';

export interface AllocationScenario {
  readonly model: PreparedModel;
  /** pipeline stages switched off for this request (what-if) */
  readonly off?: ReadonlySet<StageId>;
  /**
   * Factor shares already computed for these very regions' indicators (what-if variants of one baseline):
   * keyed by the model's factors and the inputs it reads, so only a variant whose formula is unchanged
   * reuses them. The caller must not share one memo across different region data.
   */
  readonly sharesMemo?: Map<string, Shares>;
  readonly total: Scaled;
  readonly unit: Unit;
  readonly granularity: Scaled;
  readonly regions: readonly RegionInput[];
  /** add the trace: every step and every model parameter read */
  readonly explain?: boolean;
  /**
   * With explain: trace only the rows this accepts, by path from the top ([id], or [city, id] in a city's
   * split); the others are left untraced (?region= asks for one region's trace: the rest is not built).
   */
  readonly explainOnly?: (path: readonly string[]) => boolean;
  /** compute in BigInts throughout, without the double fast path (quick.ts): its reference in tests and bench */
  readonly exact?: boolean;
}

/** The administrative level a region may carry, echoed on its row. */
export type RegionLevel = 'province' | 'city' | 'county' | 'town';

export interface AllocationRow {
  readonly id: string;
  readonly name?: string;
  readonly level?: RegionLevel;
  readonly amount: string;
  /** the amount ÷ the total, SHARE_DECIMALS decimals */
  readonly share: string;
  /** the same as a percentage, 2 decimals and the sign */
  readonly sharePercent: string;
  /** the region's exact share of the formula (Σ_f w_f · s_if), SHARE_DECIMALS decimals */
  readonly formulaShare: string;
  /** the same as a percentage, 2 decimals and the sign */
  readonly formulaSharePercent: string;
  /** 1 = largest amount; equal amounts by formula share, then id (UTF-16 order): every rank is distinct */
  readonly rank: number;
  /** per factor: its contribution to the unrounded amount (total × w_f × the region's share of f) */
  readonly factors: Record<string, string>;
  /** year over year, when last year's amount is given */
  readonly lastYear?: string;
  readonly change?: string;
  readonly changePercent?: string | null;
  /** the waterfall from formula to amount, when the model has stages after the formula */
  readonly stages?: Record<StageName, string>;
  readonly trace?: RowTrace;
}

/** The waterfall's lines, in order (the one stage vocabulary, pipeline/stages.ts); they add up to the amount exactly. */
export type StageName = WaterfallStage;

export interface AllocationSummary {
  readonly total: string;
  readonly granularity: string;
  /** Σ amounts, computed from the rounded rows */
  readonly sum: string;
  /** Σ amounts = total, exactly */
  readonly balanced: boolean;
  readonly regions: number;
  /** granules handed out by largest remainder after flooring */
  readonly leftoverGranules: number;
  readonly weightsSum: string;
}

export interface AllocationResult {
  readonly model: { id: string; version: string };
  readonly unit: Unit;
  readonly summary: AllocationSummary;
  readonly rows: AllocationRow[];
  /** where the money went, when the model has stages after the formula */
  readonly books?: {
    total: string;
    setAsides: { id: string; amount: string; to: Reason }[];
    formulaPool: string;
    deducted: { points: string; negativeList: string };
    rewards: { wanted: string; paid: string };
    unspent: string;
    unspentGoes: Reason;
    withheld: string;
    /** what the regions received, Σ amounts (summary.regions counts them) */
    allocated: string;
  };
  readonly trace?: AllocationTrace & { pipeline?: PipelineTrace };
}

/** Where a set-aside's money goes, in both languages (books.setAsides[].to). */
const SET_ASIDE_TO = {
  regions: (n: number): Reason => ({ en: n === 1 ? 'to 1 region' : `to ${n} regions`, zh: `分给 ${n} 个地区` }),
  reserve: { en: 'reserved for rewards', zh: '预留用于奖励' } as Reason,
  purpose: { en: 'kept for a purpose (not given to regions)', zh: '专项用途（不分给地区）' } as Reason,
};

/** What becomes of money no region could take (books.unspentGoes). */
const UNSPENT_GOES: Record<'withhold' | 'redistribute', Reason> = {
  withhold: { en: 'withheld (not allocated)', zh: '收回（不予分配）' },
  redistribute: { en: 'redistributed by the formula', zh: '按因素法重新分配' },
};

export const MAX_REGIONS = 10_000;
/** 10^15 元 (1,000 万亿) — above any real budget; larger totals are typing errors. */
export const MAX_TOTAL_YUAN: Scaled = { coefficient: 10n ** 15n, scale: 0 };

/** Checks what only the whole scenario shows; collects every problem before giving up. */
function checkScenario(s: AllocationScenario, issues: Issue[]): void {
  if (s.regions.length === 0) {
    issues.push(issue('/regions', 'no-regions'));
  }
  if (s.regions.length > MAX_REGIONS) {
    issues.push(issue('/regions', 'too-many-regions', { maximum: MAX_REGIONS, got: s.regions.length }));
  }
  const seen = new Map<string, number>();
  s.regions.forEach((r, i) => {
    const first = seen.get(r.id);
    if (first !== undefined) {
      issues.push(issue(pointer('regions', i, 'id'), 'duplicate-id', { id: JSON.stringify(r.id), first: pointer('regions', first, 'id') }));
    } else seen.set(r.id, i);
  });
  if (s.total.coefficient <= 0n) {
    issues.push(issue('/total', 'total-not-positive'));
  } else if (compareScaled(convert(s.total, s.unit, 'yuan'), MAX_TOTAL_YUAN) > 0) {
    issues.push(issue('/total', 'total-too-large', { total: toText(s.total), unit: s.unit }));
  }
  if (s.granularity.coefficient <= 0n) {
    issues.push(issue('/granularity', 'granularity-not-positive'));
  }
}

/**
 * What the regions hold wrong for this model, read without a total or a unit: ids used twice, indicators the
 * model never reads, values it cannot read (each in the one number grammar), last year's amounts. A request
 * whose total or unit failed its schema still gets these in the same 422 (src/api/allocations/run.ts
 * allocationChecks): independent mistakes come together, never in rounds.
 */
export function regionIssues(model: PreparedModel, regions: readonly RegionInput[], unit: Unit): Issue[] {
  const seen = new Map<string, number>();
  const issues: Issue[] = [];
  regions.forEach((r, i) => {
    const first = seen.get(r.id);
    if (first !== undefined)
      issues.push(issue(pointer('regions', i, 'id'), 'duplicate-id', { id: JSON.stringify(r.id), first: pointer('regions', first, 'id') }));
    else seen.set(r.id, i);
  });
  const s: AllocationScenario = { model, regions, total: { coefficient: 1n, scale: 0 }, unit, granularity: { coefficient: 1n, scale: 0 } };
  for (const check of [() => readLastYear(s, []), () => computeShares(s, [])]) {
    try {
      check();
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      issues.push(...e.issues);
    }
  }
  return issues;
}

/** fn's value, or undefined with its problems added to `issues`. */
function collected<T>(issues: Issue[], fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    issues.push(...e.issues);
    return undefined;
  }
}

/** The total in granules; a total that is not a whole number of them is refused (code not-whole-granules). */
function totalGranules(s: AllocationScenario): bigint {
  const scale = Math.max(s.total.scale, s.granularity.scale);
  if (atScale(s.total, scale) % atScale(s.granularity, scale) !== 0n) {
    throw new EngineError([issue('/total', 'not-whole-granules', { amount: toText(s.total), granularity: toText(s.granularity) })]);
  }
  return granules(s.total, s.granularity, '/total');
}

/** The factor method's result before any money moves: each region's exact share N_i / D. */
export interface Shares {
  readonly columns: Column[];
  readonly numerators: bigint[];
  readonly denominator: bigint;
  /** per factor (undefined when its weight is 0): N_if */
  readonly byFactor: (bigint[] | undefined)[];
}

export function allocate(s: AllocationScenario): AllocationResult {
  // the scenario, the total and the regions are checked independently: their problems come together
  const issues: Issue[] = [];
  checkScenario(s, issues);
  const total = issues.some((i) => i.path === '/total' || i.path === '/granularity') ? undefined : collected(issues, () => totalGranules(s));
  const lastYear = collected(issues, () => readLastYear(s, []));
  const off = s.off ?? new Set<StageId>();
  const spec = s.model.model.pipeline;
  const formulaOnly = lastYear !== undefined && !(spec && pipelineApplies(spec, s.regions, lastYear, off));
  if (formulaOnly && issues.length === 0 && total !== undefined && !s.explain && !s.exact) {
    // the common request in doubles, where they prove every digit (quick.ts); else on, exactly
    const quick = quickFormula(s, total, lastYear);
    if (quick) return quick;
  }
  const shares = collected(issues, () => computeShares(s, []));
  if (issues.length > 0 || total === undefined || lastYear === undefined || shares === undefined) throw new EngineError(issues);

  const ids = s.regions.map((r) => r.id);
  if (!formulaOnly && spec) {
    const outcome = runPipeline({
      spec,
      modelUnit: s.model.model.unit ?? s.unit,
      unit: s.unit,
      granularity: s.granularity,
      regions: s.regions,
      lastYear,
      total,
      numerators: shares.numerators,
      denominator: shares.denominator,
      off,
      subFormula: subFormula(s.regions),
    });
    return pipelineResult(s, shares, lastYear, total, outcome);
  }

  // Formula only: the total in granules, split by the exact shares.
  const split = apportionOver(total, shares.numerators, shares.denominator, ids);
  const g = s.granularity;
  const contribution = contributionText(s, shares.denominator, { coefficient: s.total.coefficient, scale: s.total.scale });
  const rows: AllocationRow[] = new Array(s.regions.length);
  const ofTotal = sharesOfTotal(total);
  const formula = formulaShares(shares.denominator);
  const ranks = rankByAmount(split.parts, shares.numerators, ids);
  for (let i = 0; i < rows.length; i++) {
    rows[i] = rowOf(
      s.regions[i],
      split.parts[i],
      g,
      ofTotal,
      formula(shares.numerators[i]),
      ranks[i],
      factorContributions(s, shares, i, contribution),
      lastYear[i],
    );
  }
  const sum = split.parts.reduce((x, y) => x + y, 0n);
  const result: AllocationResult = {
    model: { id: s.model.model.id, version: s.model.model.version },
    unit: s.unit,
    summary: {
      total: fromGranules(total, g),
      granularity: toText(g),
      sum: fromGranules(sum, g),
      balanced: sum === total,
      regions: rows.length,
      leftoverGranules: split.awarded.length,
      weightsSum: '1',
    },
    rows,
  };
  if (!s.explain) return result;
  const traced = traceRows(s, shares.columns, rows, {
    numerators: shares.numerators,
    split,
    contribution: contribution.quota,
    total: result.summary.total,
    granularity: result.summary.granularity,
  });
  return { ...result, rows: traced, trace: traceAllocation(s, shares.columns, total, split, ids) };
}

/** Reads every indicator column and combines them into exact shares (see the note at the top). */
function computeShares(s: AllocationScenario, issues: Issue[]): Shares {
  const key = s.sharesMemo ? JSON.stringify([s.model.factors.map((f) => f.spec), pipelineInputs(s.model.model.pipeline)]) : '';
  const known = s.sharesMemo?.get(key);
  if (known) return known;
  checkIndicatorKeys(s.model, s.regions, issues);
  const shares = factorShares(s.model, s.regions, issues);
  s.sharesMemo?.set(key, shares);
  return shares;
}

/**
 * A set-aside split by a sub-formula: the factor method over the receiving regions only. Its problems point
 * at the regions' places in the request and at the sub-formula in the model.
 */
function subFormula(regions: readonly RegionInput[]) {
  return (factors: readonly FactorSpec[], indices: readonly number[], at: string): bigint[] | undefined => {
    try {
      const model = prepareModel({ id: 'sub-formula', version: '1', factors }, at.replace(/\/factors$/, ''));
      return factorShares(
        model,
        indices.map((i) => regions[i]),
        [],
      ).numerators;
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      throw new EngineError(
        e.issues.map((issue) => ({ ...issue, path: issue.path.replace(/^\/regions\/(\d+)/, (_, j: string) => `/regions/${indices[Number(j)]}`) })),
      );
    }
  };
}

function factorShares(model: PreparedModel, regions: readonly RegionInput[], issues: Issue[]): Shares {
  const s = { model, regions };
  const columns: Column[] = [];
  s.model.factors.forEach((f, fi) => {
    for (const ind of f.indicators) {
      const c = indicatorColumn(ind, fi, s.regions, issues);
      if (c) columns.push(c);
    }
  });
  if (issues.length > 0) throw new EngineError(inNumberGrammar(issues, regions));

  // Only indicators that carry weight enter the formula; a weighted one must not be all zero.
  const active = columns.filter((c) => c.indicator.effectiveWeight.coefficient > 0n);
  for (const c of active) {
    if (c.sum === 0n) {
      const f = s.model.factors[c.factorIndex].spec.id;
      issues.push(issue('/regions', 'indicator-all-zero', { indicator: c.indicator.spec.id, factor: f, transform: c.indicator.spec.transform }));
    }
  }
  if (issues.length > 0) throw new EngineError(issues);

  const n = s.regions.length;
  const K = active.length;
  let ws = 0;
  for (const c of active) ws = Math.max(ws, c.indicator.effectiveWeight.scale);
  // coef_k = W_k · Π_{m≠k} S_m, from prefix and suffix products of the sums.
  const prefix = new Array<bigint>(K + 1);
  const suffix = new Array<bigint>(K + 1);
  prefix[0] = 1n;
  suffix[K] = 1n;
  for (let k = 0; k < K; k++) prefix[k + 1] = prefix[k] * active[k].sum;
  for (let k = K - 1; k >= 0; k--) suffix[k] = suffix[k + 1] * active[k].sum;
  const coef = active.map((c, k) => atScale(c.indicator.effectiveWeight, ws) * prefix[k] * suffix[k + 1]);
  const denominator = pow10(ws) * prefix[K];

  // Per factor, N_if = Σ_{k in f} coef_k · t_ik; N_i = Σ_f N_if.
  const byFactor: (bigint[] | undefined)[] = new Array(s.model.factors.length);
  for (let k = 0; k < K; k++) {
    const values = active[k].values;
    const ck = coef[k];
    const f = active[k].factorIndex;
    const target = byFactor[f];
    if (target === undefined) byFactor[f] = values.map((v) => ck * v);
    else for (let i = 0; i < n; i++) target[i] += ck * values[i];
  }
  const used = byFactor.filter((col): col is bigint[] => col !== undefined);
  const numerators = used[0].slice();
  for (let u = 1; u < used.length; u++) {
    const col = used[u];
    for (let i = 0; i < n; i++) numerators[i] += col[i];
  }
  return { columns, numerators, denominator, byFactor };
}

/**
 * A value that is not a number is said in the one number grammar of every route, with its code ("5,000" is
 * thousands-separator, "" empty-string, "60%" percent-not-amount, "5万" unit-in-number …), not the generic
 * indicator-not-a-number the transforms report: the same mistake has one code on every route.
 */
function inNumberGrammar(issues: readonly Issue[], regions: readonly RegionInput[]): Issue[] {
  return issues.map((i) => {
    if (i.code !== 'indicator-not-a-number') return i;
    const m = /^\/regions\/(\d+)\/indicators\/(.+)$/.exec(i.path);
    const value = m ? own(regions[Number(m[1])]?.indicators ?? {}, m[2].replace(/~1/g, '/').replace(/~0/g, '~')) : undefined;
    if (typeof value !== 'string' && typeof value !== 'number') return i;
    return { ...i, ...decimalProblem(value) };
  });
}

/** Formatters of a factor's contribution (and of the whole quota) to the amount, for a pool of money. */
function contributionText(s: AllocationScenario, denominator: bigint, pool: Scaled) {
  const detailScale = s.granularity.scale + EXTRA_DECIMALS;
  // pool × N / D in the unit = N × pool.coefficient / (D · 10^pool.scale)
  const quota = ratioFormatter(denominator * pow10(pool.scale), detailScale, pool.coefficient > 0n ? pool.coefficient : 1n);
  const zero = formatScaled(0n, detailScale);
  return { quota: pool.coefficient > 0n ? quota : () => zero, zero };
}

function factorContributions(s: AllocationScenario, shares: Shares, i: number, text: ReturnType<typeof contributionText>): Record<string, string> {
  const factors = factorRecord(s.model); // keyed by factor id
  for (let f = 0; f < s.model.factors.length; f++) {
    const col = shares.byFactor[f];
    factors[s.model.factors[f].spec.id] = col === undefined ? text.zero : text.quota(col[i]);
  }
  return factors;
}

/** Last year's amounts (request unit), where given; each must be a non-negative decimal. */
function readLastYear(s: AllocationScenario, issues: Issue[]): (Scaled | undefined)[] {
  const out = s.regions.map((r, i) => {
    if (r.lastYear === undefined) return undefined;
    const x = parseDecimal(r.lastYear);
    if (!x || x.coefficient < 0n) {
      issues.push(issue(pointer('regions', i, 'lastYear'), 'last-year-not-amount', { unit: s.unit, shown: JSON.stringify(r.lastYear) }));
      return undefined;
    }
    return x;
  });
  if (issues.length > 0) throw new EngineError(issues);
  return out;
}

function pipelineResult(
  s: AllocationScenario,
  shares: Shares,
  lastYear: readonly (Scaled | undefined)[],
  total: bigint,
  o: PipelineOutcome,
): AllocationResult {
  const g = s.granularity;
  const pool: Scaled = { coefficient: o.books.formulaPool * g.coefficient, scale: g.scale };
  const contribution = contributionText(s, shares.denominator, pool);
  const ofTotal = sharesOfTotal(total);
  const formula = formulaShares(shares.denominator);
  const ranks = rankByAmount(
    o.parts,
    shares.numerators,
    s.regions.map((r) => r.id),
  );
  const stagesOf = waterfall(g, shares, o);
  const rows = s.regions.map((region, i) =>
    rowOf(region, o.parts[i], g, ofTotal, formula(shares.numerators[i]), ranks[i], factorContributions(s, shares, i, contribution), lastYear[i], stagesOf(i)),
  );
  const b = o.books;
  const money = (x: bigint) => fromGranules(x, g);
  const purpose = b.purpose.filter((p) => !p.reserve).reduce((x, p) => x + p.granules, 0n);
  const result: AllocationResult = {
    model: { id: s.model.model.id, version: s.model.model.version },
    unit: s.unit,
    summary: {
      total: money(total),
      granularity: toText(g),
      sum: money(b.regions),
      // the books: Σ regions + purpose set-asides + money withheld = total, to the granule
      balanced: b.regions + purpose + b.withheld === total && b.regions === o.parts.reduce((x, y) => x + y, 0n),
      regions: rows.length,
      leftoverGranules: o.split.awarded.length,
      weightsSum: '1',
    },
    rows,
    books: {
      total: money(b.total),
      setAsides: [
        ...b.regionSetAsides.map((x) => ({ id: x.id, amount: money(x.granules), to: SET_ASIDE_TO.regions(x.regions) })),
        ...b.purpose.map((x) => ({ id: x.id, amount: money(x.granules), to: x.reserve ? SET_ASIDE_TO.reserve : SET_ASIDE_TO.purpose })),
      ],
      formulaPool: money(b.formulaPool),
      deducted: { points: money(b.deducted.points), negativeList: money(b.deducted.negativeList) },
      rewards: { wanted: money(b.rewardsWanted), paid: money(b.rewardsPaid) },
      unspent: money(b.unspent),
      unspentGoes: (s.model.model.pipeline?.unspent ?? 'withhold') === 'withhold' ? UNSPENT_GOES.withhold : UNSPENT_GOES.redistribute,
      withheld: money(b.withheld),
      allocated: money(b.regions),
    },
  };
  if (!s.explain) return result;
  const traced = traceRows(
    s,
    shares.columns,
    rows,
    {
      numerators: shares.numerators,
      split: o.split,
      contribution: contribution.quota,
      total: money(b.formulaPool),
      granularity: result.summary.granularity,
    },
    (i) => pipelineSteps(o, rows[i], i),
    (i, row) => pipelineReason(s, o, row, i, result.summary.total, money(b.formulaPool)),
  );
  return {
    ...result,
    rows: traced,
    trace: {
      ...traceAllocation(
        s,
        shares.columns,
        total,
        o.split,
        s.regions.map((r) => r.id),
      ),
      pipeline: pipelineTrace(o, s, money),
    },
  };
}

/**
 * Each row's waterfall as text, in counts of 10^-detailScale of the unit. The exact path works in BigInts.
 * The quick path does the same sums in doubles: every count there is an integer below 2^48 in size (larger
 * ones become NaN) and the rounded lines come from the float filter (below 2^40; NaN where it cannot
 * decide), so every sum and difference is an exact integer below 6·2^48 < 4·10^15, inside formatScaled's
 * own fast path (formatCount), so the text is the same. Any NaN reaches the rounding line, and that row
 * takes the exact path.
 */
function waterfall(g: Scaled, shares: Shares, o: PipelineOutcome): (i: number) => Record<StageName, string> {
  const detailScale = g.scale + EXTRA_DECIMALS;
  // a value in granules over `den`, as a count of 10^-detailScale in the unit
  const lift = g.coefficient * pow10(EXTRA_DECIMALS);
  // the formula amount F·N_i/D granules, counted from the share itself
  const F = o.books.formulaPool;
  // floor/cap or redistribution, exactly: a free region moved by F·N_i·(μ − 1/D) = F·N_i·(p·D − q)/(q·D);
  // a bound region by (bound − fixed) − F·N_i/D
  const K = o.bounds.p * o.D - o.bounds.q;
  const movedBy = K === 0n ? 1n : F * lift * (K < 0n ? -K : K);
  const zero = formatScaled(0n, detailScale);
  const line = (...counts: bigint[]) => counts.map((c) => (c === 0n ? zero : formatScaled(c, detailScale)));

  const formulaCount = ratioCounter(shares.denominator, F * lift);
  const moved = ratioCounter(o.bounds.q * o.D, movedBy);
  const toBound = ratioCounter(o.D, lift);
  const exact = (i: number) => {
    const w = o.fixed[i];
    const fixed = w.setAsides + w.points + w.grades + w.negativeList;
    const N = shares.numerators[i];
    const formula = formulaCount(N);
    const bound = o.bounds.state[i] !== 'free';
    const adjust = bound ? toBound((o.final[i] / o.den - fixed) * o.D - F * N) : K === 0n || F === 0n ? 0n : K < 0n ? -moved(N) : moved(N);
    // rounding absorbs the rounding of the shown lines above, so the waterfall adds up to the amount exactly
    const rounding = (o.parts[i] - fixed) * lift - formula - adjust;
    const [f, sa, pt, gr, nl, fc, rd, ro] = line(
      formula,
      w.setAsides * lift,
      w.points * lift,
      w.grades * lift,
      w.negativeList * lift,
      bound ? adjust : 0n,
      bound ? 0n : adjust,
      rounding,
    );
    return stageRecord(f, sa, pt, gr, nl, fc, rd, ro);
  };
  if (detailScale > 15 || lift >= 2n ** 20n) return exact;

  const LIMIT = 2 ** 48;
  const liftN = Number(lift);
  const count = (granules: bigint) => {
    const c = Number(granules) * liftN;
    return c < LIMIT && c > -LIMIT ? c : NaN;
  };
  const text = (c: number) => (c === 0 ? zero : formatCount(c, detailScale));
  const formulaQuick = ratioEstimator(shares.denominator, F * lift);
  const movedQuick = ratioEstimator(o.bounds.q * o.D, movedBy);
  const toBoundQuick = ratioEstimator(o.D, lift);
  return (i) => {
    const w = o.fixed[i];
    const setAside = count(w.setAsides);
    const points = count(w.points);
    const grade = count(w.grades);
    const negativeList = count(w.negativeList);
    const N = shares.numerators[i];
    const formula = formulaQuick(N);
    const bound = o.bounds.state[i] !== 'free';
    const adjust = bound
      ? toBoundQuick((o.final[i] / o.den - (w.setAsides + w.points + w.grades + w.negativeList)) * o.D - F * N)
      : K === 0n || F === 0n
        ? 0
        : K < 0n
          ? -movedQuick(N)
          : movedQuick(N);
    const rounding = count(o.parts[i]) - (setAside + points + grade + negativeList) - formula - adjust;
    if (rounding !== rounding) return exact(i); // NaN: some count was too large or a filter could not decide
    return stageRecord(
      text(formula),
      text(setAside),
      text(points),
      text(grade),
      text(negativeList),
      text(bound ? adjust : 0),
      text(bound ? 0 : adjust),
      text(rounding),
    );
  };
}

/** The waterfall's lines in their fixed order (one shape for every row). */
function stageRecord(
  formula: string,
  setAsides: string,
  points: string,
  grades: string,
  negativeList: string,
  bounds: string,
  redistribution: string,
  rounding: string,
): Record<StageName, string> {
  return { formula, setAsides, points, grades, negativeList, bounds, redistribution, rounding };
}
