/**
 * A small, solver-neutral description of a linear program (LP) or mixed-integer program (MILP), in exact
 * numbers. Problem kinds (region allocation, project portfolio, source assignment) build one of these; the
 * solver layer scales it, hands it to a backend, and checks the answer against it exactly.
 *
 * Names matter: a constraint's `name` is the planner-facing id that infeasibility reports and binding-
 * constraint lists quote ("centralIndustryFloor"), so choose it for the planner, not for the solver.
 */
import { ceil, floor, parseExact, type Rational, rat, add, ZERO, cmp, isZero } from '../../../core/rational.js';

/**
 * An exact number as a caller may write it: a decimal string ("1234.56", "1e9"), a bigint, a JS number
 * (read as the decimal it prints as: 0.1 is exactly 1/10), or a rational `{ num, den }` of bigints.
 */
export type ExactInput = string | number | bigint | Rational;

/** One term of a linear expression: [variable name, coefficient]. Repeated variables are added up. */
export type LpTerm = readonly [variable: string, coefficient: ExactInput];

export type VariableType = 'continuous' | 'integer' | 'binary';

export interface LpVariable {
  readonly name: string;
  /** Lower bound; default 0 (most amounts are non-negative). `null` means no lower bound. */
  readonly lower?: ExactInput | null;
  /** Upper bound; default none. `null` means no upper bound. */
  readonly upper?: ExactInput | null;
  /** Default continuous. `binary` is an integer in [0, 1] (intersected with any bounds given). */
  readonly type?: VariableType;
  /**
   * May this variable's bounds give when the problem is infeasible (elastic.ts)? Default no: bounds are
   * usually the nature of a thing (a project is funded 0–100%). Give a floor or cap that a planner set
   * `true` (weight as for constraints) or `{ weight }` (penalty per unit of the variable's own unit).
   */
  readonly elastic?: boolean | { readonly weight: ExactInput };
}

export type ConstraintSense = '<=' | '>=' | '=';

export interface LpConstraint {
  /** Planner-facing id, unique in the problem; reports quote it. */
  readonly name: string;
  readonly terms: readonly LpTerm[];
  readonly sense: ConstraintSense;
  readonly rhs: ExactInput;
  /** What the right-hand side counts ('yuan', 'wan', 'households' …); reports say amounts in it. */
  readonly unit?: string;
  /**
   * May this constraint give when the problem is infeasible? Default yes, at weight 1 per well-conditioned
   * unit of the constraint (see scale.ts). `false` for structural rows (definitions, linking) that must
   * hold for the model to mean anything; `{ weight }` to price giving per unit of the constraint's own unit.
   */
  readonly elastic?: boolean | { readonly weight: ExactInput };
}

export interface LpObjective {
  readonly sense: 'min' | 'max';
  readonly terms: readonly LpTerm[];
  /** A constant added to the objective (reported, never seen by a solver). */
  readonly constant?: ExactInput;
}

export interface LpProblem {
  readonly name?: string;
  readonly variables: readonly LpVariable[];
  readonly constraints: readonly LpConstraint[];
  readonly objective: LpObjective;
}

/** A problem the caller built wrong (unknown variable, duplicate name, a number that is not one). */
export class LpModelError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'LpModelError';
  }
}

/** A sparse row over variable indices, coefficients exact and non-zero, indices ascending. */
export interface SparseRow {
  readonly index: readonly number[];
  readonly value: readonly Rational[];
}

export interface CompiledRow extends SparseRow {
  readonly name: string;
  readonly sense: ConstraintSense;
  readonly rhs: Rational;
}

/**
 * The checked, index-based form every later stage works on. Integer variables have integral bounds here
 * (a bound of 2.5 on an integer is 2 or 3 — rounded inward, which changes nothing feasible).
 */
export interface CompiledProblem {
  readonly names: readonly string[];
  /** null: no bound */
  readonly lower: readonly (Rational | null)[];
  readonly upper: readonly (Rational | null)[];
  readonly integer: readonly boolean[];
  readonly rows: readonly CompiledRow[];
  readonly sense: 'min' | 'max';
  /** Dense objective coefficients. */
  readonly cost: readonly Rational[];
  readonly constant: Rational;
  readonly source: LpProblem;
}

function exact(value: ExactInput | undefined | null, where: string, problems: string[]): Rational | undefined {
  if (value === undefined || value === null) return undefined;
  const r = parseExact(value as string | number | bigint | Rational);
  if (!r) problems.push(`${where}: ${String(value)} is not a finite exact number`);
  return r;
}

function compileTerms(terms: readonly LpTerm[], where: string, indexOf: ReadonlyMap<string, number>, problems: string[]): SparseRow {
  if (!Array.isArray(terms)) {
    problems.push(`${where}: terms must be an array of [variable, coefficient]`);
    return { index: [], value: [] };
  }
  const acc = new Map<number, Rational>();
  for (const term of terms) {
    const [variable, coefficient] = term;
    const j = indexOf.get(variable);
    if (j === undefined) {
      problems.push(`${where}: unknown variable "${variable}"`);
      continue;
    }
    const c = exact(coefficient, `${where}, coefficient of "${variable}"`, problems);
    if (c) acc.set(j, add(acc.get(j) ?? ZERO, c));
  }
  const index = [...acc.keys()].filter((j) => !isZero(acc.get(j)!)).sort((a, b) => a - b);
  return { index, value: index.map((j) => acc.get(j)!) };
}

/** Checks a problem and puts it in index form. Throws LpModelError listing every mistake at once. */
export function compile(problem: LpProblem): CompiledProblem {
  const problems: string[] = [];
  const indexOf = new Map<string, number>();
  const names: string[] = [];
  const lower: (Rational | null)[] = [];
  const upper: (Rational | null)[] = [];
  const integer: boolean[] = [];
  for (const [k, v] of problem.variables.entries()) {
    if (typeof v.name !== 'string' || v.name === '') problems.push(`variable ${k}: a name is required`);
    else if (indexOf.has(v.name)) problems.push(`variable "${v.name}" is defined twice`);
    indexOf.set(v.name, names.length);
    names.push(v.name);
    const type = v.type ?? 'continuous';
    if (type !== 'continuous' && type !== 'integer' && type !== 'binary') {
      problems.push(`variable "${v.name}": unknown type ${String(type)}`);
    }
    const isInt = type === 'integer' || type === 'binary';
    let lo = v.lower === undefined ? ZERO : (exact(v.lower, `variable "${v.name}", lower`, problems) ?? null);
    let hi = exact(v.upper, `variable "${v.name}", upper`, problems) ?? null;
    if (type === 'binary') {
      if (lo === null || cmp(lo, ZERO) < 0) lo = ZERO;
      if (hi === null || cmp(hi, rat(1n)) > 0) hi = rat(1n);
    }
    if (isInt) {
      if (lo) lo = rat(ceil(lo));
      if (hi) hi = rat(floor(hi));
    }
    lower.push(lo);
    upper.push(hi);
    integer.push(isInt);
  }
  const rowNames = new Set<string>();
  const rows: CompiledRow[] = [];
  for (const [i, c] of problem.constraints.entries()) {
    if (typeof c.name !== 'string' || c.name === '') problems.push(`constraint ${i}: a name is required`);
    else if (rowNames.has(c.name)) problems.push(`constraint "${c.name}" is defined twice`);
    rowNames.add(c.name);
    if (c.sense !== '<=' && c.sense !== '>=' && c.sense !== '=') {
      problems.push(`constraint "${c.name}": sense must be <=, >= or =, not ${String(c.sense)}`);
    }
    const row = compileTerms(c.terms, `constraint "${c.name}"`, indexOf, problems);
    if (c.rhs === undefined || c.rhs === null) problems.push(`constraint "${c.name}": a right-hand side is required`);
    const rhs = exact(c.rhs, `constraint "${c.name}", rhs`, problems);
    rows.push({ name: c.name, sense: c.sense, rhs: rhs ?? ZERO, ...row });
  }
  const objective = problem.objective;
  if (!objective || (objective.sense !== 'min' && objective.sense !== 'max')) {
    problems.push('objective: sense must be min or max');
  }
  const obj = compileTerms(objective?.terms ?? [], 'objective', indexOf, problems);
  const cost: Rational[] = names.map(() => ZERO);
  obj.index.forEach((j, k) => (cost[j] = obj.value[k]));
  const constant = exact(objective?.constant, 'objective, constant', problems) ?? ZERO;
  if (problems.length > 0) throw new LpModelError(problems);
  return { names, lower, upper, integer, rows, sense: objective.sense, cost, constant, source: problem };
}

export function variableCount(p: CompiledProblem): number {
  return p.names.length;
}

export function integerCount(p: CompiledProblem): number {
  return p.integer.reduce((n, b) => n + (b ? 1 : 0), 0);
}

export function nonzeroCount(p: CompiledProblem): number {
  return p.rows.reduce((n, r) => n + r.index.length, 0);
}
