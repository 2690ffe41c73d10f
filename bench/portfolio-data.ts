/**
 * A realistic project library (项目库) for the portfolio optimizer (kind 2 of issue 4), deterministic from a
 * seed: costs 10–800万元 with 2 decimals (most small), three sources (central, provincial, county) whose
 * budgets together cover ~40% of the library, central floor 60% and provincial 50%, ~45% industry
 * projects, 以工代赈 left out of the share's base, a negative list, some projects limited to some sources,
 * ~10% partly fundable, ~1% mandatory, priority classes mixed, towns (some capped), and two benefit measures.
 */
import type { FundSourceInput, PortfolioInput, ProjectInput } from '../src/domain/optimization/problems.js';
import { rng } from './optimize-problems.js';

/** A value drawn from a table of [value, probability] (the probabilities add up to 1). */
export function pick<T>(r: () => number, table: readonly (readonly [T, number])[]): T {
  let u = r();
  for (const [v, w] of table) {
    if (u < w) return v;
    u -= w;
  }
  return table[table.length - 1][0];
}

const CATEGORIES = [
  ['industry', 0.45],
  ['infrastructure', 0.3],
  ['workRelief', 0.1], // 以工代赈: out of the industry share's base
  ['training', 0.1],
  ['management', 0.05], // on central funds' negative list
] as const;

const PRIORITIES = [
  [1, 0.15],
  [2, 0.08],
  [3, 0.2],
  [undefined, 0.57],
] as const;

const SOURCE_LISTS: readonly (readonly [readonly string[] | undefined, number])[] = [
  [undefined, 0.85],
  [['county'], 0.08],
  [['central', 'provincial'], 0.07],
];

const wan = (cents: number) => (cents / 100).toFixed(2);

/**
 * Town caps: `some` (default) caps every 4th town at 40% of its projects' cost, which binds in most of
 * them; `many` caps every 2nd at 35% (the hard case: each binding cap leaves a fractional project in the
 * LP relaxation that branch and cut must close); `none` has no caps.
 */
export interface LibraryOptions {
  readonly townCaps?: 'none' | 'some' | 'many';
}

export function portfolioLibrary(n: number, seed = 1, options: LibraryOptions = {}): PortfolioInput {
  const r = rng(seed);
  const towns = Math.max(5, Math.round(n / 25));
  const projects: ProjectInput[] = [];
  const townCost = new Array<number>(towns).fill(0);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const cents = 1000 + Math.floor(r() * r() * 79000) * 100 + Math.floor(r() * 100); // 10.00–800.00万元
    const category = pick(r, CATEGORIES);
    const town = Math.floor(r() * towns);
    const mandatory = r() < 0.01 && cents < 20000;
    const sources = pick(r, SOURCE_LISTS);
    total += cents;
    townCost[town] += cents;
    projects.push({
      id: `P${String(i + 1).padStart(5, '0')}`,
      cost: wan(cents),
      category,
      sources: sources ? [...sources] : undefined,
      priority: pick(r, PRIORITIES),
      town: `T${town + 1}`,
      partial: !mandatory && r() < 0.1 ? true : undefined,
      mandatory: mandatory ? true : undefined,
      benefits: {
        beneficiaries: String(Math.round((cents / 100) * (2 + 18 * r()))),
        monitoredHouseholds: String(Math.round((cents / 100) * 0.5 * r())),
      },
    });
  }
  const budget = (share: number) => wan(Math.round(total * 0.4 * share));
  const sources: FundSourceInput[] = [
    { id: 'central', budget: budget(0.5), floor: '0.6', forbiddenCategories: ['management'] },
    { id: 'provincial', budget: budget(0.3), floor: '0.5' },
    { id: 'county', budget: budget(0.2) },
  ];
  const townCaps: Record<string, string> = {};
  const caps = options.townCaps ?? 'some';
  const [every, share] = caps === 'many' ? [2, 0.35] : [4, 0.4];
  townCost.forEach((c, t) => {
    if (caps !== 'none' && t % every === 0) townCaps[`T${t + 1}`] = wan(Math.round(c * share));
  });
  return {
    unit: 'wan',
    granularity: '0.01',
    sources,
    projects,
    objective: { maximize: { beneficiaries: '1', monitoredHouseholds: '10' } },
    excludedCategories: ['workRelief'],
    townCaps,
  };
}
