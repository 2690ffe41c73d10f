/**
 * Batch matching after audit 15: the amounts the optimizer computes exactly (10^11 granules, no cost above the
 * batch), the batch date against enteredOn, the batch amount read as every decimal of the service, the
 * request's floor, the tie-break among equally valued projects, the empty plan year, the Chinese names of fund
 * sources. Expected results are worked out by hand from the rules.
 */
import { describe, expect, test } from 'vitest';
import { industryShareModel, projectsModel } from '../../src/api/models/catalog.js';
import { MATCHING_MAX_GRANULES, matchBatch, type MatchingInput, type MatchingResult, type MatchRow } from '../../src/domain/projects/matching.js';
import type { StoredProject } from '../../src/schema/projects.js';

const model = projectsModel('sichuan')!;
const policy = industryShareModel('sichuan')!.policy;

const project = (id: string, extra: Partial<Omit<StoredProject, 'id'>> = {}): StoredProject => ({
  id,
  name: `项目${id}`,
  category: 'industry',
  amount: '100',
  status: 'planned',
  year: 2025,
  enteredOn: '2024-09-15',
  changedIn: 1,
  ...extra,
});

const run = (projects: StoredProject[], batch: Partial<MatchingInput['batch']> & { amount: string }, more: Partial<MatchingInput> = {}) =>
  matchBatch({ projects, model, policy, unit: 'wan', year: 2025, batch: { source: 'county', date: '2025-04-01', ...batch }, ...more });

async function match(projects: StoredProject[], batch: Partial<MatchingInput['batch']> & { amount: string }, more: Partial<MatchingInput> = {}) {
  const out = await run(projects, batch, more);
  if ('issues' in out) throw new Error(`unexpected issues: ${JSON.stringify(out.issues)}`);
  return out;
}

async function problems(projects: StoredProject[], batch: Partial<MatchingInput['batch']> & { amount: string }, more: Partial<MatchingInput> = {}) {
  const out = await run(projects, batch, more);
  if (!('issues' in out)) throw new Error('expected issues');
  return out.issues;
}

const byId = (r: MatchingResult) => Object.fromEntries(r.rows.map((row) => [row.id, row])) as Record<string, MatchRow>;

describe('amounts the optimizer computes exactly', () => {
  test("a need of 10^9 granules beside a batch of one granule no longer hides the small project that fits (the audit's H1/H2)", async () => {
    // H1 10^7 万元 (10^9 granules: the most allowed) can never be paid by a batch of 0.01; H2 (0.01) fits
    const r = await match([project('H1', { amount: '10000000', drawingReviewed: true }), project('H2', { amount: '0.01' })], {
      amount: '0.01',
      source: 'central',
    });
    expect(byId(r).H2).toMatchObject({ status: 'matched', amount: '0.01' });
    expect(byId(r).H1.reason).toBe('matching-unfunded-larger');
    expect(r.summary.matched).toBe('0.01');
  });

  test('partial: a batch of one granule beside a need of 10^9 granules pays it (was 0.00, "optimal")', async () => {
    const r = await match(
      [project('H1', { amount: '10000000', drawingReviewed: true }), project('H2', { amount: '0.01' })],
      { amount: '0.01', source: 'central' },
      { partial: true },
    );
    expect(r.summary.matched).toBe('0.01');
    expect(r.summary.left).toBe('0.00');
  });

  test('at the limit: a central batch of 10^9 granules, one-granule projects in classes 1 and 3 beside big ones, every class served (whole and partial)', async () => {
    const most = (MATCHING_MAX_GRANULES / 100n).toString(); // 10,000,000 万元 at 0.01
    const plan = [
      project('A', { amount: '4000000.01', drawingReviewed: true, priority: 1, category: 'infrastructure', villageIncome: '3' }),
      project('B', { amount: '0.01', priority: 1 }),
      project('C', { amount: '7000000', drawingReviewed: true, priority: 2 }),
      project('D', { amount: '0.01', priority: 3, category: 'infrastructure' }),
      project('E', { amount: '5000000', drawingReviewed: true }),
    ];
    // whole, by hand: A needs 1.5 × its amount of industry beside it: A + E = 9,000,000.01 with 5,000,000 industry
    // (< 60%), A + C over the batch: class 1 is B alone; class 2 C (7,000,000.01 with B); class 3 D (industry
    // 7,000,000.01 of 7,000,000.02 ≥ 60%); E no longer fits
    const whole = await match(plan, { amount: most, source: 'central' });
    expect(Object.fromEntries(whole.rows.map((r) => [r.id, r.amount]))).toEqual({ A: '0.00', B: '0.01', C: '7000000.00', D: '0.01', E: '0.00' });
    expect(whole.summary.solve.verified).toBe(true);
    // partial: class 1 gets the most the floor lets it: A 40% of the batch (4,000,000.00), B 0.01, the 60% industry from C
    const partial = await match(plan, { amount: most, source: 'central' }, { partial: true });
    expect(Object.fromEntries(partial.rows.map((r) => [r.id, r.amount]))).toEqual({ A: '4000000.00', B: '0.01', C: '5999999.99', D: '0.00', E: '0.00' });
    expect(partial.summary.left).toBe('0.00');
  });

  test('beyond it: 422 at the amount, the batch, arranged, each named; the message says the limit (en + zh)', async () => {
    const issues = await problems(
      [
        project('A', { amount: '1e30', drawingReviewed: true }),
        project('B', { amount: '10000000.01', arranged: '10000000.01', drawingReviewed: true }),
        project('C', { amount: '10000000', drawingReviewed: true }),
      ],
      { amount: '10000000.01' },
    );
    expect(issues.map((i) => `${i.path} ${i.code}`).sort()).toEqual([
      '/batch/amount matching-too-large',
      '/projects/0/amount matching-too-large',
      '/projects/1/amount matching-too-large',
      '/projects/1/arranged matching-too-large',
    ]);
    const batch = issues.find((i) => i.path === '/batch/amount')!;
    expect(batch.en).toContain('at most 1000000000 of them');
    expect(batch.en).toContain('at most 10000000 万元');
    expect(batch.zh).toContain('不超过 10000000万元');
    // finer amounts lower the limit: 8 decimals → at most 10 万元
    const fine = await problems([project('D', { amount: '10.00000001' })], { amount: '1' });
    expect(fine.map((i) => i.path)).toEqual(['/projects/0/amount']);
  });
});

describe('the batch date: projects entered after it are not matched', () => {
  test('entered after the batch: excluded with its own reason; entered that day: a candidate', async () => {
    const r = await match([project('late', { enteredOn: '2025-07-16', amount: '10' }), project('sameDay', { enteredOn: '2025-04-01', amount: '10' })], {
      amount: '100',
      date: '2025-04-01',
    });
    expect(byId(r).late).toMatchObject({ status: 'excluded', reason: 'matching-not-yet-entered', amount: '0.00' });
    expect(byId(r).late.en).toContain('2025-07-16');
    expect(byId(r).late.zh).toContain('晚于本批次资金到位日期 2025-04-01');
    expect(byId(r).sameDay.status).toBe('matched');
    expect(r.summary.matched).toBe('10.00');
  });

  test('a project whose enteredOn the sender did not write (inline) counts as entered', async () => {
    const r = await match([project('undated', { enteredOn: '2026-12-03', amount: '10' })], { amount: '100' }, { undated: new Set([0]) });
    expect(byId(r).undated.status).toBe('matched');
  });
});

describe('the batch amount reads as every amount of the service (schema/common.ts)', () => {
  test('"1e3" is 1000; shared codes for what is not a positive decimal', async () => {
    const r = await match([project('a', { amount: '10' })], { amount: '1e3' });
    expect(r.summary.batch.amount).toBe('1000.00');
    expect(r.summary.left).toBe('990.00');
    const codes = async (amount: string) => (await problems([project('a')], { amount })).map((i) => `${i.path} ${i.code}`);
    expect(await codes('1,000')).toEqual(['/batch/amount thousands-separator']);
    expect(await codes('0')).toEqual(['/batch/amount not-positive']);
    expect(await codes('-1e2')).toEqual(['/batch/amount not-positive']);
    expect((await codes('abc'))[0]).toMatch(/^\/batch\/amount /);
    expect((await codes('abc'))[0]).not.toContain('optimization-');
  });
});

describe("the request's floor overrides the source's for one batch", () => {
  const plan = [project('road', { category: 'infrastructure', amount: '100', priority: 1 })];

  test("central's 60% holds a non-industry plan back; floor null pays it; 0.5 and 60% are echoed", async () => {
    const model60 = await match(plan, { amount: '100', source: 'central' });
    expect(byId(model60).road.reason).toBe('matching-unfunded-floor');
    expect(model60.summary).toMatchObject({ floor: '0.600000000000', floorFrom: 'model' });

    const none = await match(plan, { amount: '100', source: 'central' }, { floor: null });
    expect(byId(none).road.status).toBe('matched');
    expect(none.summary).toMatchObject({ floor: null, floorFrom: 'request', matched: '100.00' });

    // a county batch (no floor of its own) asked for 50%: 100 of industry beside 100 of roads
    const half = await match([...plan, project('farm', { amount: '100', priority: 3 })], { amount: '200' }, { floor: '0.5' });
    expect(half.summary).toMatchObject({ floor: '0.500000000000', floorFrom: 'request', matched: '200.00', industryShare: '0.500000000000' });
    const tight = await match([...plan, project('farm', { amount: '100', priority: 3 })], { amount: '200' }, { floor: '0.51' });
    expect(byId(tight).road.status).toBe('unfunded');
  });

  test('a floor outside 0..1 is a 422 at /floor', async () => {
    for (const floor of ['1.5', '-0.1', 'x']) {
      const issues = await problems(plan, { amount: '100' }, { floor });
      expect(issues.map((i) => `${i.path} ${i.code}`)).toEqual(['/floor matching-floor-out-of-range']);
    }
  });
});

describe('ties: equally valued projects', () => {
  test("partial: whole projects first (smaller need first): the audit's 10 and 520 with 105 left", async () => {
    const r = await match(
      [project('QL-004', { amount: '520', priority: 3, drawingReviewed: true }), project('QL-002', { amount: '10', priority: 3 })],
      { amount: '105' },
      { partial: true },
    );
    expect(byId(r)['QL-002']).toMatchObject({ status: 'matched', amount: '10.00' });
    expect(byId(r)['QL-004']).toMatchObject({ status: 'partly', amount: '95.00' });
  });

  test('partial: equal needs go by id; the one left says an equally valued project was chosen and states the rule', async () => {
    const r = await match(
      [project('b', { amount: '60' }), project('a', { amount: '60' }), project('c', { amount: '60' })],
      { amount: '100' },
      { partial: true },
    );
    expect(byId(r).a).toMatchObject({ status: 'matched', amount: '60.00' });
    expect(byId(r).b).toMatchObject({ status: 'partly', amount: '40.00' });
    expect(byId(r).c.status).toBe('unfunded');
    expect(byId(r).c.reason).toBe('matching-unfunded-equal-value');
    expect(byId(r).c.en).toContain('whole projects first, smaller needs first, then id order');
    expect(byId(r).c.zh).toContain('效益相同');
  });

  test("partial: the tie-break crosses the industry line where the floor allows it (the audit's QL-2025-002 beside QL-2025-004)", async () => {
    // central 100, class 3, both worth 1 per 万元: the road (10) whole, the farm 90: industry share 90% ≥ 60%
    const r = await match(
      [project('farm', { amount: '520', priority: 3, drawingReviewed: true }), project('road', { amount: '10', priority: 3, category: 'infrastructure' })],
      { amount: '100', source: 'central' },
      { partial: true },
    );
    expect(byId(r).road).toMatchObject({ status: 'matched', amount: '10.00' });
    expect(byId(r).farm).toMatchObject({ status: 'partly', amount: '90.00' });
    // a road of 50 whole would leave 50 of industry, 50% < 60%: the floor wins over the tie-break
    const tight = await match(
      [project('farm', { amount: '520', priority: 3, drawingReviewed: true }), project('road', { amount: '50', priority: 3, category: 'infrastructure' })],
      { amount: '100', source: 'central' },
      { partial: true },
    );
    expect(tight.summary.matched).toBe('100.00');
    expect(Number(byId(tight).road.amount)).toBeLessThanOrEqual(40);
    expect(Number(tight.summary.industryShare)).toBeGreaterThanOrEqual(0.6);
  });

  test('a tilt breaks no tie: the weak village is worth more and is paid first', async () => {
    const r = await match([project('a', { amount: '60' }), project('w', { amount: '60', villageIncome: '3' })], { amount: '100' }, { partial: true });
    expect(byId(r).w.amount).toBe('60.00');
    expect(byId(r).a.amount).toBe('40.00');
  });
});

describe('the plan of the year', () => {
  test('a year with no planned project is a 422 at /year naming the years that have a plan', async () => {
    const issues = await problems(
      [project('a', { year: 2025 }), project('b', { year: 2024, status: 'implementing' }), project('r', { year: 2030, status: 'reserve' })],
      { amount: '100' },
      { year: 2031 },
    );
    expect(issues.map((i) => `${i.path} ${i.code}`)).toEqual(['/year matching-no-plan']);
    expect(issues[0].en).toContain('Years with a plan: 2024, 2025.');
    expect(issues[0].zh).toContain('有计划的年度：2024、2025');
  });
});

describe('Chinese texts name fund sources in Chinese', () => {
  test('another source: the project’s sources by their zh names', async () => {
    const r = await match([project('a', { sources: ['county', 'city'] })], { amount: '100', source: 'central' });
    expect(byId(r).a.reason).toBe('matching-other-source');
    expect(byId(r).a.zh).toContain('“县级衔接资金”、“市级衔接资金”');
    expect(byId(r).a.zh).not.toMatch(/county|city/);
  });
});

describe('Chinese texts name units in Chinese', () => {
  test('matching-unit-of-library: 元 and 万元, not yuan and wan', async () => {
    const { MATCHING } = await import('../../src/messages/matching.js');
    const m = MATCHING['matching-unit-of-library']({ unit: 'yuan', library: 'wan' });
    expect(m.zh).toContain('其金额单位为万元');
    expect(m.zh).toContain('unit yuan（元）');
  });
});

describe('a 元 library works in whole 元 when its amounts are whole', () => {
  test('a county batch of 5,000万元 written in 元 (5×10^9 cents, beyond 10^9 granules of 0.01) is matched exactly', async () => {
    // by hand: class 1 A 20,000,000 + B 15,000,000 = 35,000,000 ≤ 50,000,000; C 30,000,000 (class 2) no longer fits
    // (15,000,000 left); D 9,000,000 (class 3) does: matched 44,000,000, left 6,000,000
    const r = await match(
      [
        project('A', { amount: '20000000', priority: 1, drawingReviewed: true }),
        project('B', { amount: '15000000', priority: 1, drawingReviewed: true }),
        project('C', { amount: '30000000', priority: 2, drawingReviewed: true }),
        project('D', { amount: '9000000', priority: 3, drawingReviewed: true }),
      ],
      { amount: '50000000' },
      { unit: 'yuan' },
    );
    expect(r.rows.map((row) => [row.id, row.status, row.amount])).toEqual([
      ['A', 'matched', '20000000.00'],
      ['B', 'matched', '15000000.00'],
      ['C', 'unfunded', '0.00'],
      ['D', 'matched', '9000000.00'],
    ]);
    expect(r.summary.matched).toBe('44000000.00');
    expect(r.summary.left).toBe('6000000.00');
  });

  test('with cents it works in cents, and 10^9 granules of 0.01 元 is still the limit', async () => {
    const issues = await problems([project('A', { amount: '20000000.55', drawingReviewed: true })], { amount: '50000000' }, { unit: 'yuan' });
    expect(issues.map((i) => [i.path, i.code])).toContainEqual(['/batch/amount', 'matching-too-large']);
  });
});
