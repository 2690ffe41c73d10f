/**
 * The allocation pipeline after the factor shares are known, in its fixed order:
 *   1 set-asides → 2 formula on what remains → 3 rewards and penalties (points, grades, negative list)
 *   → 4 floors and caps with redistribution → 5 rounding.
 * Every amount is an exact integer over one common denominator (the formula's D, in granules), so the
 * books balance to the last granule: total = Σ regions + purpose set-asides + money withheld.
 */
import { EngineError, Issue, pointer } from '../../../core/errors.js';
import type { RegionInput } from '../factors.js';
import {
  apportionOver,
  fromGranules,
  parseDecimal,
  pow10,
  Ratio,
  ratioOf,
  roundRatio,
  Rounding,
  Scaled,
  toGranules,
  toText as toTextOf,
  Unit,
} from '../../../core/money.js';
import type { PipelineSpec } from '../model.js';
import { solveBounds, BoundsSolution } from './bounds.js';
import { payOut, POINTS_TIE_RULE, rankByModel, Ranked } from './points.js';
import { applySetAsides, selector, SetAsideOutcome } from './setAsides.js';
import { own } from '../../../core/records.js';
import { issue } from '../../../messages/index.js';
import { RULES } from '../../../messages/allocation.js';
import { someIds } from '../../../messages/common.js';

import { STAGE_IDS, type StageId } from './stages.js';

/** The stage vocabulary lives in stages.ts; re-exported for the callers that import it from here. */
export { STAGE_IDS, type StageId } from './stages.js';

/** What the pipeline needs from the allocation. */
export interface PipelineInput {
  readonly spec: PipelineSpec;
  /** the unit amounts in the model are written in */
  readonly modelUnit: Unit;
  readonly unit: Unit;
  readonly granularity: Scaled;
  readonly regions: readonly RegionInput[];
  /** last year's amounts per region in the request's unit, where given */
  readonly lastYear: readonly (Scaled | undefined)[];
  readonly total: bigint;
  /** the factor shares N_i / D */
  readonly numerators: readonly bigint[];
  readonly denominator: bigint;
  readonly off: ReadonlySet<StageId>;
  /** the factor method over some of the regions, for set-asides split by a sub-formula */
  readonly subFormula?: Parameters<typeof applySetAsides>[5];
}

/** One region's waterfall, in granules over the common denominator `den` (formula, redistribution, floor/cap) or whole granules. */
export interface Waterfall {
  readonly setAsides: bigint;
  readonly points: bigint;
  readonly grades: bigint;
  readonly negativeList: bigint;
}

export interface Books {
  total: bigint;
  purpose: { id: string; granules: bigint; reserve: boolean }[];
  regionSetAsides: { id: string; granules: bigint; regions: number }[];
  formulaPool: bigint;
  deducted: { points: bigint; negativeList: bigint };
  rewardsWanted: bigint;
  rewardsPaid: bigint;
  unspent: bigint;
  withheld: bigint;
  regions: bigint;
}

export interface PipelineOutcome {
  /** final granules per region */
  readonly parts: bigint[];
  readonly fixed: Waterfall[];
  /** the final amounts before rounding, in granules exact over `den` */
  readonly final: bigint[];
  readonly den: bigint;
  /** the formula's denominator: λ = μ·D, where the solve's μ = p/q scales b_i = F·N_i */
  readonly D: bigint;
  readonly bounds: BoundsSolution;
  readonly books: Books;
  readonly floors: readonly bigint[];
  readonly caps: readonly (bigint | undefined)[];
  /** why region i's floor and cap are what they are, for the trace */
  readonly floorWhy: (i: number) => string;
  readonly capWhy: (i: number) => string;
  /** the same in Chinese, for the plain-language reasons */
  readonly floorWhyZh: (i: number) => string;
  readonly capWhyZh: (i: number) => string;
  readonly ranked?: Ranked[];
  readonly setAsides: SetAsideOutcome[];
  readonly applied: Record<StageId, string>;
  readonly split: ReturnType<typeof apportionOver>;
}

/**
 * True when some stage after the formula has work to do for this request: set-asides always; the other
 * stages only when their data is in the request (scores, grades, misused amounts, last year's amounts).
 * Otherwise the answer is the plain factor method, with no waterfall.
 */
export function pipelineApplies(
  spec: PipelineSpec | undefined,
  regions: readonly RegionInput[],
  lastYear: readonly (Scaled | undefined)[],
  off: ReadonlySet<StageId>,
): boolean {
  if (!spec) return false;
  const has = (input: string) => regions.some((r) => own(r.indicators, input) !== undefined);
  const b = spec.bounds;
  const boundsApply =
    !!b &&
    (b.minimum !== undefined ||
      b.maximum !== undefined ||
      b.protected !== undefined ||
      ((b.holdHarmless !== undefined || b.growthCap !== undefined) && lastYear.some((x) => x !== undefined)));
  return (
    (!off.has('setAsides') && (spec.setAsides?.length ?? 0) > 0) ||
    (!off.has('points') && !!spec.points && has(spec.points.input)) ||
    (!off.has('grades') && !!spec.grades && has(spec.grades.input)) ||
    (!off.has('negativeList') && !!spec.negativeList && has(spec.negativeList.input)) ||
    (!off.has('bounds') && boundsApply)
  );
}

/** The region indicator keys the pipeline reads (so they are not reported as unknown). */
export function pipelineInputs(spec: PipelineSpec | undefined): string[] {
  if (!spec) return [];
  const keys = [spec.points?.input, spec.grades?.input, spec.negativeList?.input];
  for (const sa of spec.setAsides ?? []) {
    keys.push(...Object.keys(sa.regions?.where ?? {}));
    if (sa.split && typeof sa.split === 'object') {
      if ('factors' in sa.split) for (const f of sa.split.factors) for (const ind of f.indicators) keys.push(ind.input ?? ind.id);
      else keys.push(sa.split.by);
    }
  }
  keys.push(...Object.keys(spec.bounds?.protected?.where ?? {}));
  return keys.filter((k): k is string => k !== undefined);
}

export function runPipeline(input: PipelineInput): PipelineOutcome {
  const { spec, regions, off } = input;
  const n = regions.length;
  const ids = regions.map((r) => r.id);
  const issues: Issue[] = [];
  const granulesOf = (amount: Ratio, mode: Rounding = 'nearest') => toGranules(amount, input.modelUnit, input.unit, input.granularity, mode);
  const applied = Object.fromEntries(STAGE_IDS.map((id) => [id, off.has(id) ? 'switched off in this request' : 'not in the model'])) as Record<
    StageId,
    string
  >;

  // 1. Set-asides
  const setAsides = !off.has('setAsides') && spec.setAsides ? applySetAsides(spec.setAsides, regions, input.total, granulesOf, issues, input.subFormula) : [];
  if (spec.setAsides && !off.has('setAsides')) applied.setAsides = `${setAsides.length} set-aside(s)`;
  const regionSetAside = new Array<bigint>(n).fill(0n);
  let reserved = 0n;
  for (const o of setAsides) {
    reserved += o.granules;
    o.perRegion?.forEach((g, i) => (regionSetAside[i] = plus(regionSetAside[i], g)));
  }
  if (reserved > input.total) {
    const money = (x: bigint) => fromGranules(x, input.granularity);
    issues.push(issue('/total', 'set-asides-exceed-total', { needed: money(reserved), total: money(input.total), unit: input.unit }));
  }

  // 3. Rewards and penalties (their inputs are read before the formula runs; amounts are fixed granules)
  const deduction = new Array<bigint>(n).fill(0n);
  const misuse = new Array<bigint>(n).fill(0n);
  const wanted = new Array<bigint>(n).fill(0n);
  const wantedGrade = new Array<bigint>(n).fill(0n);
  let ranked: Ranked[] | undefined;
  if (spec.points && !off.has('points')) {
    const column = readColumn(regions, spec.points.input, 'points', issues);
    const scores = column?.every((x) => x !== undefined) ? (column as Scaled[]) : undefined;
    if (scores) {
      ranked = rankByModel(scores, spec.points, { model: input.modelUnit, unit: input.unit, granularity: input.granularity });
      ranked.forEach((r, i) => {
        deduction[i] = r.penalty;
        wanted[i] = r.reward;
      });
      applied.points = `bottom ${spec.points.bottom?.count ?? 0} lose, top ${spec.points.top?.count ?? 0} gain; ${POINTS_TIE_RULE}`;
    } else if (!column) applied.points = `no region has "${spec.points.input}": not applied`;
  }
  if (spec.grades && !off.has('grades')) {
    const grades = spec.grades;
    const given = regions.some((r) => own(r.indicators, grades.input) !== undefined);
    if (given) {
      const granted = new Map<string, bigint>(); // each grade's reward converted once, not once per region
      regions.forEach((r, i) => {
        const grade = own(r.indicators, grades.input);
        if (grade === undefined) return;
        const key = String(grade);
        let g = granted.get(key);
        if (g === undefined) {
          const reward = own(grades.rewards, key);
          if (reward === undefined) return;
          granted.set(key, (g = granulesOf(ratioOf(parseDecimal(reward)!))));
        }
        wantedGrade[i] = g;
      });
      applied.grades = `rewards for grades ${Object.keys(grades.rewards).join(', ')}`;
    } else applied.grades = `no region has "${grades.input}": not applied`;
  }
  if (spec.negativeList && !off.has('negativeList')) {
    const column = readColumn(regions, spec.negativeList.input, 'negativeList', issues, true);
    if (column) {
      // misused amounts are in the request's unit
      column.forEach((x, i) => (misuse[i] = x ? toGranules(ratioOf(x), input.unit, input.unit, input.granularity, 'nearest') : 0n));
      applied.negativeList = 'misused amounts deducted, amount for amount';
    } else if (!issues.length) applied.negativeList = `no region has "${spec.negativeList.input}": not applied`;
  }
  if (issues.length > 0) throw new EngineError(issues);

  const reserve = setAsides.filter((o) => o.kind === 'reserve').reduce((a, o) => a + o.granules, 0n);
  const pool = sum(deduction) + sum(misuse);
  const fundedBy = spec.rewardsFundedBy ?? 'deductions';
  const available = fundedBy === 'deductions' ? sum(deduction) + sum(misuse) : fundedBy === 'reserve' ? reserve : pool + reserve;
  const allWanted = wanted.map((w, i) => plus(w, wantedGrade[i]));
  const paid = payOut(allWanted, available, ids);
  // split what each region was paid between its points reward and its grade reward, points first
  const pointsPaid = paid.map((p, i) => (p < wanted[i] ? p : wanted[i]));
  const gradePaid = paid.map((p, i) => minus(p, pointsPaid[i]));
  const rewardsPaid = sum(paid);
  const unspent = pool + reserve - rewardsPaid;

  // 2. Formula on what remains, 4. floors and caps. Amounts are whole granules except the formula parts,
  // F·N_i/D; the solve scales b_i = F·N_i by μ = λ/D, so only the formula parts carry the big denominator.
  const D = input.denominator;
  const formulaPool = input.total - reserved;
  // most of these are 0n: skipping BigInt arithmetic on zeros saves allocating a new 0n each time
  const fixed: Waterfall[] = regions.map((_, i) => ({
    setAsides: regionSetAside[i],
    points: minus(pointsPaid[i], deduction[i]),
    grades: gradePaid[i],
    negativeList: minus(0n, misuse[i]),
  }));
  const a = fixed.map((w) => plus(plus(w.setAsides, w.points), plus(w.grades, w.negativeList)));
  const b = input.numerators.map((N) => formulaPool * N);
  const withhold = (spec.unspent ?? 'withhold') === 'withhold';
  const budget = sum(regionSetAside) + formulaPool + rewardsPaid - pool + (withhold ? 0n : unspent);
  const unit = { num: 1n, den: D };

  const { floors, caps, floorBy, floorWhy, capWhy, floorWhyZh, capWhyZh } = boundsOf(
    input,
    granulesOf,
    !off.has('bounds') && spec.bounds ? spec.bounds : undefined,
    applied,
  );
  let bounds = solveOrExplain({ a, b, lo: floors, hi: caps, target: budget, unit }, ids, budget, input);

  // protected regions: lifted to the others' average as it stands, then solved again (they end at or above it)
  const protectedSpec = !off.has('bounds') ? spec.bounds?.protected : undefined;
  if (protectedSpec) {
    const isProtected = regions.map(selector(protectedSpec));
    const others = bounds.finals.filter((_, i) => !isProtected[i]);
    if (others.length > 0 && isProtected.some(Boolean)) {
      const average = roundRatio({ num: sum(others), den: BigInt(others.length) * bounds.q }, 'up');
      // lifted to the average, but never above the region's own cap: a growth cap or maximum is a hard limit
      const lifted = floors.map((f, i) => {
        if (!isProtected[i] || average <= f) return f;
        const cap = caps[i];
        return cap !== undefined && cap < average ? (cap > f ? cap : f) : average;
      });
      bounds = solveOrExplain({ a, b, lo: lifted, hi: caps, target: budget, unit }, ids, budget, input);
      lifted.forEach((f, i) => {
        if (f !== floors[i]) [floors[i], floorBy[i]] = [f, 'protected'];
      });
      applied.bounds += `; protected regions lifted to the others' average (${average} granules), never above their own cap`;
    }
  }

  // 5. Rounding: the exact finals over q, split in whole granules by largest remainder.
  const den = bounds.q;
  const split =
    budget === 0n
      ? { parts: regions.map(() => 0n), floors: regions.map(() => 0n), remainders: regions.map(() => 0n), denominator: 1n, awarded: [] }
      : apportionOver(budget, bounds.finals, budget * den, ids);

  return {
    parts: split.parts,
    fixed,
    final: bounds.finals,
    den,
    D,
    bounds,
    books: {
      total: input.total,
      purpose: setAsides.filter((o) => o.kind !== 'regions').map((o) => ({ id: o.spec.id, granules: o.granules, reserve: o.kind === 'reserve' })),
      regionSetAsides: setAsides.filter((o) => o.kind === 'regions').map((o) => ({ id: o.spec.id, granules: o.granules, regions: o.recipients.length })),
      formulaPool,
      deducted: { points: sum(deduction), negativeList: sum(misuse) },
      rewardsWanted: sum(allWanted),
      rewardsPaid,
      unspent,
      withheld: withhold ? unspent : 0n,
      regions: sum(split.parts),
    },
    floors,
    caps,
    floorWhy,
    capWhy,
    floorWhyZh,
    capWhyZh,
    ranked,
    setAsides,
    applied,
    split,
  };
}

function sum(xs: readonly bigint[]): bigint {
  let s = 0n;
  for (const x of xs) if (x !== 0n) s += x;
  return s;
}

function plus(x: bigint, y: bigint): bigint {
  return y === 0n ? x : x === 0n ? y : x + y;
}

function minus(x: bigint, y: bigint): bigint {
  return y === 0n ? x : x - y;
}

/**
 * A pipeline input column: undefined when no region has it (the stage is skipped); an issue for each
 * region missing it when some do (a half-given column is a mistake, not a choice). `optional` columns
 * (misused amounts) may be missing for regions with nothing to report.
 */
function readColumn(regions: readonly RegionInput[], input: string, stage: StageId, issues: Issue[], optional = false): (Scaled | undefined)[] | undefined {
  const values = regions.map((r) => own(r.indicators, input));
  if (values.every((v) => v === undefined)) return undefined;
  const out = values.map((v, i) => {
    if (v === undefined) {
      if (!optional) {
        issues.push(issue(pointer('regions', i, 'indicators', input), 'stage-input-missing', { stage, input, region: regions[i].id }));
      }
      return undefined;
    }
    const x = parseDecimal(v);
    if (!x || x.coefficient < 0n) {
      issues.push(issue(pointer('regions', i, 'indicators', input), 'stage-input-negative', { input, shown: JSON.stringify(v) }));
      return undefined;
    }
    return x;
  });
  return out;
}

/** What set a region's floor or cap; written out as text only when the trace asks (see `reasons`). */
type FloorReason = 'none' | 'minimum' | 'holdHarmless' | 'protected';
type CapReason = 'none' | 'maximum' | 'growthCap';

/** Floors (at least 0) and caps per region in granules: bounds only ever keep amounts whole granules. */
function boundsOf(
  input: PipelineInput,
  granulesOf: (amount: Ratio, mode?: Rounding) => bigint,
  spec: PipelineSpec['bounds'],
  applied: Record<StageId, string>,
): {
  floors: bigint[];
  caps: (bigint | undefined)[];
  floorBy: FloorReason[];
  floorWhy: (i: number) => string;
  capWhy: (i: number) => string;
  floorWhyZh: (i: number) => string;
  capWhyZh: (i: number) => string;
} {
  const n = input.regions.length;
  const floors = new Array<bigint>(n).fill(0n);
  const caps = new Array<bigint | undefined>(n).fill(undefined);
  const floorBy = new Array<FloorReason>(n).fill('none');
  const capBy = new Array<CapReason>(n).fill('none');
  const { floorWhy, capWhy, floorWhyZh, capWhyZh } = reasons(input, spec, floorBy, capBy);
  if (!spec) return { floors, caps, floorBy, floorWhy, capWhy, floorWhyZh, capWhyZh };
  const said: string[] = [];
  const last = (i: number) => input.lastYear[i];
  if (spec.minimum !== undefined) {
    const m = granulesOf(ratioOf(parseDecimal(spec.minimum)!), 'up');
    floors.fill(m);
    floorBy.fill('minimum');
    said.push(`minimum ${spec.minimum}`);
  }
  if (spec.holdHarmless !== undefined && input.lastYear.some((x) => x !== undefined)) {
    const ofLastYear = lastYearShare(input, ratioOf(parseDecimal(spec.holdHarmless)!), 'up');
    for (let i = 0; i < n; i++) {
      const ly = last(i);
      if (!ly) continue;
      const f = ofLastYear(ly);
      if (f > floors[i]) [floors[i], floorBy[i]] = [f, 'holdHarmless'];
    }
    said.push(`hold-harmless ${spec.holdHarmless} of last year`);
  }
  if (spec.maximum !== undefined) {
    caps.fill(granulesOf(ratioOf(parseDecimal(spec.maximum)!), 'down'));
    capBy.fill('maximum');
    said.push(`maximum ${spec.maximum}`);
  }
  if (spec.growthCap !== undefined && input.lastYear.some((x) => x !== undefined)) {
    const g = ratioOf(parseDecimal(spec.growthCap)!);
    const ofLastYear = lastYearShare(input, { num: g.den + g.num, den: g.den }, 'down');
    for (let i = 0; i < n; i++) {
      const ly = last(i);
      if (!ly) continue;
      const cap = ofLastYear(ly);
      if (caps[i] === undefined || cap < caps[i]!) [caps[i], capBy[i]] = [cap, 'growthCap'];
    }
    said.push(`growth cap ${spec.growthCap} over last year`);
  }
  const issues: Issue[] = [];
  for (let i = 0; i < n; i++) {
    if (caps[i] !== undefined && caps[i]! < floors[i]) {
      const money = (x: bigint) => ({ amount: fromGranules(x, input.granularity), unit: input.unit });
      const rule = RULES.floorAboveCap({ region: input.regions[i].id, floor: money(floors[i]), cap: money(caps[i]!), gap: money(floors[i] - caps[i]!) });
      issues.push(issue(pointer('regions', i), 'constraints-cannot-hold', { rule }));
    }
  }
  if (issues.length) throw new EngineError(issues);
  applied.bounds = said.length > 0 ? said.join('; ') : 'no bound applies to this request (no last-year amounts given)';
  if (spec.protected) applied.bounds += '; protected regions get at least the average of the others';
  return { floors, caps, floorBy, floorWhy, capWhy, floorWhyZh, capWhyZh };
}

/**
 * share × last year's amount in granules, rounded as asked. The constant factors are multiplied out once per
 * decimal scale of last year's amounts: per region that leaves one product and one rounded division.
 */
function lastYearShare(input: PipelineInput, share: Ratio, mode: Rounding): (lastYear: Scaled) => bigint {
  const g = input.granularity;
  // c·10^-s × share in granules of g (both in the request's unit) = c·share.num·10^g.scale / (10^s·share.den·g.coefficient)
  const mul = share.num * pow10(g.scale);
  const divisors: bigint[] = [];
  return (x) => {
    const den = (divisors[x.scale] ??= pow10(x.scale) * share.den * g.coefficient);
    return roundRatio({ num: x.coefficient * mul, den }, mode);
  };
}

/** The reasons behind floors and caps as text, for the trace (protected floors are marked after the solve). */
function reasons(input: PipelineInput, spec: PipelineSpec['bounds'], floorBy: readonly FloorReason[], capBy: readonly CapReason[]) {
  const lastYear = (i: number) => toTextOf(input.lastYear[i]!);
  const floorWhy = (i: number): string => {
    switch (floorBy[i]) {
      case 'none':
        return 'no negative amounts';
      case 'minimum':
        return `minimum ${spec!.minimum} ${input.modelUnit}`;
      case 'holdHarmless':
        return `hold-harmless: ${spec!.holdHarmless} × last year's ${lastYear(i)}`;
      case 'protected':
        return "protected: the others' average (or its own cap, if lower)";
    }
  };
  const capWhy = (i: number): string => {
    switch (capBy[i]) {
      case 'none':
        return '';
      case 'maximum':
        return `maximum ${spec!.maximum} ${input.modelUnit}`;
      case 'growthCap':
        return `growth cap: last year's ${lastYear(i)} × (1 + ${spec!.growthCap})`;
    }
  };
  const unitZh = input.modelUnit === 'wan' ? '万元' : '元';
  const floorWhyZh = (i: number): string => {
    switch (floorBy[i]) {
      case 'none':
        return '金额不能为负';
      case 'minimum':
        return `最低额 ${spec!.minimum} ${unitZh}`;
      case 'holdHarmless':
        return `保底：上年 ${lastYear(i)} 的 ${spec!.holdHarmless} 倍`;
      case 'protected':
        return '受保护地区：其他地区的平均数（或其上限，取较低者）';
    }
  };
  const capWhyZh = (i: number): string => {
    switch (capBy[i]) {
      case 'none':
        return '';
      case 'maximum':
        return `最高额 ${spec!.maximum} ${unitZh}`;
      case 'growthCap':
        return `增幅上限：上年 ${lastYear(i)} ×（1 + ${spec!.growthCap}）`;
    }
  };
  return { floorWhy, capWhy, floorWhyZh, capWhyZh };
}

function solveOrExplain(pb: Parameters<typeof solveBounds>[0], ids: readonly string[], budget: bigint, input: PipelineInput): BoundsSolution {
  const s = solveBounds(pb);
  if (s.ok) return s;
  // the regions named in each language by the one id-list cutter (the first ten, then how many in all)
  const names = someIds(s.binding.map((i) => ids[i]));
  const gap = s.gap;
  // the bounds problem counts granules; the message says money, in the request's unit
  const money = (x: bigint) => ({ amount: fromGranules(x, input.granularity), unit: input.unit });
  const rule =
    s.kind === 'floors'
      ? RULES.floorsAboveMoney({ gap: money(gap), budget: money(budget), binding: names })
      : RULES.capsLeaveMoney({ gap: money(gap), binding: names });
  throw new EngineError([issue('/regions', 'constraints-cannot-hold', { rule })]);
}
