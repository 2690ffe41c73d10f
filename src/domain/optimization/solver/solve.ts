/**
 * The solver layer's entry: `solve(problem, { backend, timeLimitMs })`. A checked solve (core.ts) and,
 * when the answer is `infeasible`, the explanation of what must give (elastic.ts).
 */
import { solveCore, solverClock, type SolveOptions, type SolveResult } from './core.js';
import { explainInfeasibility, type InfeasibilityReport } from './elastic.js';
import type { CompiledProblem, LpProblem } from './model.js';

export interface FullSolveOptions extends SolveOptions {
  /** Explain an infeasible answer (one more solve, plus one to check the explanation). Default true. */
  readonly explain?: boolean;
  /** Decimals of the rounded-up relaxation amounts in the explanation. Default 6. */
  readonly places?: number;
}

export interface FullSolveResult extends SolveResult {
  /** With `infeasible` (unless `explain: false`): which constraints must give, and by how much. */
  readonly infeasibility?: InfeasibilityReport;
}

export async function solve(problem: LpProblem | CompiledProblem, options: FullSolveOptions = {}): Promise<FullSolveResult> {
  const started = solverClock();
  const result = await solveCore(problem, options);
  if (result.status !== 'infeasible' || options.explain === false) return result;
  const source = 'source' in problem ? problem.source : problem;
  const limit = options.timeLimitMs;
  const infeasibility = await explainInfeasibility(source, {
    ...options,
    timeLimitMs: limit === undefined ? undefined : Math.max(1, limit - (solverClock() - started)),
  });
  if (infeasibility.elasticStatus === 'optimal' && !infeasibility.hardConflict && infeasibility.relaxations.length === 0) {
    // the elastic problem found a point that breaks nothing: the backend's verdict was wrong
    return {
      ...result,
      status: 'unverified',
      message: `${result.backend} answered infeasible, but a point satisfying every constraint exactly exists`,
      infeasibility,
    };
  }
  return { ...result, infeasibility };
}
