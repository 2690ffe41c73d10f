/**
 * Kind 3 of issue 4: for projects already chosen (each funded in full), how much each fund source pays —
 * every source within its budget, on or above its industry floor, paying nothing its negative list forbids.
 *
 * `preference` is lexicographic: maximise what the first source pays; keep that (≥, exactly) and maximise
 * the second's; … (the last source pays what is left, so it needs no stage of its own). The model is
 * fundingModel.ts's with every project's amount fixed at its cost, so only the per-class source amounts
 * are free: the stages are LPs, then the same stages again in whole granules as small MILPs of integer
 * moves around that answer (the rounding may cost a preferred source a few granules; every answer is
 * checked exactly). Within a class, projects (by id) take the preferred source first, so at most
 * (sources − 1) projects of a class are split between sources.
 */
import { pointer } from '../../../core/errors.js';
import { issue } from '../../../messages/index.js';
import { toText } from '../../../core/money.js';
import { DEFAULT_TIME_LIMIT_MS, solverClock } from '../solver/core.js';
import { explainFunding } from '../funding/explain.js';
import { Issues, readLibrary, solverOptions } from '../funding/input.js';
import { buildModel, centerOf, checkPlan, flowVar, flows, fundedAmounts, fundingClasses, split, type ModelSpec } from '../funding/model.js';
import { bindingConstraints, projectRows, solveReport, sourceRows, stoppedMessage, totals } from '../funding/result.js';
import type { PortfolioResult, SourceAssignmentInput } from '../problems.js';
import { solveInStages } from '../funding/stages.js';

/** Source indices in the order of preference: those listed first, then the rest as the sources are listed. */
function preferenceOrder(input: SourceAssignmentInput, issues: Issues): number[] {
  const index = new Map(input.sources.map((s, i) => [s.id, i] as const));
  const order: number[] = [];
  const listed = new Map<number, number>(); // source index → where the preference first lists it
  (input.preference ?? []).forEach((id, k) => {
    const s = index.get(id);
    if (s === undefined) {
      issues.add(issue(pointer('preference', k), 'unknown-reference', { id, what: 'fund source', what_zh: '资金来源', list: '/sources' }));
    } else if (listed.has(s)) {
      issues.add(issue(pointer('preference', k), 'duplicate-id', { id: JSON.stringify(id), first: pointer('preference', listed.get(s)!) }));
    } else {
      order.push(s);
      listed.set(s, k);
    }
  });
  input.sources.forEach((_, i) => {
    if (!order.includes(i)) order.push(i);
  });
  return order;
}

export async function assignSources(input: SourceAssignmentInput): Promise<PortfolioResult> {
  const started = performance.now();
  const issues = new Issues();
  const order = preferenceOrder(input, issues);
  const lib = readLibrary(input, 'all', issues);
  const options = solverOptions(input.solver);
  const deadline = solverClock() + (options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS); // counts work too (core.ts)
  const timeLeft = () => Math.max(1, deadline - solverClock());
  const classes = fundingClasses(lib);
  const base = { kind: 'sources' as const, unit: lib.unit, granularity: toText(lib.granularity) };

  const used = order.filter((s) => classes.some((k) => k.sources.includes(s)));
  const stages = (used.length > 1 ? used.slice(0, -1) : []).map((s) => ({
    name: lib.sources[s].id,
    terms: classes.filter((k) => k.sources.includes(s)).map((k) => [flowVar(k.index, s), 1] as const),
  }));
  const stageOptions = { backend: options.backend, mipRelGap: options.mipRelGap, workLimit: options.workLimit, deadline };
  const stageList = stages.length > 0 ? stages : [{ name: 'feasible', terms: [] }];
  // the preference with continuous amounts (LPs), then again in whole granules: integer moves around
  // that split rounded down (fundingModel.ts)
  const continuous = await solveInStages(
    stageList,
    (_, objective, keep) => buildModel(lib, classes, { fundAll: true, objective, extra: keep }),
    stageOptions,
  );
  const runs = [...continuous.runs];
  const none = { projects: [], sources: [], totals: {}, objective: null, binding: [], marginalValues: [] };
  if (!continuous.values) {
    const failure = continuous.failure!;
    if (failure.status !== 'infeasible') return { ...base, solve: solveReport(runs, started, false), ...none };
    const why = await explainFunding({ lib, classes, fundAll: true, backend: options.backend, workLimit: options.workLimit, timeLeft });
    return {
      ...base,
      solve: solveReport([failure, ...why.runs], started, false, 'infeasible', why.infeasibility.en),
      ...none,
      infeasibility: why.infeasibility,
    };
  }
  const radius = BigInt(2 * classes.length + 4);
  let solved: Awaited<ReturnType<typeof solveInStages>> | undefined;
  let spec: ModelSpec | undefined;
  for (const r of [radius, radius * 1000n]) {
    spec = { fundAll: true, amounts: 'integer', center: centerOf(lib, classes, continuous.values, r) };
    const at = spec;
    solved = await solveInStages(stageList, (_, objective, keep) => buildModel(lib, classes, { ...at, objective, extra: keep }), stageOptions);
    if (solved.values || solved.failure?.status === 'time_limit') break;
  }
  runs.push(...solved!.runs); // the attempt that counts
  if (!solved!.values) {
    const status = solved!.failure?.status === 'time_limit' ? 'time_limit' : 'error';
    return { ...base, solve: solveReport(runs, started, false, status, 'no split in whole granules was found'), ...none };
  }
  const funded = fundedAmounts(lib, solved!.values, spec!);
  const amounts = split(lib, classes, funded, flows(classes, solved!.values, spec!.center!, lib.sources.length), order);
  checkPlan(lib, funded, amounts, { fundAll: true });
  const plan = { funded, amounts };
  const sources = sourceRows(lib, plan);
  const stopped = continuous.stopped || solved!.stopped;
  return {
    ...base,
    solve: solveReport(
      runs,
      started,
      true,
      stopped ? 'time_limit' : undefined,
      stopped
        ? stoppedMessage(runs, 'every source in the preference was served', 'the split serves the sources before it')
        : [...continuous.notes, ...solved!.notes].join('; ') || undefined,
    ),
    projects: projectRows(lib, plan),
    sources,
    totals: totals(lib, plan),
    objective: null, // no value is maximised: the split follows the preference order
    binding: bindingConstraints(lib, plan, sources, false),
    marginalValues: [],
  };
}
