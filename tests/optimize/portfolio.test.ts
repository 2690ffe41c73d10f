/**
 * Project portfolios (kind 2 of issue 4) small enough to solve by hand: each case says why its answer is
 * the optimum, and would fail with a plausible wrong rule (greedy choice, no floor, no negative list …).
 */
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/core/errors.js';
import { optimizePortfolio } from '../../src/domain/optimization/portfolio/portfolio.js';
import type { FundSourceInput, PortfolioInput, PortfolioResult, ProjectInput } from '../../src/domain/optimization/problems.js';

function portfolio(sources: FundSourceInput[], projects: ProjectInput[], extra: Partial<PortfolioInput> = {}): PortfolioInput {
  return { unit: 'wan', granularity: '1', sources, projects, objective: { maximize: { beneficiaries: '1' }, priorities: 'none' }, ...extra };
}

function project(id: string, cost: string, beneficiaries: string, more: Partial<ProjectInput> = {}): ProjectInput {
  return { id, cost, category: 'infrastructure', benefits: { beneficiaries }, ...more };
}

const chosen = (r: PortfolioResult) => r.projects.filter((p) => p.chosen).map((p) => p.id);
const row = (r: PortfolioResult, id: string) => r.projects.find((p) => p.id === id)!;
const source = (r: PortfolioResult, id: string) => r.sources.find((s) => s.id === id)!;

async function engineError(promise: Promise<unknown>): Promise<EngineError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw e;
  }
  throw new Error('expected an EngineError');
}

describe('optimal choices', () => {
  it('beats the greedy choice of a knapsack', async () => {
    // value per 万元: A 5, B and C 4.8. Greedy takes A (6) and then nothing fits (4 left); B + C fill 10 for 48.
    const r = await optimizePortfolio(
      portfolio([{ id: 'county', budget: '10' }], [project('A', '6', '30'), project('B', '5', '24'), project('C', '5', '24')]),
    );
    expect(r.solve.status).toBe('optimal');
    expect(r.solve.verified).toBe(true);
    expect(chosen(r)).toEqual(['B', 'C']);
    expect(r.totals).toEqual({ beneficiaries: '48.000000', amount: '10', count: '2', fundedProjectEquivalents: '2.000000' });
    expect(r.objective).toBe('48.000000');
    expect(r.binding.map((b) => b.id)).toEqual(['source:county:budget']);
  });

  it('lets the industry floor change the choice', async () => {
    // without a floor N1 + I1 (10) give 110; with 60%: I1 + N1 is 40% industry, and the best is I1 + I2 (30)
    const projects = [
      project('I1', '4', '10', { category: 'industry' }),
      project('I2', '5', '20', { category: 'industry' }),
      project('N1', '6', '100'),
      project('N2', '2', '5'),
    ];
    const free = await optimizePortfolio(portfolio([{ id: 'central', budget: '10' }], projects));
    expect(chosen(free)).toEqual(['I1', 'N1']);
    expect(free.totals.beneficiaries).toBe('110.000000');
    const floored = await optimizePortfolio(portfolio([{ id: 'central', budget: '10', floor: '0.6' }], projects));
    expect(chosen(floored)).toEqual(['I1', 'I2']);
    expect(floored.totals.beneficiaries).toBe('30.000000');
    expect(source(floored, 'central')).toMatchObject({
      industry: '9',
      industryShare: '1.000000000000',
      industrySharePercent: '100.00%',
      floor: '0.600000000000',
      floorPercent: '60.00%',
      floorBinding: false,
    });
  });

  it('splits a project between sources when a negative list keeps one source off another project', async () => {
    // central may not pay for management: M1 (5) is county's, so P1 (7) takes central's 6 and county's last 1
    const r = await optimizePortfolio(
      portfolio(
        [
          { id: 'central', budget: '6', forbiddenCategories: ['management'] },
          { id: 'county', budget: '6' },
        ],
        [project('M1', '5', '10', { category: 'management' }), project('P1', '7', '14')],
        { objective: { maximize: 'amount' } },
      ),
    );
    expect(chosen(r)).toEqual(['M1', 'P1']);
    expect(row(r, 'M1').bySource).toEqual({ county: '5' });
    expect(row(r, 'P1').bySource).toEqual({ central: '6', county: '1' });
  });

  it('serves priority classes in order (lexicographic) or by weight', async () => {
    // class 1's A takes the whole budget first; weighted 10:1, B + C (200) beat A (10 × 10)
    const projects = [project('A', '10', '10', { priority: 1 }), project('B', '5', '100', { priority: 3 }), project('C', '5', '100', { priority: 3 })];
    const sources = [{ id: 'county', budget: '10' }];
    const lexicographic = await optimizePortfolio(portfolio(sources, projects, { objective: { maximize: { beneficiaries: '1' } } }));
    expect(chosen(lexicographic)).toEqual(['A']);
    expect(lexicographic.priorityStages).toEqual([
      { priority: 1, value: '10.000000' },
      { priority: 3, value: '0.000000' },
    ]);
    const weighted = await optimizePortfolio(
      portfolio(sources, projects, { objective: { maximize: { beneficiaries: '1' }, priorities: 'weighted', priorityWeights: { '1': '10', '3': '1' } } }),
    );
    expect(chosen(weighted)).toEqual(['B', 'C']);
    expect(weighted.priorityStages).toBeUndefined();
    const none = await optimizePortfolio(portfolio(sources, projects));
    expect(chosen(none)).toEqual(['B', 'C']);
  });

  it('keeps a town within its cap', async () => {
    // town T may get 10: X + Y (40) beat X alone (30) and W + Y (34); Z elsewhere fills the budget
    const projects = [
      project('X', '6', '30', { town: 'T' }),
      project('Y', '4', '10', { town: 'T' }),
      project('W', '5', '24', { town: 'T' }),
      project('Z', '8', '8', { town: 'U' }),
    ];
    const r = await optimizePortfolio(portfolio([{ id: 'county', budget: '18' }], projects, { townCaps: { T: '10', nowhere: '5' } }));
    expect(chosen(r)).toEqual(['X', 'Y', 'Z']);
    expect(r.totals.beneficiaries).toBe('48.000000');
    expect(r.binding.map((b) => b.id)).toEqual(['source:county:budget', 'town:T:cap']);
    const uncapped = await optimizePortfolio(portfolio([{ id: 'county', budget: '18' }], projects));
    expect(chosen(uncapped)).toEqual(['X', 'Y', 'W']);
  });

  it('gives the leftover to a partly fundable project, in whole granules, and prices the budget at the margin', async () => {
    // A (70 for 7) first; P takes the 3.00 left of its 10.00 at 2 per 万元: 70 + 6
    const r = await optimizePortfolio(
      portfolio([{ id: 'central', budget: '10' }], [project('A', '7', '70'), project('P', '10', '20', { partial: true })], { granularity: '0.01' }),
    );
    expect(row(r, 'P')).toMatchObject({ chosen: true, amount: '3.00', share: '0.300000000000', sharePercent: '30.00%', bySource: { central: '3.00' } });
    // count: projects funded (one in full, one in part); fundedProjectEquivalents: Σ funded ÷ cost (not a count)
    expect(r.totals).toEqual({ beneficiaries: '76.000000', amount: '10.00', count: '2', fundedProjectEquivalents: '1.300000' });
    expect(r.marginalValues).toHaveLength(1);
    expect(r.marginalValues[0].source).toBe('central');
    // a decimal string with 6 decimals, not a JSON number (docs/contract.md § Numbers)
    expect(r.marginalValues[0].perUnit).toBe('2.000000');
    expect(r.marginalValues[0].en).toContain('one more 万元 of central funds buys 2 beneficiaries');
  });

  it('names a measure in Chinese text by its Chinese name, never a bare English id', async () => {
    const sources = [{ id: 'central', budget: '10' }];
    const projects = [project('A', '7', '70'), project('P', '10', '20', { partial: true })];
    const zh = async (extra: Partial<PortfolioInput>) =>
      (await optimizePortfolio(portfolio(sources, projects, { granularity: '0.01', ...extra }))).marginalValues[0].zh;
    // a common measure has its common name; the request's name wins; an unnamed one is its id, quoted
    expect(await zh({})).toContain('受益人数可增加 2');
    expect(await zh({})).not.toMatch(/[A-Za-z]{3,}/);
    expect(await zh({ measures: { beneficiaries: { zh: '受益群众', en: 'people served' } } })).toContain('受益群众可增加 2');
    const jobs = projects.map((p) => ({ ...p, benefits: { jobs: p.benefits!.beneficiaries } }));
    const quoted = await optimizePortfolio(portfolio(sources, jobs, { granularity: '0.01', objective: { maximize: { jobs: '2' }, priorities: 'none' } }));
    expect(quoted.marginalValues[0].zh).toContain('目标值（2 × “jobs”）');
    expect(quoted.marginalValues[0].en).toContain('objective points (2 × jobs)');
  });

  it('says a binding budget buys nothing at the margin when no project can be funded in part', async () => {
    const r = await optimizePortfolio(portfolio([{ id: 'county', budget: '10' }], [project('A', '6', '30'), project('B', '4', '24')]));
    expect(r.marginalValues).toEqual([expect.objectContaining({ source: 'county', perUnit: '0.000000' })]);
    expect(r.marginalValues[0].en).toContain('no partly funded project can absorb it');
  });

  it('funds a mandatory project even when another one is worth more', async () => {
    const r = await optimizePortfolio(portfolio([{ id: 'county', budget: '10' }], [project('M', '6', '1', { mandatory: true }), project('V', '10', '500')]));
    expect(chosen(r)).toEqual(['M']);
    expect(r.binding.map((b) => b.id)).toContain('project:M:mandatory');
  });

  it('flags projects of 400万元 or more for the joint drawing review', async () => {
    const wan = await optimizePortfolio(
      portfolio([{ id: 'county', budget: '0' }], [project('big', '400', '1'), project('small', '399.99', '1')], { granularity: '0.01' }),
    );
    expect(wan.projects.map((p) => p.drawingReview)).toEqual([true, false]);
    const yuan = await optimizePortfolio(
      portfolio([{ id: 'county', budget: '0' }], [project('big', '4000000', '1'), project('small', '3999999', '1')], { unit: 'yuan' }),
    );
    expect(yuan.projects.map((p) => p.drawingReview)).toEqual([true, false]);
    const custom = await optimizePortfolio(
      portfolio([{ id: 'county', budget: '0' }], [project('big', '400', '1'), project('small', '300', '1')], { drawingReviewThreshold: '300' }),
    );
    expect(custom.projects.map((p) => p.drawingReview)).toEqual([true, true]);
  });
});

describe('infeasible libraries, explained', () => {
  it('finds the largest reachable industry share: 3 of 5', async () => {
    // N1 (2, non-industry) must be funded, by central alone; the industry projects add at most 3: 3/5 = 60% < 70%
    const r = await optimizePortfolio(
      portfolio(
        [{ id: 'central', budget: '100', floor: '0.7' }],
        [
          project('N1', '2', '1', { mandatory: true }),
          project('I1', '1', '1', { category: 'industry' }),
          project('I2', '2', '1', { category: 'industry' }),
          project('X', '50', '1', { category: 'workRelief' }),
        ],
        { excludedCategories: ['workRelief'] },
      ),
    );
    expect(r.solve.status).toBe('infeasible');
    expect(r.projects).toEqual([]);
    expect(r.infeasibility!.verified).toBe(true);
    expect(r.infeasibility!.relaxations).toEqual([
      {
        id: 'source:central:floor',
        path: '/sources/0/floor',
        asked: '0.7',
        reachable: '0.6',
        measure: 'share',
        en: 'the 70% industry floor for central funds cannot be met: at most 60% is reachable with the projects in the library',
        zh: '中央资金产业发展比例不低于 70% 无法满足：现有项目库最多可达到 60%',
      },
    ]);
  });

  it('says by how much budgets fall short of the mandatory projects, then what floor is left reachable', async () => {
    // N1 (2) + I1 (3) are mandatory and central has 4: 1 short; then 3 of 5 is industry, below 70%
    const r = await optimizePortfolio(
      portfolio(
        [{ id: 'central', budget: '4', floor: '0.7' }],
        [project('N1', '2', '1', { mandatory: true }), project('I1', '3', '1', { category: 'industry', mandatory: true })],
      ),
    );
    expect(r.infeasibility!.relaxations.map((x) => [x.id, x.asked, x.reachable])).toEqual([
      ['source:central:budget', '4', '5'],
      ['source:central:floor', '0.7', '0.6'],
    ]);
    expect(r.infeasibility!.relaxations[0].en).toBe('central funds fall short by 1 万元 for the mandatory projects: a budget of 5 万元 would do');
    expect(r.infeasibility!.verified).toBe(true);
  });

  it('asks for the least extra money (sources without a floor first), then for what the floors must give', async () => {
    // 8 must be funded from 3 + 3: 2 more, from county (no floor); central then pays 3 of non-industry
    // projects, so its share is 0 whatever it does; and the town's cap of 5 is 3 short
    const r = await optimizePortfolio(
      portfolio(
        [
          { id: 'central', budget: '3', floor: '0.6' },
          { id: 'county', budget: '3' },
        ],
        [project('M1', '4', '1', { mandatory: true, town: 'T' }), project('M2', '4', '1', { mandatory: true, town: 'T' })],
        { townCaps: { T: '5' } },
      ),
    );
    expect(r.infeasibility!.relaxations.map((x) => [x.id, x.asked, x.reachable])).toEqual([
      ['source:county:budget', '3', '5'],
      ['town:T:cap', '5', '8'],
      ['source:central:floor', '0.6', '0'],
    ]);
    expect(r.infeasibility!.relaxations[2].en).toContain('at most 0% is reachable');
  });
});

describe('bad input', () => {
  const ok = () => portfolio([{ id: 'c', budget: '10' }], [project('A', '1', '1')]);

  it('names every offending field by its pointer', async () => {
    const e = await engineError(
      optimizePortfolio({
        ...ok(),
        sources: [
          { id: 'c', budget: '10' },
          { id: 'c', budget: '1.5' },
        ],
        projects: [project('A', '1', '1', { sources: ['nope'] }), project('A', '0.5', '1')],
        objective: { maximize: { beneficiaries: '-1', missing: '1' }, priorityWeights: { '4': '1' } },
      }),
    );
    expect(e.issues.map((i) => i.path).sort()).toEqual(
      [
        '/objective/maximize/beneficiaries',
        '/objective/maximize/missing',
        '/objective/priorityWeights/4',
        '/projects/0/sources/0',
        '/projects/1/cost',
        '/projects/1/id',
        '/sources/1/budget',
        '/sources/1/id',
      ].sort(),
    );
    expect(e.issues.every((i) => i.zh.length > 0)).toBe(true);
  });

  it('refuses a mandatory project no source may pay for', async () => {
    const e = await engineError(
      optimizePortfolio(portfolio([{ id: 'c', budget: '10', forbiddenCategories: ['x'] }], [project('M', '1', '1', { category: 'x', mandatory: true })])),
    );
    expect(e.issues).toEqual([expect.objectContaining({ path: '/projects/0/mandatory' })]);
    expect(e.issues[0].en).toContain('"M"');
  });

  it('caps sizes', async () => {
    const many = Array.from({ length: 5001 }, (_, i) => project(`P${i}`, '1', '1'));
    expect((await engineError(optimizePortfolio({ ...ok(), projects: many }))).issues[0].path).toBe('/projects');
    const sources = Array.from({ length: 11 }, (_, i) => ({ id: `s${i}`, budget: '1' }));
    expect((await engineError(optimizePortfolio({ ...ok(), sources }))).issues[0].path).toBe('/sources');
  });
});
