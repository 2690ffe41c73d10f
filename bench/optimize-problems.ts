/**
 * Instance generators for the optimizer measurements (bench/optimize-backends.ts) and tests: deterministic
 * from a seed, amounts in yuan / 万元 as planners write them (so scaling matters).
 */
import type { LpConstraint, LpProblem, LpTerm, LpVariable } from '../src/domain/optimization/index.js';

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function allocationLp(n: number, seed = 1): LpProblem {
  const r = rng(seed);
  const regions = Math.max(2, Math.floor(n / 2));
  const total = 1_000_000_000 + Math.floor(r() * 1e8);
  const weights = Array.from({ length: regions }, () => 0.2 + r());
  const sum = weights.reduce((a, b) => a + b, 0);
  const variables: LpVariable[] = [];
  const constraints: LpConstraint[] = [];
  const objective: LpTerm[] = [];
  const all: LpTerm[] = [];
  const groupA: LpTerm[] = [];
  const groupB: LpTerm[] = [];
  for (let i = 0; i < regions; i++) {
    const target = Math.round((total * weights[i]) / sum);
    const floor = Math.round(target * (0.5 + 0.4 * r()));
    const cap = Math.round(target * (1.05 + 0.5 * r()));
    variables.push({ name: `x${i}`, lower: floor, upper: cap }, { name: `d${i}`, lower: 0 });
    constraints.push(
      {
        name: `over${i}`,
        terms: [
          [`d${i}`, 1],
          [`x${i}`, -1],
        ],
        sense: '>=',
        rhs: -target,
        elastic: false,
      },
      {
        name: `under${i}`,
        terms: [
          [`d${i}`, 1],
          [`x${i}`, 1],
        ],
        sense: '>=',
        rhs: target,
        elastic: false,
      },
    );
    objective.push([`d${i}`, (1 / target).toPrecision(6)]);
    all.push([`x${i}`, 1]);
    if (i % 3 === 0) groupA.push([`x${i}`, 1]);
    if (i % 5 === 1) groupB.push([`x${i}`, 1]);
  }
  constraints.push(
    { name: 'total', terms: all, sense: '=', rhs: total },
    { name: 'groupA', terms: groupA, sense: '>=', rhs: Math.round(total * 0.36) },
    { name: 'groupB', terms: groupB, sense: '<=', rhs: Math.round(total * 0.18) },
  );
  return { variables, constraints, objective: { sense: 'min', terms: objective } };
}

export function portfolioMilp(n: number, seed = 1): LpProblem {
  const r = rng(seed);
  const variables: LpVariable[] = [];
  const central: LpTerm[] = [];
  const provincial: LpTerm[] = [];
  const industry: LpTerm[] = [];
  const objective: LpTerm[] = [];
  let costSum = 0;
  for (let j = 0; j < n; j++) {
    const cost = 50 + Math.floor(r() * 950); // 万元
    costSum += cost;
    variables.push({ name: `p${j}`, type: 'binary' });
    central.push([`p${j}`, Math.round(cost * (0.4 + 0.4 * r()))]);
    provincial.push([`p${j}`, cost]);
    const isIndustry = r() < 0.5;
    industry.push([`p${j}`, isIndustry ? Math.round(cost * 0.4) : -Math.round(cost * 0.6)]);
    objective.push([`p${j}`, Math.round(cost * (0.5 + r()) * 10)]);
  }
  return {
    variables,
    constraints: [
      { name: 'central', terms: central, sense: '<=', rhs: Math.round(costSum * 0.3) },
      { name: 'provincial', terms: provincial, sense: '<=', rhs: Math.round(costSum * 0.45) },
      { name: 'industryFloor', terms: industry, sense: '>=', rhs: 0 },
    ],
    objective: { sense: 'max', terms: objective },
  };
}

/**
 * Projects that may be partly funded, amounts in yuan (1e7–5e8 each): amount a_j, and with `integer` a
 * yes/no y_j with a_j ≤ cost_j·y_j and a_j ≥ cost_j/2·y_j (funded at least half, or not at all); a budget,
 * an industry share ≥ 40% written as Σ(0.4 or −0.6)·a_j ≥ 0, a minimum spend. Rows mix 1 and 1e8.
 */
export function partialFundingProblem(n: number, seed: number, integer: boolean): LpProblem {
  const r = rng(seed);
  const variables: LpVariable[] = [];
  const constraints: LpConstraint[] = [];
  const budget: LpTerm[] = [];
  const share: LpTerm[] = [];
  const objective: LpTerm[] = [];
  let total = 0;
  for (let j = 0; j < n; j++) {
    const cost = Math.round((1 + r() * 50) * 1e7); // 1e7..5e8 yuan
    total += cost;
    variables.push({ name: `a${j}` });
    if (integer) {
      variables.push({ name: `y${j}`, type: 'binary' });
      constraints.push({
        name: `link${j}`,
        terms: [
          [`a${j}`, 1],
          [`y${j}`, -cost],
        ],
        sense: '<=',
        rhs: 0,
      });
      constraints.push({
        name: `min${j}`,
        terms: [
          [`a${j}`, 1],
          [`y${j}`, -Math.round(cost * 0.5)],
        ],
        sense: '>=',
        rhs: 0,
      });
      objective.push([`y${j}`, Math.round(r() * 1000)]);
    } else {
      variables[variables.length - 1] = { name: `a${j}`, upper: cost };
    }
    budget.push([`a${j}`, 1]);
    const ind = r() < 0.5;
    share.push([`a${j}`, ind ? 0.4 : -0.6]);
    objective.push([`a${j}`, (r() * 3).toFixed(4)]);
  }
  constraints.push({ name: 'budget', terms: budget, sense: '<=', rhs: Math.round(total * (0.2 + 0.5 * r())) });
  constraints.push({ name: 'industry', terms: share, sense: '>=', rhs: 0 });
  constraints.push({ name: 'spendAtLeast', terms: budget, sense: '>=', rhs: Math.round(total * 0.1) });
  return { variables, constraints, objective: { sense: 'max', terms: objective } };
}

/**
 * A 0/1 knapsack of n items with weights 1000–1996 and values one to three above them, capacity half the
 * weight: nearly equal value densities, so branch and bound needs many nodes (tests stop it at one).
 */
export function hardKnapsack(n: number): LpProblem {
  const w = Array.from({ length: n }, (_, i) => 1000 + ((i * 7919) % 997));
  return {
    variables: w.map((_, i) => ({ name: `x${i}`, type: 'binary' })),
    constraints: [{ name: 'cap', terms: w.map((c, i): LpTerm => [`x${i}`, c]), sense: '<=', rhs: Math.floor(w.reduce((a, b) => a + b) / 2) }],
    objective: { sense: 'max', terms: w.map((c, i): LpTerm => [`x${i}`, c + 1 + (i % 3)]) },
  };
}
