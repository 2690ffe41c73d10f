/**
 * Infeasibility, explained. When no point satisfies every rule, planners need to know which rules must
 * give and by how much ("the 60% industry floor for central funds cannot be met: at most 54.3% is
 * reachable"), not just "infeasible".
 *
 * The elastic problem: every constraint that may give (default: all; `elastic: false` keeps a structural
 * row hard) gets a non-negative slack — a ≤ row may exceed its right-hand side by s, a ≥ row fall short by
 * s, an = row miss in either direction (s⁺, s⁻) — and so may the bounds of variables marked `elastic`. The
 * objective is to minimise Σ weight × slack. The default weight is 1 per well-conditioned unit of the row
 * (10^-r with r the row's exponent in scale.ts), so a yuan of one money row costs what a yuan of another
 * does, whatever their right-hand sides; `{ weight }` prices a constraint per unit of its own.
 * This is the weighted-L1 smallest relaxation, not the one with fewest constraints (that would be a MILP
 * of its own); it usually names few.
 *
 * The report lists each constraint (or bound) that must give, by how much in its own units, and the
 * right-hand side that works. Inequality amounts are rounded up to `places` decimals (giving a little more
 * is still feasible); equality amounts stay exact. The claim is then checked: the problem with exactly
 * those right-hand sides is solved again (with no objective) and its answer checked exactly
 * (`verifiedBy: 're-solve'`). Should that re-solve not finish in the time left, the elastic solution itself
 * is checked exactly against the relaxed problem: it is a feasible point of it by construction, and
 * exactly checking it proves the claim as well (`verifiedBy: 'certificate'`).
 */
import { type ConstraintSense, type LpConstraint, type LpProblem, type LpTerm, type LpVariable, compile } from './model.js';
import { type Rational, ZERO, add, cmp, isZero, neg, parseExact, rat, sub, times10, toDecimalUp } from '../../../core/rational.js';
import { checkExactly } from './verify.js';
import { chooseScaling } from './scale.js';
import { solveCore, solverClock, type SolveOptions, type SolveStatus } from './core.js';

export interface Relaxation {
  /** A constraint, or a variable's lower or upper bound (variables marked `elastic`). */
  readonly kind: 'constraint' | 'lower' | 'upper';
  /** The constraint's name, or the variable's. */
  readonly name: string;
  readonly sense: ConstraintSense;
  /** The constraint's unit, when it has one. */
  readonly unit?: string;
  /** The right-hand side (or bound) as given. */
  readonly rhs: Rational;
  /** How much it must give, > 0, in its own units. */
  readonly by: Rational;
  /** `raise` a ≤ limit or `lower` a ≥ floor (an = row may go either way). */
  readonly direction: 'raise' | 'lower';
  /** The right-hand side that works together with the others: rhs ± by. */
  readonly relaxedRhs: Rational;
}

export interface InfeasibilityReport {
  /** What must give, in problem order. Empty with `hardConflict`: nothing that may give is enough. */
  readonly relaxations: readonly Relaxation[];
  /** The problem with exactly these relaxations is feasible: proven by `verifiedBy`. */
  readonly verified: boolean;
  /** `re-solve`: solved again and its answer checked exactly; `certificate`: the elastic solution, checked exactly. */
  readonly verifiedBy?: 're-solve' | 'certificate';
  /** The constraints and bounds that may not give contradict each other by themselves. */
  readonly hardConflict: boolean;
  /** Status of the elastic solve. */
  readonly elasticStatus: SolveStatus;
  readonly message?: string;
}

export interface ExplainOptions extends SolveOptions {
  /** Decimals of the rounded-up inequality amounts. Default 6. */
  readonly places?: number;
}

interface ElasticItem {
  readonly kind: Relaxation['kind'];
  readonly name: string;
  readonly sense: ConstraintSense;
  readonly unit?: string;
  readonly rhs: Rational;
  /** slack variable names: [giving up (raise / lower)] or, for =, [s⁺ (activity above), s⁻ (below)] */
  readonly slacks: readonly string[];
  /** index of the constraint in the problem, or of the variable */
  readonly index: number;
}

function uniqueNamer(taken: Set<string>): (base: string) => string {
  return (base) => {
    let name = base;
    for (let k = 2; taken.has(name); k++) name = `${base}#${k}`;
    taken.add(name);
    return name;
  };
}

function weightOf(elastic: LpConstraint['elastic'] | LpVariable['elastic'], fallback: Rational): Rational {
  if (typeof elastic === 'object' && elastic !== null) {
    const w = parseExact(elastic.weight as string);
    if (!w || cmp(w, ZERO) < 0) throw new RangeError(`elastic weight must be a non-negative number, not ${String(elastic.weight)}`);
    return w;
  }
  return fallback;
}

/** The elastic version of a problem, and where its slacks are. */
export function elasticProblem(problem: LpProblem): { problem: LpProblem; items: ElasticItem[] } {
  const compiled = compile(problem);
  const scaling = chooseScaling(compiled);
  const taken = new Set<string>([...problem.variables.map((v) => v.name), ...problem.constraints.map((c) => c.name)]);
  const fresh = uniqueNamer(taken);
  const variables: LpVariable[] = [];
  const constraints: LpConstraint[] = [];
  const objective: LpTerm[] = [];
  const items: ElasticItem[] = [];
  const slack = (base: string, weight: Rational): string => {
    const name = fresh(base);
    variables.push({ name, lower: 0 });
    objective.push([name, weight]);
    return name;
  };

  problem.variables.forEach((v, j) => {
    if (!v.elastic || v.type === 'binary') {
      variables.push(v);
      return;
    }
    const weight = weightOf(v.elastic, times10(rat(1n), -scaling.col[j]));
    const lo = compiled.lower[j];
    const hi = compiled.upper[j];
    variables.push({ ...v, lower: null, upper: null });
    if (lo) {
      const s = slack(`slack:${v.name}:lower`, weight);
      constraints.push({
        name: fresh(`${v.name}:lower`),
        terms: [
          [v.name, 1],
          [s, 1],
        ],
        sense: '>=',
        rhs: lo,
        elastic: false,
      });
      items.push({ kind: 'lower', name: v.name, sense: '>=', rhs: lo, slacks: [s], index: j });
    }
    if (hi) {
      const s = slack(`slack:${v.name}:upper`, weight);
      constraints.push({
        name: fresh(`${v.name}:upper`),
        terms: [
          [v.name, 1],
          [s, -1],
        ],
        sense: '<=',
        rhs: hi,
        elastic: false,
      });
      items.push({ kind: 'upper', name: v.name, sense: '<=', rhs: hi, slacks: [s], index: j });
    }
  });

  problem.constraints.forEach((c, i) => {
    if (c.elastic === false) {
      constraints.push(c);
      return;
    }
    const weight = weightOf(c.elastic, times10(rat(1n), -scaling.row[i]));
    const rhs = compiled.rows[i].rhs;
    const base = { kind: 'constraint' as const, name: c.name, sense: c.sense, unit: c.unit, rhs, index: i };
    if (c.sense === '<=') {
      const s = slack(`slack:${c.name}`, weight);
      constraints.push({ ...c, terms: [...c.terms, [s, -1]] });
      items.push({ ...base, slacks: [s] });
    } else if (c.sense === '>=') {
      const s = slack(`slack:${c.name}`, weight);
      constraints.push({ ...c, terms: [...c.terms, [s, 1]] });
      items.push({ ...base, slacks: [s] });
    } else {
      const up = slack(`slack:${c.name}:above`, weight);
      const down = slack(`slack:${c.name}:below`, weight);
      // a·x − s⁺ + s⁻ = b: the activity may end s⁺ above b or s⁻ below it
      constraints.push({ ...c, terms: [...c.terms, [up, -1], [down, 1]] });
      items.push({ ...base, slacks: [up, down] });
    }
  });

  return {
    problem: { name: problem.name, variables, constraints, objective: { sense: 'min', terms: objective } },
    items,
  };
}

/** The problem with the given right-hand sides (and bounds) replaced by their relaxed values. */
export function relaxProblem(problem: LpProblem, relaxations: readonly Relaxation[]): LpProblem {
  const rows = new Map<string, Rational>();
  const lower = new Map<string, Rational>();
  const upper = new Map<string, Rational>();
  for (const r of relaxations) (r.kind === 'constraint' ? rows : r.kind === 'lower' ? lower : upper).set(r.name, r.relaxedRhs);
  return {
    ...problem,
    variables: problem.variables.map((v) =>
      lower.has(v.name) || upper.has(v.name) ? { ...v, lower: lower.get(v.name) ?? v.lower, upper: upper.get(v.name) ?? v.upper } : v,
    ),
    constraints: problem.constraints.map((c) => (rows.has(c.name) ? { ...c, rhs: rows.get(c.name)! } : c)),
  };
}

function relaxation(item: ElasticItem, values: ReadonlyMap<string, Rational>, places: number | undefined): Relaxation | undefined {
  const s = (k: number) => values.get(item.slacks[k]) ?? ZERO;
  let change: Rational; // relaxedRhs − rhs
  if (item.sense === '=') {
    change = sub(s(0), s(1)); // activity ended s⁺ − s⁻ above b: the rhs that holds is b + s⁺ − s⁻
  } else {
    let by = s(0);
    if (isZero(by)) return undefined;
    if (places !== undefined) by = toDecimalUp(by, places);
    change = item.sense === '<=' ? by : neg(by);
  }
  if (isZero(change)) return undefined;
  const up = cmp(change, ZERO) > 0;
  return {
    kind: item.kind,
    name: item.name,
    sense: item.sense,
    unit: item.unit,
    rhs: item.rhs,
    by: up ? change : neg(change),
    direction: up ? 'raise' : 'lower',
    relaxedRhs: add(item.rhs, change),
  };
}

/**
 * Which constraints must give, and by how much, for an infeasible problem to become feasible; the claim
 * re-solved and checked (see the module comment).
 */
export async function explainInfeasibility(problem: LpProblem, options: ExplainOptions = {}): Promise<InfeasibilityReport> {
  const started = solverClock();
  const budget = options.timeLimitMs;
  const remaining = () => (budget === undefined ? undefined : Math.max(1, budget - (solverClock() - started)));
  const { problem: elastic, items } = elasticProblem(problem);
  const result = await solveCore(elastic, { ...options, timeLimitMs: remaining() });
  if (result.status === 'infeasible') {
    return {
      relaxations: [],
      verified: false,
      hardConflict: true,
      elasticStatus: result.status,
      message: 'the constraints and bounds that may not give contradict each other; no relaxation of the others helps',
    };
  }
  if (!result.solution) {
    return { relaxations: [], verified: false, hardConflict: false, elasticStatus: result.status, message: result.message };
  }
  const values = result.solution.values;
  // rounded up first (readable), then exact if rounding up did not do (possible only through equalities)
  for (const places of [options.places ?? 6, undefined]) {
    const relaxations = items.map((item) => relaxation(item, values, places)).filter((r): r is Relaxation => !!r);
    if (relaxations.length === 0) {
      return { relaxations, verified: false, hardConflict: false, elasticStatus: result.status, message: 'nothing needs to give: the problem is feasible' };
    }
    const relaxed = relaxProblem(problem, relaxations);
    const check = await solveCore({ ...relaxed, objective: { sense: 'min', terms: [] } }, { ...options, timeLimitMs: remaining() });
    if (check.status === 'optimal') {
      return { relaxations, verified: true, verifiedBy: 're-solve', hardConflict: false, elasticStatus: result.status };
    }
    const compiled = compile(relaxed);
    if (
      checkExactly(
        compiled,
        compiled.names.map((name) => values.get(name) ?? ZERO),
      ).length === 0
    ) {
      return {
        relaxations,
        verified: true,
        verifiedBy: 'certificate',
        hardConflict: false,
        elasticStatus: result.status,
        message: `re-solving with these relaxations answered ${check.status}; the elastic solution proves them sufficient`,
      };
    }
    if (places === undefined) {
      return {
        relaxations,
        verified: false,
        hardConflict: false,
        elasticStatus: result.status,
        message: `re-solving with these relaxations answered ${check.status}`,
      };
    }
  }
  /* c8 ignore next */
  throw new Error('unreachable');
}
