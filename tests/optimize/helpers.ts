/** Builders and checks shared by the optimizer tests. */
import { expect } from 'vitest';
import { checkExactly, compile, rat, type LpProblem, type Rational, type SolveResult } from '../../src/domain/optimization/index.js';

export const BACKENDS = ['jslp', 'highs'] as const;

/** a/b as a rational, for expectations. */
export function q(num: number | bigint, den: number | bigint = 1): Rational {
  return rat(BigInt(num), BigInt(den));
}

export function value(result: SolveResult, name: string): Rational {
  const v = result.solution?.values.get(name);
  if (!v) throw new Error(`no value for ${name} (status ${result.status})`);
  return v;
}

/** The solution, if any, satisfies every bound, integrality and constraint of the problem exactly. */
export function expectExactlyFeasible(problem: LpProblem, result: SolveResult): void {
  if (!result.solution) return;
  const compiled = compile(problem);
  const x = compiled.names.map((name) => result.solution!.values.get(name)!);
  expect(checkExactly(compiled, x)).toEqual([]);
}

export function ratio(r: Rational): number {
  return Number(r.num) / Number(r.den);
}
