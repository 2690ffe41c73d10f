/**
 * The optimizer's solver layer (issue 4): describe an LP/MILP exactly (model.ts), solve it with
 * javascript-lp-solver or HiGHS behind one interface, scaled (scale.ts), every answer checked exactly
 * (verify.ts), infeasibility explained (elastic.ts). Problem kinds build on `solve`.
 */
export { solve, type FullSolveOptions, type FullSolveResult } from './solver/solve.js';
export {
  solveCore,
  autoBackend,
  AUTO_JSLP_MAX_LP,
  AUTO_JSLP_MAX_MILP,
  DEFAULT_MIP_REL_GAP,
  DEFAULT_TIME_LIMIT_MS,
  type BackendChoice,
  type LpSolution,
  type SolveOptions,
  type SolveResult,
  type SolveStats,
  type SolveStatus,
} from './solver/core.js';
export {
  explainInfeasibility,
  elasticProblem,
  relaxProblem,
  type ExplainOptions,
  type InfeasibilityReport,
  type Relaxation,
} from './solver/elastic.js';
export {
  compile,
  LpModelError,
  type CompiledProblem,
  type ConstraintSense,
  type ExactInput,
  type LpConstraint,
  type LpObjective,
  type LpProblem,
  type LpTerm,
  type LpVariable,
  type VariableType,
} from './solver/model.js';
export { getHighs, loadHighsFromWasmModule, provideHighsWasmModule, highsLoaded } from './solver/highs.js';
export { checkExactly, objectiveValue, type Violation } from './solver/verify.js';
export { type Rational, rat, toDecimal, toFloat, parseExact } from '../../core/rational.js';
export type { BackendName } from './solver/backend.js';
