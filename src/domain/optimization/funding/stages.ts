/**
 * Lexicographic solving, shared by the priority classes of kind 2 and the source preference of kind 3:
 * maximise the first stage's objective; keep what it reached and maximise the next; … The earlier answer
 * always stays feasible, so every later stage has a point to start from.
 *
 * How a stage's value is kept:
 * - `rows`: a keep row Σ terms ≥ the value reached, exactly. A row that tight at an optimum can trip a
 *   float solver: HiGHS has answered "infeasible" to such a stage (a 5,000-project library), which the
 *   earlier answer disproves. Such a stage (infeasible, unverified, error) is solved again with `fix`;
 * - `fix`: the stage's variables fixed at their values — the same value exactly, numerically trivial, but
 *   later stages may no longer trade within the stage (used for the small rounding stages of kind 2).
 * Should a later stage still find nothing (time, a backend failure), the previous answer stands and
 * `stopped` says so.
 */
import { solverClock, type BackendChoice, type SolveResult } from '../solver/core.js';
import type { LpConstraint, LpObjective, LpProblem, LpTerm } from '../solver/model.js';
import { type Rational, Sum, cmp, parseExact, toFloat } from '../../../core/rational.js';
import { solve } from '../solver/solve.js';
import type { WorkLimit } from '../problems.js';

export interface Stage {
  /** names the keep row: `stage:<name>:keep` */
  readonly name: string;
  readonly terms: readonly LpTerm[];
  /** the most the stage can reach: when the answer so far reaches it, the stage needs no solve */
  readonly upper?: Rational;
}

export interface StageOptions {
  readonly backend: BackendChoice | undefined;
  readonly mipRelGap: number;
  readonly workLimit?: WorkLimit;
  /** absolute time (core.ts's solverClock(), which also counts work no clock saw) by which solving must end */
  readonly deadline: number;
  /** default `rows` */
  readonly keep?: 'rows' | 'fix';
}

export interface StagesResult {
  /** the last stage's answer that found one */
  readonly values?: ReadonlyMap<string, Rational>;
  readonly runs: readonly SolveResult[];
  /**
   * Per stage reached, in order: the value reached, the bound the backend proved (MILP; given the values of
   * the stages before), and whether the stage proved its optimum (within mipRelGap) or stopped early.
   */
  readonly reached: readonly { readonly value: Rational; readonly bound?: number; readonly proved: boolean }[];
  /** the first stage's result, when it found nothing */
  readonly failure?: SolveResult;
  /** a stage after the first found nothing or was not reached in time */
  readonly stopped: boolean;
  /** stages that fell back to fixing the earlier stages' choices, and why */
  readonly notes: readonly string[];
}

/** Σ coefficient × value, exactly (variables without a value count 0). */
function valueOf(terms: readonly LpTerm[], values: ReadonlyMap<string, Rational>): Rational {
  const sum = new Sum();
  for (const [name, c] of terms) {
    const v = values.get(name);
    if (v) sum.addProduct(parseExact(c)!, v);
  }
  return sum.value();
}

/** Σ terms ≥ value (also when value ≤ 0: with integer moves, terms are changes around a center). */
function keepRow(stage: Stage, value: Rational): LpConstraint[] {
  return stage.terms.length > 0 ? [{ name: `stage:${stage.name}:keep`, terms: stage.terms, sense: '>=', rhs: value, elastic: false }] : [];
}

function fixRows(stage: Stage, values: ReadonlyMap<string, Rational>): LpConstraint[] {
  return stage.terms.map(([name]) => ({
    name: `stage:${stage.name}:fix:${name}`,
    terms: [[name, 1]],
    sense: '=',
    rhs: values.get(name) ?? 0,
    elastic: false,
  }));
}

export async function solveInStages(
  stages: readonly Stage[],
  build: (stage: number, objective: LpObjective, keep: readonly LpConstraint[]) => LpProblem,
  options: StageOptions,
): Promise<StagesResult> {
  const runs: SolveResult[] = [];
  const reached: { value: Rational; bound?: number; proved: boolean }[] = [];
  const notes: string[] = [];
  const fix = options.keep === 'fix';
  const keptRows: LpConstraint[] = []; // keep rows (or fix rows, with `fix`)
  let values: ReadonlyMap<string, Rational> | undefined;
  const attempt = (i: number, keep: readonly LpConstraint[]) =>
    solve(build(i, { sense: 'max', terms: stages[i].terms }, keep), {
      backend: options.backend,
      timeLimitMs: Math.max(1, options.deadline - solverClock()),
      mipRelGap: options.mipRelGap,
      workLimit: options.workLimit,
      explain: false,
    });
  for (const [i, stage] of stages.entries()) {
    if (values && options.deadline - solverClock() <= 1) return { values, runs, reached, stopped: true, notes };
    const already = values && stage.upper && valueOf(stage.terms, values);
    let r: SolveResult | undefined;
    if (!(already && cmp(already, stage.upper!) >= 0)) {
      r = await attempt(i, keptRows);
      if (values && !fix && !r.solution && r.status !== 'time_limit') {
        // the earlier answer disproves the claim: fix the earlier stages' variables where it has them
        notes.push(
          `stage ${stage.name}: the solver answered ${r.status} although the previous answer is feasible; ` +
            "solved again with the earlier stages' choices fixed",
        );
        const current = values;
        r = await attempt(
          i,
          stages.slice(0, i).flatMap((earlier) => fixRows(earlier, current)),
        );
      }
      runs.push(r);
      if (!r.solution) return values ? { values, runs, reached, stopped: true, notes } : { runs, reached, failure: r, stopped: false, notes };
      values = r.solution.values;
    }
    // skipped: the answer so far already reaches the most this stage can, so it is this stage's optimum
    const value = r ? r.solution!.objective : already!;
    reached.push({ value, bound: r ? r.bound : toFloat(value), proved: !r || r.status === 'optimal' });
    keptRows.push(...(fix ? fixRows(stage, values!) : keepRow(stage, value)));
  }
  return { values, runs, reached, stopped: false, notes };
}
