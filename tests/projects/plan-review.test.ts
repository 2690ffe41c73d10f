/**
 * The annual plan review (seed 003 §10, with §二1's industry floors, §7–8's entry rules and seed 002's 400万元
 * drawing review). Expected shares and amounts worked out by hand; floors from the built-in industry-share model
 * (central 60% from 2023, step 0; provincial 50%).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { industryShareModel } from '../../src/api/models/catalog.js';
import { planReview } from '../../src/domain/projects/planReview.js';
import type { StoredProject } from '../../src/schema/projects.js';
import { project, SICHUAN } from './checks-fixtures.js';

const POLICY = industryShareModel('sichuan')!.policy;
const review = (list: StoredProject[], year = 2025, unit: 'wan' | 'yuan' = 'wan') => planReview(list, SICHUAN, { year, unit, policy: POLICY });
const planned = (id: string, over: Partial<StoredProject> = {}) => project({ id, status: 'planned', year: 2025, ...over });

describe('the industry share of each source against its floor', () => {
  it('central below 60%: 119.99 industry of 200 → the plan-level finding with the exact share 0.59995 (59.995%, never shown as 60.00%)', () => {
    const { rows, summary } = review([
      planned('I', { amount: '119.99' }),
      planned('R', {
        amount: '80.01',
        category: 'infrastructure',
        targets: { output: [{ name: '道路', value: '2', unit: '公里' }], effect: [{ name: '受益', value: '50', unit: '户' }] },
      }),
    ]);
    const plan = rows.filter((r) => r.project === null);
    expect(plan).toEqual([
      expect.objectContaining({
        check: 'industry-share',
        source: 'central',
        amount: '200',
        share: '0.599950000000',
        floor: '0.600000000000',
        name: null,
        category: null,
      }),
    ]);
    expect(plan[0].en).toContain('59.995% (0.599950000000) (119.99 of 200 万元), below the floor of 60.00%');
    expect(plan[0].zh).toContain('低于 60.00% 的下限');
    expect(summary.sources[0]).toEqual({
      id: 'central',
      amount: '200',
      industry: '119.99',
      share: '0.599950000000',
      sharePercent: '59.995%',
      floor: '0.600000000000',
      floorPercent: '60.00%',
      meets: false,
    });
    expect(summary).toMatchObject({ year: 2025, projects: 2, amount: '200', findings: 1, flagged: 0 });
  });

  it('exactly 60% central and 50% provincial meet their floors; city and county have none; several sources count for no source', () => {
    const { rows, summary } = review([
      planned('C1', { amount: '60' }),
      planned('C2', {
        amount: '40',
        category: 'employment',
        targets: { output: [{ name: '培训', value: '40', unit: '人' }], effect: [{ name: '就业', value: '20', unit: '人' }] },
      }),
      planned('P1', { amount: '50', sources: ['provincial'] }),
      planned('P2', {
        amount: '50',
        sources: ['provincial'],
        category: 'household',
        targets: { output: [{ name: '到户', value: '10', unit: '户' }], effect: [{ name: '增收', value: '10', unit: '户' }] },
      }),
      planned('K', {
        amount: '30',
        sources: ['county'],
        category: 'employment',
        targets: { output: [{ name: '培训', value: '30', unit: '人' }], effect: [{ name: '就业', value: '9', unit: '人' }] },
      }),
      planned('M', {
        amount: '1000',
        drawingReviewed: true,
        sources: ['central', 'county'],
        category: 'employment',
        targets: { output: [{ name: '培训', value: '1000', unit: '人' }], effect: [{ name: '就业', value: '9', unit: '人' }] },
      }),
    ]);
    expect(rows).toEqual([]);
    expect(summary.sources.map((s) => [s.id, s.amount, s.industry, s.sharePercent, s.floorPercent, s.meets])).toEqual([
      ['central', '100', '60', '60.00%', '60.00%', true],
      ['provincial', '100', '50', '50.00%', '50.00%', true],
      ['city', '0', '0', null, null, null],
      ['county', '30', '0', '0.00%', null, null],
    ]);
    expect(summary.unattributed).toEqual({ projects: 1, amount: '1000' });
    expect(summary.amount).toBe('1230');
  });

  it('the plan is the year’s planned and implementing projects: other years, reserve and completed ones are not in it', () => {
    const { summary } = review([
      planned('A', { amount: '10' }),
      planned('B', { amount: '20', status: 'implementing' }),
      planned('C', { amount: '40', year: 2024 }),
      project({ id: 'D', amount: '80', year: 2025 }),
      planned('E', { amount: '160', status: 'completed' }),
    ]);
    expect(summary).toMatchObject({ projects: 2, amount: '30' });
  });

  it('a source with a floor and nothing planned has no share, so meets is null, not a pass (audit 15 #15)', () => {
    const { rows, summary } = review([planned('C1', { amount: '60' })]);
    expect(rows).toEqual([]);
    expect(summary.sources.find((s) => s.id === 'provincial')).toMatchObject({ amount: '0', share: null, floor: '0.500000000000', meets: null });
    expect(summary.sources.find((s) => s.id === 'central')).toMatchObject({ amount: '60', meets: true });
  });

  it('before the central floor starts (2022) the central source has no floor', () => {
    const { rows, summary } = review(
      [
        planned('R', {
          year: 2022,
          category: 'infrastructure',
          targets: { output: [{ name: '道路', value: '2', unit: '公里' }], effect: [{ name: '受益', value: '5', unit: '户' }] },
        }),
      ],
      2022,
    );
    expect(rows).toEqual([]);
    expect(summary.sources[0]).toMatchObject({ id: 'central', share: '0.000000000000', floor: null, meets: null });
  });
});

describe('per project', () => {
  it('entry reasons, indicator findings, the drawing review and missing sources, in that order', () => {
    const p = planned('X', {
      amount: '400',
      feasibilityReviewed: false,
      sources: undefined,
      targets: { output: [{ name: '道路', value: '2', unit: '公里' }], effect: [{ name: '受益', value: '5', unit: '户' }] },
    });
    const { rows, summary } = review([p]);
    expect(rows.map((r) => [r.project, r.check, r.indicator])).toEqual([
      ['X', 'entry-no-feasibility', null],
      ['X', 'unit-mismatch', '道路'],
      ['X', 'drawing-review', null],
      ['X', 'no-sources', null],
    ]);
    expect(rows[2].en).toContain('(400 万元) is at least 400 万元');
    expect(summary).toMatchObject({ projects: 1, findings: 4, flagged: 1, unattributed: { projects: 1, amount: '400' } });
  });

  it('the negative list and no targets are findings of the plan too', () => {
    const { rows } = review([planned('N', { name: '村委会办公楼维修' }), planned('T', { targets: undefined })]);
    expect(rows.map((r) => [r.project, r.check])).toEqual([
      ['N', 'entry-negative-list'],
      ['T', 'entry-no-targets'],
      ['T', 'blank-core'],
    ]);
  });

  it('400万元: 399.99 is below; with the drawing review passed there is no finding; a library in 元 converts (×10,000)', () => {
    expect(review([planned('A', { amount: '399.99' })]).rows).toEqual([]);
    expect(review([planned('A', { amount: '5000', drawingReviewed: true })]).rows).toEqual([]);
    const yuan = review([planned('Y', { amount: '4000000' }), planned('Z', { amount: '3999999.99' })], 2025, 'yuan');
    expect(yuan.rows.map((r) => [r.project, r.check])).toEqual([['Y', 'drawing-review']]);
    expect(yuan.rows[0].zh).toContain('达到4000000元，'); // as matching words it: 达到400万元 (audit 15 #13)
    expect(yuan.rows[0].zh).not.toContain('以上');
    expect(review([planned('W', { amount: '400' })]).rows[0].zh).toContain('项目投资（400万元）达到400万元，');
  });

  it('unit costs are judged against every project given (not only the plan), findings kept for the plan only', () => {
    const reserve = (id: string) => project({ id, amount: '10' }); // 0.1 万元/亩
    const { rows } = review([reserve('R1'), reserve('R2'), planned('P', { amount: '50' }), project({ id: 'Q', amount: '90' })]);
    // costs 0.1, 0.1, 0.5, 0.9: median 0.3, bounds [0.1, 0.9]: R1, R2 and Q are on the bounds; P (0.5) is in
    expect(rows).toEqual([]);
    const { rows: out } = review([reserve('R1'), reserve('R2'), reserve('R3'), planned('P', { amount: '50' })]);
    // costs 0.1, 0.1, 0.1, 0.5: median 0.1: P is above 0.3 (the reserve projects are peers, not in the plan)
    expect(out.map((r) => [r.project, r.check, r.indicator])).toEqual([['P', 'unit-cost-outlier', '新建基地']]);
  });
});

describe('properties', () => {
  it('the findings do not depend on the order of the projects', () => {
    const arb = fc.array(
      fc.record({
        amount: fc.integer({ min: 1, max: 800 }),
        category: fc.constantFrom('industry', 'infrastructure', 'employment'),
        source: fc.constantFrom('central', 'provincial', 'county', 'both', 'none'),
        status: fc.constantFrom('planned', 'implementing', 'reserve'),
        drawing: fc.boolean(),
      }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(
        arb.map((rs) =>
          rs.map((r, i) =>
            project({
              id: `P${i}`,
              amount: String(r.amount),
              category: r.category,
              status: r.status as StoredProject['status'],
              year: 2025,
              drawingReviewed: r.drawing,
              sources: r.source === 'none' ? undefined : r.source === 'both' ? ['central', 'county'] : [r.source],
            }),
          ),
        ),
        fc.nat(),
        (list, seed) => {
          const shuffled = [...list].sort((a, b) => ((Number(a.id.slice(1)) * 7919 + seed) % 97) - ((Number(b.id.slice(1)) * 7919 + seed) % 97));
          const key = (r: ReturnType<typeof review>) => [r.rows.map((x) => JSON.stringify(x)).sort(), JSON.stringify({ ...r.summary })];
          expect(key(review(shuffled))).toEqual(key(review(list)));
          // an independent sum of the plan amounts
          const inPlan = list.filter((p) => p.status !== 'reserve');
          expect(review(list).summary.amount).toBe(String(inPlan.reduce((s, p) => s + Number(p.amount), 0)));
        },
      ),
      { numRuns: 200 },
    );
  });
});
