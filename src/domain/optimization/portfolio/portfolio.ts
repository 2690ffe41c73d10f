/**
 * Kind 2 of issue 4: which projects of a project library (项目库) to fund, and from which sources.
 *
 * The model is fundingModel.ts's. The objective is Σ_p value_p × funded fraction_p, value_p = Σ_m
 * weight_m × benefit_pm (or the cost for `amount`, 1 for `count`: a partly funded project counts in
 * proportion there too). Priority classes ("三个优先", seed 002: 1 consolidation, 2 urgent disaster repair,
 * 3 driving effect, then the unprioritised):
 * - lexicographic (default): maximise class 1's value; keep it (≥ the value reached, exactly) and maximise
 *   class 2's; … One MILP per class present (fundingStages.ts), none for a class the answer so far already
 *   funds in full; an early stage leaves out later projects that could only use up its money (idleIn).
 * - weighted: one MILP, each class's value times its weight (default 1; the unprioritised weigh 1).
 * - none: one MILP, classes ignored.
 *
 * Two steps, because HiGHS decides 1,000 binaries in a fraction of a second but stalls on integer amounts
 * (fundingModel.ts):
 * 1. choose: whole projects binary, partly funded fractions and source amounts continuous;
 * 2. whole granules: those choices fixed, class by class again with integer amounts as moves of a few
 *    granules around step 1's amounts rounded down — first only the partly funded amounts step 1 left
 *    between two granules, then all of them, then with a wider reach — each class's settled before the
 *    next's: small MILPs.
 * Optimality claim: step 1 is optimal within `mipRelGap` (default 1e-4) for the model whose partly funded
 * amounts and splits may be fractional, a relaxation of the real one; step 2 gives up at most a few
 * granules of partly funded projects. With one stage, `gap` is measured from the final whole-granule plan
 * to step 1's bound, so it includes that loss. Lexicographic stages are each optimal within the gap given
 * the values before them. Every solve is checked exactly by the solver layer, and the plan once more here.
 *
 * Marginal values of binding budgets: portfolioMarginal.ts.
 */
import { toText } from '../../../core/money.js';
import { DEFAULT_TIME_LIMIT_MS, solverClock } from '../solver/core.js';
import { explainFunding } from '../funding/explain.js';
import { Issues, readLibrary, solverOptions, type Library, type Project } from '../funding/input.js';
import {
  buildModel,
  centerOf,
  checkPlan,
  flows,
  fundedAmounts,
  fundingClasses,
  projectVar,
  split,
  type FundingClass,
  type ModelSpec,
} from '../funding/model.js';
import { bindingConstraints, fixed6, planValue, projectRows, solveReport, sourceRows, stoppedMessage, totals, type Plan } from '../funding/result.js';
import { solveInStages, type StageOptions } from '../funding/stages.js';
import { marginalValues } from './marginal.js';
import { CLASSES, idleIn, projectValue, readObjective, stageName, stageTerms, stageUpper, stageValue, type Objective, type StageKey } from './objective.js';
import type { PortfolioInput, PortfolioResult } from '../problems.js';
import { ZERO, rat, toFloat } from '../../../core/rational.js';

/** The share of the time budget the choice of projects (step 1) may use. */
const STEP_ONE_SHARE = 0.8;

export async function optimizePortfolio(input: PortfolioInput): Promise<PortfolioResult> {
  const started = performance.now();
  const issues = new Issues();
  const read = readObjective(input, issues);
  const lib = readLibrary(input, 'mandatory', issues);
  const objective: Objective = { ...read, value: lib.projects.map((p) => projectValue(p, read.weights, lib.granularity)) };
  const options = solverOptions(input.solver);
  const budget = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const clockStart = solverClock(); // deadlines on the clock that also counts work (core.ts)
  const deadline = clockStart + budget;
  const timeLeft = () => Math.max(1, deadline - solverClock());
  const stageOptions = { backend: options.backend, mipRelGap: options.mipRelGap, workLimit: options.workLimit, deadline };
  // step 1 stops early enough to leave step 2 (small MILPs) and the marginal LP their time
  const chooseOptions = { ...stageOptions, deadline: clockStart + budget * STEP_ONE_SHARE };
  const classes = fundingClasses(lib);
  const base = { kind: 'portfolio' as const, unit: lib.unit, granularity: toText(lib.granularity) };
  const none = { projects: [], sources: [], totals: {}, objective: null, binding: [], marginalValues: [] };

  const present = CLASSES.filter((c) => lib.projects.some((p) => p.priority === c && p.eligible.length > 0));
  const keys: StageKey[] = objective.mode === 'lexicographic' && present.length > 0 ? present : [undefined];

  // 1. which projects: whole projects binary, amounts continuous
  const choose = await solveInStages(
    keys.map((key) => ({ name: stageName(key), terms: stageTerms(lib, objective, key, 'continuous'), upper: stageUpper(lib, objective, key) })),
    (i, obj, keep) => buildModel(lib, classes, { amounts: 'continuous', objective: obj, extra: keep, exclude: idleIn(lib, keys[i]) }),
    chooseOptions,
  );
  if (!choose.values) {
    const failure = choose.failure!;
    if (failure.status !== 'infeasible') return { ...base, solve: solveReport([failure], started, false), ...none };
    const why = await explainFunding({ lib, classes, fundAll: false, backend: options.backend, workLimit: options.workLimit, timeLeft });
    return {
      ...base,
      solve: solveReport([failure, ...why.runs], started, false, 'infeasible', why.infeasibility.en),
      ...none,
      infeasibility: why.infeasibility,
    };
  }

  // 2. whole granules with that choice fixed: integer moves around step 1's amounts rounded down, first
  // of the partly funded amounts that are not whole yet, then of all of them, then further
  const chosen = choose.values;
  const fixed = new Map<number, 0 | 1>();
  const whole = new Map<number, bigint>();
  for (const p of lib.projects) {
    if (p.eligible.length === 0) continue;
    const v = chosen.get(projectVar(p, 'continuous')) ?? ZERO; // a project left out of the last stage solved: 0
    if (!p.partial) fixed.set(p.index, v.num === 0n ? 0 : 1);
    else if ((p.cost * v.num) % v.den === 0n) whole.set(p.index, (p.cost * v.num) / v.den);
  }
  const radius = BigInt(2 * classes.length + 4);
  let granular: Awaited<ReturnType<typeof solveInStages>> | undefined;
  let spec: ModelSpec | undefined;
  for (const [fixedAmounts, r] of [
    [whole, radius],
    [new Map<number, bigint>(), radius],
    [new Map<number, bigint>(), radius * 1000n],
  ] as const) {
    spec = { amounts: 'integer', center: centerOf(lib, classes, chosen, r), fixed, fixedAmounts };
    granular = await wholeGranules(lib, classes, objective, keys, spec, stageOptions);
    if (granular.values || granular.failure?.status === 'time_limit') break;
  }
  const runs = [...choose.runs, ...granular!.runs]; // the attempt that counts
  if (!granular!.values) {
    const status = granular!.failure?.status === 'time_limit' ? 'time_limit' : 'error';
    return { ...base, solve: solveReport(runs, started, false, status, 'no plan in whole granules was found for the chosen projects'), ...none };
  }

  const funded = fundedAmounts(lib, granular!.values, spec!);
  const amounts = split(lib, classes, funded, flows(classes, granular!.values, spec!.center!, lib.sources.length));
  checkPlan(lib, funded, amounts);
  const plan: Plan = { funded, amounts };
  const sources = sourceRows(lib, plan);
  const valueAt = (key: StageKey) =>
    planValue(
      lib,
      plan,
      lib.projects.map((p) => stageValue(objective, p, key)),
    );
  const { gap, gapStage } = portfolioGap(
    keys,
    choose.reached,
    (i) => toFloat(valueAt(keys[i])),
    (i) => {
      const upper = stageUpper(lib, objective, keys[i]);
      return upper ? toFloat(upper) : undefined;
    },
  );
  const stopped = choose.stopped || granular!.stopped;
  const notes = [...choose.notes, ...granular!.notes];
  const report = solveReport(
    runs,
    started,
    true,
    stopped ? 'time_limit' : undefined,
    stopped ? stoppedMessage(runs, 'every priority class was served', 'the plan serves the classes before it') : notes.join('; ') || undefined,
  );
  const plain: Objective = { ...objective, classWeight: () => rat(1n) };
  const reachedByClass = present.map(
    (c) =>
      [
        c,
        planValue(
          lib,
          plan,
          lib.projects.map((p) => stageValue(plain, p, c)),
        ),
      ] as const,
  );
  return {
    ...base,
    solve: { ...report, gap, ...(objective.mode === 'lexicographic' && gapStage ? { gapStage } : {}) },
    projects: projectRows(lib, plan),
    sources,
    totals: totals(lib, plan),
    // the value maximised: priority weights applied (weighted), or Σ of the stages (lexicographic, none)
    objective: fixed6(valueAt(undefined)),
    priorityStages: objective.mode === 'lexicographic' ? present.map((c) => ({ priority: c, value: fixed6(valueAt(c)) })) : undefined,
    binding: bindingConstraints(lib, plan, sources, true),
    marginalValues: await marginalValues(lib, classes, objective, plan, sources, reachedByClass, fixed, timeLeft, options.workLimit),
  };
}

/**
 * The gap a portfolio reports: (bound − value) / max(|value|, 1), the value being the final plan's (whole
 * granules) and the bound step 1's, whose amounts may be fractional, so it covers whole granules too.
 * Relative to the stage's value (at least 1): a class left with little money has a small value. Stages
 * (lexicographic): a stage's bound holds given the values of the stages before it, so only up to the
 * first stage that did not prove its optimum do the bounds mean anything. That stage's gap is reported,
 * named; a stage the time never reached has as bound its class funded in full. When every stage proved
 * its optimum, the largest gap is reported (each within mipRelGap, bar HiGHS's absolute tolerance).
 * (Before issue 10 the largest gap over all stages was reported, a later stage's included: a time-limited
 * portfolio answered `gap: 204` from a stage whose bound rested on an earlier stage's unproven value.)
 */
export function portfolioGap(
  keys: readonly StageKey[],
  reached: readonly { readonly bound?: number; readonly proved: boolean }[],
  planValue: (stage: number) => number,
  upper: (stage: number) => number | undefined,
): { gap?: number; gapStage?: string } {
  const relative = (i: number, bound: number | undefined) => {
    if (bound === undefined || !Number.isFinite(bound)) return undefined;
    const v = planValue(i);
    return Math.max(0, bound - v) / Math.max(Math.abs(v), 1);
  };
  const open = reached.findIndex((r) => !r.proved);
  if (open >= 0) return { gap: relative(open, reached[open].bound), gapStage: stageName(keys[open]) };
  if (reached.length < keys.length) return { gap: relative(reached.length, upper(reached.length)), gapStage: stageName(keys[reached.length]) };
  let worst: { gap?: number; gapStage?: string } = {};
  reached.forEach((r, i) => {
    const g = relative(i, r.bound);
    if (g !== undefined && (worst.gap === undefined || g > worst.gap)) worst = { gap: g, gapStage: stageName(keys[i]) };
  });
  return worst;
}

/**
 * Step 2: integer amounts with the whole projects fixed, stage by stage again (each stage's objective over
 * the partly funded projects still free; stages with none are constant and skipped).
 */
function wholeGranules(
  lib: Library,
  classes: readonly FundingClass[],
  objective: Objective,
  keys: readonly StageKey[],
  spec: ModelSpec,
  options: StageOptions,
) {
  const free = (p: Project) => p.partial && !p.mandatory && !spec.fixedAmounts?.has(p.index);
  const stages = keys.map((key) => ({ name: stageName(key), terms: stageTerms(lib, objective, key, 'integer', free) })).filter((s) => s.terms.length > 0);
  return solveInStages(
    stages.length > 0 ? stages : [{ name: 'whole', terms: [] }],
    (_, obj, keep) => buildModel(lib, classes, { ...spec, objective: obj, extra: keep }),
    { ...options, keep: 'fix' }, // rounding: a class's few free amounts are settled before the next class's
  );
}
