/**
 * What a backend is: a float solver that reads a scaled NumericProblem and answers in the same scaled
 * units. Backends are not trusted; core.ts re-checks every answer exactly (verify.ts).
 */
import type { NumericProblem } from './scale.js';

export type BackendName = 'jslp' | 'highs';

/** A backend's own verdict, before any checking. */
export type RawStatus = 'optimal' | 'infeasible' | 'unbounded' | 'time_limit' | 'error';

export interface RawResult {
  readonly status: RawStatus;
  /** Column values in scaled units: for optimal, and for time_limit when a feasible incumbent exists. */
  readonly x?: Float64Array;
  /** The objective the backend reports (scaled units, without constant). */
  readonly objective?: number;
  /** A bound on the optimum (MILP, scaled units): the best the backend could prove. */
  readonly bound?: number;
  /** LP only: d objective' / d rhs' per row, when the backend gives it. */
  readonly rowDual?: Float64Array;
  readonly message?: string;
  /**
   * The work done, as the backend counts it: HiGHS simplex iterations and branch-and-bound nodes, jslp
   * tableau cells (jslp.ts's meter).
   */
  readonly work?: { readonly simplexIterations?: number; readonly mipNodes?: number; readonly cells?: number };
}

export interface BackendOptions {
  /** Wall-clock limit for this call. */
  readonly timeLimitMs: number;
  /** A MILP is solved when the relative gap between incumbent and bound is at most this. */
  readonly mipRelGap: number;
  /**
   * Work limits that do not depend on a clock (HiGHS; jslp derives its own from timeLimitMs). HiGHS sets
   * defaults from timeLimitMs for whatever is not given here (highs.ts), so no run is without them.
   */
  readonly workLimit?: { readonly mipNodes?: number; readonly simplexIterations?: number };
}

export interface Backend {
  readonly name: BackendName;
  solve(problem: NumericProblem, options: BackendOptions): Promise<RawResult>;
}
