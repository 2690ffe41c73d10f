/**
 * Properties of project portfolios (kind 2) over generated small libraries (fast-check):
 * - every plan returned keeps every rule, recomputed here from the rows alone in exact arithmetic:
 *   budgets, industry floors (shares.ts industryShare, the one definition), negative lists, each project's
 *   own sources, town caps, mandatory projects, whole granules, Σ by source = funded amount;
 * - the request's project order changes nothing;
 * - with whole projects only, the optimum equals a brute-force enumeration's: every subset, best first,
 *   checked by a per-project-per-source integer model of its own (not the optimizer's class model) — for
 *   `none` and for lexicographic priority classes alike.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { portfolioLibrary } from '../../bench/portfolio-data.js';
import { parseDecimal, ratioOf, type Ratio } from '../../src/core/money.js';
import { solve, type LpConstraint, type LpProblem, type LpTerm } from '../../src/domain/optimization/index.js';
import { optimizePortfolio } from '../../src/domain/optimization/portfolio/portfolio.js';
import type { FundSourceInput, PortfolioInput, PortfolioResult, ProjectInput } from '../../src/domain/optimization/problems.js';
import { industryShare, meetsFloor } from '../../src/core/shares.js';

const CATEGORIES = ['industry', 'infrastructure', 'workRelief', 'management'] as const;
const SOURCE_IDS = ['central', 'provincial', 'county'] as const;
const RULE = { industryCategories: ['industry'], excludedCategories: ['workRelief'] };
const SOLVER = { mipRelGap: 1e-9 };

function libraryArbitrary(options: { partial: boolean; maxProjects: number }): fc.Arbitrary<PortfolioInput> {
  const source = (id: string): fc.Arbitrary<FundSourceInput> =>
    fc.record({
      id: fc.constant(id),
      budget: fc.integer({ min: 0, max: 16 }).map(String),
      floor: fc.option(fc.constantFrom('0.5', '0.6', '0.75'), { nil: undefined }),
      forbiddenCategories: fc.option(fc.subarray([...CATEGORIES], { maxLength: 2 }), { nil: undefined }),
    });
  return fc
    .record({
      nSources: fc.integer({ min: 1, max: 3 }),
      n: fc.integer({ min: 1, max: options.maxProjects }),
      granularity: fc.constantFrom('1', '0.5', '0.25'),
    })
    .chain(({ nSources, n, granularity }) => {
      const ids = SOURCE_IDS.slice(0, nSources);
      const project = (k: number): fc.Arbitrary<ProjectInput> =>
        fc.record({
          id: fc.constant(`p${k}`),
          cost: fc.integer({ min: 1, max: 9 }).map(String),
          category: fc.constantFrom(...CATEGORIES),
          sources: fc.option(fc.subarray([...ids], { minLength: 1 }), { nil: undefined, freq: 3 }),
          priority: fc.option(fc.constantFrom(1 as const, 2 as const, 3 as const), { nil: undefined }),
          town: fc.option(fc.constantFrom('T1', 'T2'), { nil: undefined }),
          partial: options.partial ? fc.boolean() : fc.constant(undefined),
          mandatory: fc.option(fc.constant(true), { nil: undefined, freq: 6 }),
          benefits: fc.record({ beneficiaries: fc.integer({ min: 0, max: 30 }).map(String) }),
        });
      return fc.record({
        unit: fc.constant('wan' as const),
        granularity: fc.constant(granularity),
        sources: fc.tuple(...ids.map(source)),
        projects: fc.tuple(...Array.from({ length: n }, (_, k) => project(k))),
        objective: fc.constantFrom<PortfolioInput['objective']>(
          { maximize: { beneficiaries: '1' }, priorities: 'none' },
          { maximize: { beneficiaries: '1' } },
          { maximize: { beneficiaries: '2' }, priorities: 'weighted', priorityWeights: { '1': '5', '3': '0.5' } },
          { maximize: 'amount', priorities: 'none' },
          { maximize: 'count' },
        ),
        excludedCategories: fc.constant(RULE.excludedCategories),
        townCaps: fc.option(fc.record({ T1: fc.integer({ min: 0, max: 15 }).map(String) }), { nil: undefined }),
        solver: fc.constant(SOLVER),
      });
    })
    .map((input) => ({
      // a mandatory project no source may pay for is refused as bad input (portfolio.test.ts)
      ...input,
      projects: input.projects.map((p) => (p.mandatory && eligible(input, p).length === 0 ? { ...p, mandatory: undefined } : p)),
    }));
}

const exact = (text: string): Ratio => ratioOf(parseDecimal(text)!);
const cmpR = (a: Ratio, b: Ratio) => {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
};
const addR = (a: Ratio, b: Ratio): Ratio => ({ num: a.num * b.den + b.num * a.den, den: a.den * b.den });
const ZERO: Ratio = { num: 0n, den: 1n };

/** The sources a project may be paid by: its own list, minus sources whose negative list has its category. */
function eligible(input: PortfolioInput, p: ProjectInput): string[] {
  return input.sources
    .filter((s) => (p.sources ?? input.sources.map((x) => x.id)).includes(s.id) && !(s.forbiddenCategories ?? []).includes(p.category))
    .map((s) => s.id);
}

/** Every rule, from the rows alone. */
function expectKeepsEveryRule(input: PortfolioInput, r: PortfolioResult): void {
  const g = exact(input.granularity);
  const used = new Map<string, Ratio>();
  const bySourceCategory = new Map<string, [string, Ratio][]>();
  const towns = new Map<string, Ratio>();
  expect(r.projects.map((p) => p.id)).toEqual(input.projects.map((p) => p.id));
  r.projects.forEach((row, i) => {
    const p = input.projects[i];
    const amount = exact(row.amount);
    const cost = exact(p.cost);
    // whole granules
    expect((amount.num * g.den) % (g.num * amount.den)).toBe(0n);
    let sum = ZERO;
    for (const [s, text] of Object.entries(row.bySource)) {
      const a = exact(text);
      expect(a.num > 0n).toBe(true);
      expect((a.num * g.den) % (g.num * a.den)).toBe(0n);
      expect(eligible(input, p)).toContain(s);
      sum = addR(sum, a);
      used.set(s, addR(used.get(s) ?? ZERO, a));
      bySourceCategory.set(s, [...(bySourceCategory.get(s) ?? []), [p.category, a]]);
    }
    expect(cmpR(sum, amount)).toBe(0);
    expect(cmpR(amount, cost)).toBeLessThanOrEqual(0);
    if (!p.partial) expect(amount.num === 0n || cmpR(amount, cost) === 0).toBe(true);
    if (p.mandatory) expect(cmpR(amount, cost)).toBe(0);
    if (p.town) towns.set(p.town, addR(towns.get(p.town) ?? ZERO, amount));
  });
  for (const s of input.sources) {
    const u = used.get(s.id) ?? ZERO;
    expect(cmpR(u, exact(s.budget))).toBeLessThanOrEqual(0);
    expect(cmpR(exact(r.sources.find((x) => x.id === s.id)!.used), u)).toBe(0);
    if (s.floor) {
      const share = industryShare(RULE, bySourceCategory.get(s.id) ?? []);
      expect(meetsFloor(share.share, exact(s.floor))).toBe(true);
    }
  }
  for (const [town, cap] of Object.entries(input.townCaps ?? {})) {
    expect(cmpR(towns.get(town) ?? ZERO, exact(cap))).toBeLessThanOrEqual(0);
  }
}

/**
 * Can exactly these projects be funded in full? Its own model: an integer amount per project and eligible
 * source (granules), budgets, floors written as industry − floor·base ≥ 0, town caps on the costs.
 */
async function fundable(input: PortfolioInput, subset: readonly ProjectInput[]): Promise<boolean> {
  const g = exact(input.granularity);
  const granules = (text: string) => {
    const x = exact(text);
    return (x.num * g.den) / (x.den * g.num);
  };
  for (const [town, cap] of Object.entries(input.townCaps ?? {})) {
    const total = subset.filter((p) => p.town === town).reduce((s, p) => s + granules(p.cost), 0n);
    if (total > granules(cap)) return false;
  }
  if (subset.some((p) => eligible(input, p).length === 0)) return false;
  const variables = subset.flatMap((p) => eligible(input, p).map((s) => ({ name: `${p.id}|${s}`, type: 'integer' as const })));
  const constraints: LpConstraint[] = subset.map((p) => ({
    name: `cost ${p.id}`,
    terms: eligible(input, p).map((s) => [`${p.id}|${s}`, 1] as LpTerm),
    sense: '=',
    rhs: granules(p.cost),
  }));
  for (const s of input.sources) {
    const paid = subset.filter((p) => eligible(input, p).includes(s.id));
    constraints.push({ name: `budget ${s.id}`, terms: paid.map((p) => [`${p.id}|${s.id}`, 1]), sense: '<=', rhs: granules(s.budget) });
    if (s.floor) {
      const f = exact(s.floor);
      const coefficient = (c: string) => {
        const industry = c === 'industry' ? 1n : 0n;
        const base = RULE.excludedCategories.includes(c) ? 0n : 1n;
        return { num: industry * f.den - base * f.num, den: f.den };
      };
      constraints.push({ name: `floor ${s.id}`, terms: paid.map((p) => [`${p.id}|${s.id}`, coefficient(p.category)]), sense: '>=', rhs: 0 });
    }
  }
  const problem: LpProblem = { variables, constraints, objective: { sense: 'min', terms: [] } };
  const r = await solve(problem, { explain: false });
  expect(['optimal', 'infeasible']).toContain(r.status);
  return r.status === 'optimal';
}

/** The best subset by brute force: values per class in lexicographic order (or one total), best first. */
async function bruteForce(input: PortfolioInput, lexicographic: boolean): Promise<number[] | null> {
  const n = input.projects.length;
  const key = (mask: number) => {
    const v = [0, 0, 0, 0];
    input.projects.forEach((p, i) => {
      if (mask & (1 << i)) v[lexicographic ? (p.priority ?? 4) - 1 : 0] += Number(p.benefits!.beneficiaries);
    });
    return lexicographic ? v : [v[0]];
  };
  const better = (a: number[], b: number[]) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return b[i] - a[i];
    return 0;
  };
  const masks = Array.from({ length: 1 << n }, (_, m) => m)
    .filter((m) => input.projects.every((p, i) => !p.mandatory || m & (1 << i)))
    .sort((a, b) => better(key(a), key(b)));
  for (const m of masks) {
    if (
      await fundable(
        input,
        input.projects.filter((_, i) => m & (1 << i)),
      )
    )
      return key(m);
  }
  return null;
}

function classValues(input: PortfolioInput, r: PortfolioResult, lexicographic: boolean): number[] {
  const v = [0, 0, 0, 0];
  r.projects.forEach((row, i) => {
    const p = input.projects[i];
    if (row.chosen) v[lexicographic ? (p.priority ?? 4) - 1 : 0] += Number(p.benefits!.beneficiaries);
  });
  return lexicographic ? v : [v[0]];
}

describe('portfolio properties', () => {
  it('every plan keeps every rule, exactly', async () => {
    await fc.assert(
      fc.asyncProperty(libraryArbitrary({ partial: true, maxProjects: 8 }), async (input) => {
        const r = await optimizePortfolio(input);
        if (r.solve.status === 'infeasible') {
          expect(input.projects.some((p) => p.mandatory)).toBe(true);
          expect(r.infeasibility!.relaxations.length).toBeGreaterThan(0);
          expect(r.infeasibility!.verified).toBe(true);
          return;
        }
        expect(r.solve.status).toBe('optimal');
        expectKeepsEveryRule(input, r);
      }),
      { numRuns: 150 },
    );
  });

  it('does not depend on the order of the projects', async () => {
    await fc.assert(
      fc.asyncProperty(
        libraryArbitrary({ partial: true, maxProjects: 8 }),
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        async (input, randoms) => {
          const keys = input.projects.map(() => randoms.next().value);
          const shuffled = {
            ...input,
            projects: input.projects
              .map((p, i) => [p, keys[i]] as const)
              .sort((a, b) => a[1] - b[1])
              .map(([p]) => p),
          };
          const [a, b] = [await optimizePortfolio(input), await optimizePortfolio(shuffled)];
          expect(b.solve.status).toBe(a.solve.status);
          expect(b.totals).toEqual(a.totals);
          const byId = (r: PortfolioResult) => [...r.projects].sort((x, y) => (x.id < y.id ? -1 : 1));
          expect(byId(b)).toEqual(byId(a));
          expect(b.sources).toEqual(a.sources);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('a generated 300-project library (bench/portfolio-data.ts) keeps every rule, each priority mode', async () => {
    for (const priorities of ['lexicographic', 'weighted', 'none'] as const) {
      const input = portfolioLibrary(300, 7, { townCaps: 'many' });
      const request = { ...input, objective: { ...input.objective, priorities, priorityWeights: { '1': '4', '2': '2' } } };
      const r = await optimizePortfolio(request);
      expect(r.solve.status).toBe('optimal');
      expect(r.solve.gap!).toBeLessThanOrEqual(1e-4);
      expectKeepsEveryRule(request, r);
    }
  });

  it.each([
    ['none', false],
    ['lexicographic', true],
  ] as const)('whole projects: the optimum (%s) equals a brute-force enumeration', async (priorities, lexicographic) => {
    await fc.assert(
      fc.asyncProperty(libraryArbitrary({ partial: false, maxProjects: 7 }), async (input) => {
        const request = { ...input, objective: { maximize: { beneficiaries: '1' }, priorities } };
        const [r, best] = [await optimizePortfolio(request), await bruteForce(input, lexicographic)];
        if (best === null) {
          expect(r.solve.status).toBe('infeasible');
          return;
        }
        expect(r.solve.status).toBe('optimal');
        expect(classValues(input, r, lexicographic)).toEqual(best);
      }),
      { numRuns: 100 },
    );
  });
});
