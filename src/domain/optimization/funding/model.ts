/**
 * The funding model shared by kinds 2 (portfolio) and 3 (sources), in whole granules.
 *
 * Projects fall into classes: same place in the industry share (industry / counted / excluded) and same
 * set of eligible sources. Budgets and industry floors only see what each source pays per class, so the
 * model carries t_{k,s} (what source s pays for class k, integer granules) instead of one amount per project
 * and source:
 *
 *   class k:   Σ_s t_{k,s} = Σ_{p∈k} funded_p          funded_p = cost_p·y_p (whole, y binary)
 *                                                       or f_p ∈ {0 … cost_p} (partly fundable, integer)
 *   budget s:  Σ_k t_{k,s} ≤ budget_s
 *   floor s:   Σ_k floorCoefficient(rule, floor_s, category_k)·t_{k,s} ≥ 0      (shares.ts, seed 004)
 *   town t:    Σ_{p in t} funded_p ≤ cap_t
 *
 * Why it is exact and loses nothing: any plan of amounts a_{p,s} sums to such t's, and any integer t's and
 * funded amounts split back into integer a_{p,s} (`split`): within a class every project may use every
 * source of the class, so the north-west-corner rule over the class's projects (by id) and its sources (in
 * preference order) fills each project from the sources in turn. So the aggregated MILP has the optimum of
 * the full one, with ~(classes × sources) amount variables instead of (projects × sources), and at most
 * (sources − 1) projects of a class are split between sources. Projects enter in id order, so the request's
 * order changes nothing.
 */
import { type Ratio } from '../../../core/money.js';
import { floorCoefficient, industryShare, meetsFloor } from '../../../core/shares.js';
import type { Library, Project, ShareClass } from './input.js';
import type { LpConstraint, LpObjective, LpProblem, LpTerm, LpVariable } from '../solver/model.js';
import { type Rational, ZERO, add, cmp, div, floor as floorOf, mul, neg, rat, sub } from '../../../core/rational.js';

export interface FundingClass {
  readonly index: number;
  readonly share: ShareClass;
  /** a category of the class: every category of a class has the same floor coefficient */
  readonly category: string;
  /** source indices, ascending */
  readonly sources: readonly number[];
  /** sorted by id */
  readonly projects: readonly Project[];
  /** Σ cost, granules */
  readonly cost: bigint;
}

const SHARE_ORDER: Record<ShareClass, number> = { industry: 0, counted: 1, excluded: 2 };

export function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The classes of the projects some source may pay for, in a canonical order (not the request's). */
export function fundingClasses(lib: Library): FundingClass[] {
  const groups = new Map<string, Project[]>();
  for (const p of lib.projects) {
    if (p.eligible.length === 0) continue;
    const key = `${SHARE_ORDER[p.share]}:${p.eligible.join(',')}`;
    const g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, [p]);
  }
  const keys = [...groups.keys()].sort();
  return keys.map((key, index) => {
    const projects = groups.get(key)!.sort(byId);
    return {
      index,
      share: projects[0].share,
      category: projects[0].category,
      sources: projects[0].eligible,
      projects,
      cost: projects.reduce((s, p) => s + p.cost, 0n),
    };
  });
}

export const budgetRow = (id: string) => `source:${id}:budget`;
export const floorRow = (id: string) => `source:${id}:floor`;
export const capRow = (town: string) => `town:${town}:cap`;
const classRow = (k: number) => `class:${k}`;

/**
 * How amounts are modelled. `continuous`: partly funded projects as a fraction g_p ∈ [0, 1] of their cost,
 * t_{k,s} real. `integer`: whole granules, as small integer moves (at most `radius` granules) around a
 * continuous answer rounded down (`center`): f_p = f0_p + e_p, t_{k,s} = t0_{k,s} + d_{k,s}.
 *
 * Why both, measured at 1,000–5,000 projects: HiGHS chooses whole projects quickly with continuous amounts
 * (0.1–0.9 s at 1,000 projects to 1e-4) but stalls on integer amounts — with integer f_p still 1.6% from
 * optimal after 30 s; and t_{k,s} of ~1e9 granules (5,000 projects in 0.01万元) are beyond what its float
 * LP can make integral, so even a rounding MILP with a few such integers ran for minutes. Moves of a few
 * granules are integers it handles at once. So every solve chooses with continuous amounts, and whole
 * granules come from a small MILP around that answer with the choices fixed. Rounding loses at most a few
 * granules of partly funded projects; callers measure it against the continuous bound.
 */
export type Amounts = 'integer' | 'continuous';

/** A continuous answer rounded down to granules, and how far integer amounts may move from it. */
export interface Center {
  /** per class index, per source index */
  readonly flows: readonly (readonly bigint[])[];
  /** partly funded projects, by project index */
  readonly amounts: ReadonlyMap<number, bigint>;
  readonly radius: bigint;
}

/** The variable of a project: y (whole, binary), f (partly funded, granules) or g (partly funded, fraction). */
export const projectVar = (p: Project, amounts: Amounts) => (p.partial ? (amounts === 'integer' ? `f${p.index}` : `g${p.index}`) : `y${p.index}`);
export const flowVar = (k: number, s: number) => `t${k}_${s}`;

/** value × funded fraction as a linear term (with `integer` amounts, up to a constant). */
export function valueTerm(p: Project, value: Rational, amounts: Amounts): LpTerm {
  return [projectVar(p, amounts), p.partial && amounts === 'integer' ? div(value, rat(p.cost)) : value];
}

export interface ModelSpec {
  /** default `continuous`; `integer` needs `center` */
  readonly amounts?: Amounts;
  readonly center?: Center;
  /** per source index: the floor imposed (default each source's own); null: none */
  readonly floors?: readonly (Ratio | null)[];
  /** per source index, granules (default the budgets) */
  readonly budgets?: readonly bigint[];
  /** granules by town (default the caps) */
  readonly caps?: ReadonlyMap<string, bigint>;
  /** kind 3: every project is funded in full, so there are no project variables */
  readonly fundAll?: boolean;
  /** whole projects fixed at these values of y */
  readonly fixed?: ReadonlyMap<number, 0 | 1>;
  /** partly funded projects fixed at these amounts (granules; `integer` amounts only) */
  readonly fixedAmounts?: ReadonlyMap<number, bigint>;
  /** projects left out (funded 0): ones that cannot matter to this model's objective (portfolio.ts) */
  readonly exclude?: ReadonlySet<number>;
  readonly objective?: LpObjective;
  readonly extra?: readonly LpConstraint[];
}

/** Budgets of sources without a floor give first in explanations: more money there never hurts a floor. */
const BUDGET_WEIGHT = { plain: 1, floored: 2 };

/** A linear expression under construction: terms plus a constant (granules moved out of integer moves). */
class Expr {
  readonly terms: LpTerm[] = [];
  constant: Rational = ZERO;
  add(name: string, coefficient: bigint | Rational, constant: bigint = 0n): void {
    const c = typeof coefficient === 'bigint' ? rat(coefficient) : coefficient;
    this.terms.push([name, c]);
    if (constant !== 0n) this.constant = add(this.constant, mul(c, rat(constant)));
  }
  addConstant(x: bigint): void {
    this.constant = add(this.constant, rat(x));
  }
}

const range = (lo: bigint, hi: bigint) => ({ lower: lo, upper: hi });

/** An integer move around `at` within the radius and [0, max]. */
function move(at: bigint, max: bigint, radius: bigint) {
  return range(-(at < radius ? at : radius), max - at < radius ? max - at : radius);
}

export function buildModel(lib: Library, classes: readonly FundingClass[], spec: ModelSpec = {}): LpProblem {
  const amounts = spec.amounts ?? 'continuous';
  const center = spec.center;
  if (amounts === 'integer' && !center) throw new Error('internal: integer amounts need a center');
  const caps = spec.caps ?? lib.townCaps;
  const variables: LpVariable[] = [];
  const constraints: LpConstraint[] = [];
  const budget = lib.sources.map(() => new Expr());
  const floor = lib.sources.map(() => new Expr());
  const towns = new Map<string, Expr>();
  const floors = spec.floors ?? lib.sources.map((s) => s.floor);
  for (const k of classes) {
    const row = new Expr(); // Σ_s t_{k,s} − Σ_p funded_p = 0
    for (const p of k.projects) {
      if (spec.exclude?.has(p.index)) continue;
      const town = p.town !== null && caps.has(p.town) ? (towns.get(p.town) ?? towns.set(p.town, new Expr()).get(p.town)!) : undefined;
      const name = projectVar(p, amounts);
      let constant: bigint | undefined; // the funded amount, when it is one
      if (spec.fundAll) constant = p.cost;
      else if (!p.partial) {
        const y = spec.fixed?.get(p.index);
        // a fixed choice is a constant, not an integer: the LP behind marginal values must have none
        variables.push(y !== undefined ? { name, ...range(BigInt(y), BigInt(y)) } : { name, type: 'binary', lower: p.mandatory ? 1 : 0, upper: 1 });
        row.add(name, -p.cost);
        town?.add(name, p.cost);
      } else if (amounts === 'continuous') {
        variables.push({ name, lower: p.mandatory ? 1 : 0, upper: 1 });
        row.add(name, -p.cost);
        town?.add(name, p.cost);
      } else {
        constant = spec.fixedAmounts?.get(p.index) ?? (p.mandatory ? p.cost : undefined);
        if (constant === undefined) {
          const at = center!.amounts.get(p.index) ?? 0n;
          variables.push({ name, type: 'integer', ...move(at, p.cost, center!.radius) });
          row.add(name, -1n, at);
          town?.add(name, 1n, at);
        }
      }
      if (constant !== undefined) {
        row.addConstant(-constant);
        town?.addConstant(constant);
      }
    }
    for (const s of k.sources) {
      const t = flowVar(k.index, s);
      const at = center?.flows[k.index][s] ?? 0n;
      if (amounts === 'integer') variables.push({ name: t, type: 'integer', ...move(at, k.cost, center!.radius) });
      else variables.push({ name: t, lower: 0, upper: k.cost });
      row.add(t, 1n, at);
      budget[s].add(t, 1n, at);
      const f = floors[s];
      const c = f && floorCoefficient(lib.rule, f, k.category);
      if (c && c.num !== 0n) floor[s].add(t, c, at);
    }
    constraints.push({ name: classRow(k.index), terms: row.terms, sense: '=', rhs: neg(row.constant), elastic: false });
  }
  const rows = (name: string, e: Expr, sense: '<=' | '>=', rhs: Rational, more: Partial<LpConstraint>) => {
    if (e.terms.length > 0 || cmp(e.constant, rhs) !== 0) constraints.push({ name, terms: e.terms, sense, rhs: sub(rhs, e.constant), ...more });
  };
  lib.sources.forEach((s, i) => {
    if (budget[i].terms.length === 0) return;
    const weight = s.floor ? BUDGET_WEIGHT.floored : BUDGET_WEIGHT.plain;
    rows(budgetRow(s.id), budget[i], '<=', rat(spec.budgets?.[i] ?? s.budget), { unit: 'granules', elastic: { weight } });
    if (floors[i] && floor[i].terms.length > 0) rows(floorRow(s.id), floor[i], '>=', ZERO, { elastic: false });
  });
  for (const [town, e] of [...towns].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    rows(capRow(town), e, '<=', rat(caps.get(town)!), { unit: 'granules', elastic: { weight: 1 } });
  }
  constraints.push(...(spec.extra ?? []));
  return { variables, constraints, objective: spec.objective ?? { sense: 'max', terms: [] } };
}

/** A continuous answer rounded down to whole granules: the center of the integer moves. */
export function centerOf(lib: Library, classes: readonly FundingClass[], values: ReadonlyMap<string, Rational>, radius: bigint): Center {
  const amounts = new Map<number, bigint>();
  for (const p of lib.projects) {
    const g = p.partial ? values.get(projectVar(p, 'continuous')) : undefined;
    if (g) amounts.set(p.index, floorOf(mul(g, rat(p.cost))));
  }
  const flows = classes.map((k) => {
    const row = new Array<bigint>(lib.sources.length).fill(0n);
    for (const s of k.sources) row[s] = floorOf(values.get(flowVar(k.index, s)) ?? ZERO);
    return row;
  });
  return { flows, amounts, radius };
}

/** What source s pays per class at an `integer` solution: t_{k,s} in granules (0 where the class cannot use s). */
export function flows(classes: readonly FundingClass[], values: ReadonlyMap<string, Rational>, center: Center, sources: number): bigint[][] {
  return classes.map((k) => {
    const row = new Array<bigint>(sources).fill(0n);
    for (const s of k.sources) row[s] = center.flows[k.index][s] + whole(values.get(flowVar(k.index, s)));
    return row;
  });
}

function whole(v: Rational | undefined): bigint {
  if (!v) return 0n;
  if (v.den !== 1n) throw new Error(`internal: a granule amount came back fractional (${v.num}/${v.den})`);
  return v.num;
}

/** funded_p in granules by project index, from an `integer` solution of `spec`. */
export function fundedAmounts(lib: Library, values: ReadonlyMap<string, Rational>, spec: ModelSpec): bigint[] {
  return lib.projects.map((p) => {
    if (p.eligible.length === 0 || spec.exclude?.has(p.index)) return 0n;
    if (spec.fundAll) return p.cost;
    if (!p.partial) return whole(values.get(projectVar(p, 'integer'))) * p.cost;
    const fixed = spec.fixedAmounts?.get(p.index) ?? (p.mandatory ? p.cost : undefined);
    return fixed ?? (spec.center!.amounts.get(p.index) ?? 0n) + whole(values.get(projectVar(p, 'integer')));
  });
}

/**
 * Amounts by project and source (indices), integer granules: each class's flows split over its projects by
 * the north-west-corner rule, projects by id, sources in `order` (preference; default as listed).
 */
export function split(
  lib: Library,
  classes: readonly FundingClass[],
  funded: readonly bigint[],
  t: readonly bigint[][],
  order: readonly number[] = lib.sources.map((s) => s.index),
): bigint[][] {
  const rank = new Map(order.map((s, r) => [s, r] as const));
  const amounts = lib.projects.map(() => new Array<bigint>(lib.sources.length).fill(0n));
  for (const k of classes) {
    const sources = [...k.sources].sort((a, b) => rank.get(a)! - rank.get(b)!);
    const left = sources.map((s) => t[k.index][s]);
    let j = 0;
    for (const p of k.projects) {
      let need = funded[p.index];
      while (need > 0n) {
        while (j < sources.length && left[j] === 0n) j++;
        if (j === sources.length) throw new Error(`internal: class ${k.index} pays less than its projects cost`);
        const take = need < left[j] ? need : left[j];
        amounts[p.index][sources[j]] += take;
        left[j] -= take;
        need -= take;
      }
    }
    if (left.some((x) => x !== 0n)) throw new Error(`internal: class ${k.index} pays more than its projects cost`);
  }
  return amounts;
}

/** The industry share of what source s pays in a plan (shares.ts, the one definition). */
export function sourceShare(lib: Library, amounts: readonly (readonly bigint[])[], s: number) {
  return industryShare(
    lib.rule,
    lib.projects.map((p) => [p.category, { num: amounts[p.index][s], den: 1n }] as const),
  );
}

/**
 * The plan against every rule, in exact integers, independently of the model: a bug guard (the solver layer
 * checked the aggregated model; this checks what is returned).
 */
export function checkPlan(lib: Library, funded: readonly bigint[], amounts: readonly (readonly bigint[])[], spec: ModelSpec = {}): void {
  const problems: string[] = [];
  const floors = spec.floors ?? lib.sources.map((s) => s.floor);
  const used = lib.sources.map(() => 0n);
  const towns = new Map<string, bigint>();
  for (const p of lib.projects) {
    const f = funded[p.index];
    let sum = 0n;
    amounts[p.index].forEach((a, s) => {
      if (a < 0n) problems.push(`${p.id} gets ${a} from ${lib.sources[s].id}`);
      if (a > 0n && !p.eligible.includes(s)) problems.push(`${p.id} is paid by ${lib.sources[s].id}, which may not`);
      sum += a;
      used[s] += a;
    });
    if (sum !== f) problems.push(`${p.id}: sources pay ${sum}, funded ${f}`);
    if (f < 0n || f > p.cost || (!p.partial && f !== 0n && f !== p.cost)) problems.push(`${p.id}: funded ${f} of ${p.cost}`);
    if ((p.mandatory || spec.fundAll) && f !== p.cost) problems.push(`${p.id} must be funded in full`);
    if (p.town !== null) towns.set(p.town, (towns.get(p.town) ?? 0n) + f);
  }
  lib.sources.forEach((s, i) => {
    if (used[i] > (spec.budgets?.[i] ?? s.budget)) problems.push(`${s.id} spends ${used[i]} over its budget`);
    const floor = floors[i];
    if (floor && !meetsFloor(sourceShare(lib, amounts, i).share, floor)) problems.push(`${s.id} misses its industry floor`);
  });
  for (const [town, cap] of spec.caps ?? lib.townCaps) {
    if ((towns.get(town) ?? 0n) > cap) problems.push(`town ${town} over its cap`);
  }
  if (problems.length > 0) throw new Error(`internal: the plan breaks its rules: ${problems.join('; ')}`);
}
