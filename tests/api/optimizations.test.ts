/**
 * POST /v1/optimizations through app.request: the three problem kinds answered end to end, and bad input of
 * every kind answered 4xx problem+json naming the field, never 500.
 */
import { describe, expect, it } from 'vitest';
import { contradictions, fundingAnswer, regionsAnswer } from '../../src/api/optimizations/run.js';
import { COMMON } from '../../src/messages/common.js';
import { OPTIMIZATION } from '../../src/messages/optimization.js';
import { app, expectProblem, post, postJson } from './request.js';

const REGIONS = (): any => ({
  kind: 'regions',
  unit: 'wan',
  granularity: '0.01',
  total: '1000.00',
  holdHarmless: '0.9',
  regions: [
    { id: 'A', target: '416.40', lastYear: '520.00' },
    { id: 'B', target: '339.10', lastYear: '300.00' },
    { id: 'C', target: '244.50', lastYear: '200.00', maximum: '230.00' },
  ],
});

const PORTFOLIO = (): any => ({
  kind: 'portfolio',
  unit: 'wan',
  sources: [
    { id: 'central', budget: '300.00', floor: '0.6', forbiddenCategories: ['admin'] },
    { id: 'provincial', budget: '150.00', floor: '0.5' },
  ],
  projects: [
    { id: 'P01', cost: '120.00', category: 'industry', priority: 1, town: 'T1', benefits: { beneficiaries: '800' } },
    { id: 'P02', cost: '90.00', category: 'infrastructure', priority: 2, town: 'T1', benefits: { beneficiaries: '1500' } },
    { id: 'P03', cost: '200.00', category: 'industry', partial: true, town: 'T2', benefits: { beneficiaries: '1000' } },
  ],
  objective: { maximize: { beneficiaries: '1' } },
});

const SOURCES = (): any => ({
  kind: 'sources',
  unit: 'wan',
  sources: [
    { id: 'central', budget: '200.00', floor: '0.6' },
    { id: 'county', budget: '200.00' },
  ],
  projects: [
    { id: 'P01', cost: '150.00', category: 'industry' },
    { id: 'P02', cost: '100.00', category: 'infrastructure' },
  ],
});

type Mutation = [string, () => any, (b: any) => unknown, string[]];

const cases: Mutation[] = [
  ['unknown kind', REGIONS, (b) => (b.kind = 'schedule'), ['/kind']],
  ['missing kind', REGIONS, (b) => delete b.kind, ['/kind']],
  ['regions: missing total', REGIONS, (b) => delete b.total, ['/total']],
  ['regions: total NaN', REGIONS, (b) => (b.total = 'NaN'), ['/total']],
  ['regions: total negative', REGIONS, (b) => (b.total = '-1000'), ['/total']],
  ['regions: total off the granularity', REGIONS, (b) => (b.total = '1000.005'), ['/total']],
  ['regions: absurd total', REGIONS, (b) => (b.total = 1e300), ['/total']],
  ['regions: negative target', REGIONS, (b) => (b.regions[0].target = '-1'), ['/regions/0/target']],
  ['regions: target of the wrong type', REGIONS, (b) => (b.regions[0].target = true), ['/regions/0/target']],
  ['regions: zero weight', REGIONS, (b) => (b.regions[1].weight = '0'), ['/regions/1/weight']],
  ['regions: unknown region field', REGIONS, (b) => (b.regions[1].floor = '10'), ['/regions/1/floor']],
  ['regions: minimum above maximum', REGIONS, (b) => (b.regions[2].minimum = '240.00'), ['/regions/2/minimum']],
  ['regions: the old name "min" is an unknown field', REGIONS, (b) => (b.regions[0].min = '1'), ['/regions/0/min']],
  [
    'regions: the old group name "minShare" is an unknown field',
    REGIONS,
    (b) => (b.groups = [{ id: 'key', regions: ['A'], minShare: '0.5' }]),
    ['/groups/0/minShare'],
  ],
  ['portfolio: the old name "industryFloor" is an unknown field', PORTFOLIO, (b) => (b.sources[0].industryFloor = '0.6'), ['/sources/0/industryFloor']],
  ['portfolio: the old name "title" is an unknown field', PORTFOLIO, (b) => (b.projects[0].title = 'x'), ['/projects/0/title']],
  ['regions: duplicate ids', REGIONS, (b) => (b.regions[1].id = 'A'), ['/regions/1/id']],
  ['regions: hold-harmless above 1', REGIONS, (b) => (b.holdHarmless = '1.5'), ['/holdHarmless']],
  ['regions: unknown deviation', REGIONS, (b) => (b.deviation = 'squared'), ['/deviation']],
  ['regions: relative deviation with a zero target', REGIONS, (b) => ((b.deviation = 'relative'), (b.regions[0].target = '0')), ['/regions/0/target']],
  [
    'regions: group naming an unknown region',
    REGIONS,
    (b) => (b.groups = [{ id: 'key', regions: ['A', 'Z'], minimumShare: '0.5' }]),
    ['/groups/0/regions/1'],
  ],
  ['regions: group share above 1', REGIONS, (b) => (b.groups = [{ id: 'key', regions: ['A'], minimumShare: '2' }]), ['/groups/0/minimumShare']],
  [
    'regions: direct method asked for with groups',
    REGIONS,
    (b) => ((b.method = 'direct'), (b.groups = [{ id: 'key', regions: ['A'], minimumShare: '0.5' }])),
    ['/method'],
  ],
  ['regions: no regions', REGIONS, (b) => (b.regions = []), ['/regions']],
  ['regions: time limit too long', REGIONS, (b) => (b.solver = { timeLimitMs: 600_000 }), ['/solver/timeLimitMs']],
  ['regions: unknown backend', REGIONS, (b) => (b.solver = { backend: 'gurobi' }), ['/solver/backend']],
  ['regions: unknown solver option', REGIONS, (b) => (b.solver = { threads: 8 }), ['/solver/threads']],
  ['regions: work limit with javascript-lp-solver', REGIONS, (b) => (b.solver = { backend: 'jslp', workLimit: { mipNodes: 50 } }), ['/solver/workLimit']],
  ['portfolio: zero branch-and-bound nodes', PORTFOLIO, (b) => (b.solver = { workLimit: { mipNodes: 0 } }), ['/solver/workLimit/mipNodes']],
  ['portfolio: unknown work limit', PORTFOLIO, (b) => (b.solver = { workLimit: { seconds: 3 } }), ['/solver/workLimit/seconds']],
  ['portfolio: missing objective', PORTFOLIO, (b) => delete b.objective, ['/objective']],
  ['portfolio: unknown objective', PORTFOLIO, (b) => (b.objective.maximize = 'happiness'), ['/objective/maximize']],
  ['portfolio: measure no project has', PORTFOLIO, (b) => (b.objective.maximize = { jobs: '1' }), ['/objective/maximize/jobs']],
  ['portfolio: zero cost', PORTFOLIO, (b) => (b.projects[0].cost = '0'), ['/projects/0/cost']],
  ['portfolio: priority 4', PORTFOLIO, (b) => (b.projects[0].priority = 4), ['/projects/0/priority']],
  ['portfolio: unknown source on a project', PORTFOLIO, (b) => (b.projects[1].sources = ['central', 'lottery']), ['/projects/1/sources/1']],
  ['portfolio: duplicate project ids', PORTFOLIO, (b) => (b.projects[2].id = 'P01'), ['/projects/2/id']],
  ['portfolio: duplicate source ids', PORTFOLIO, (b) => (b.sources[1].id = 'central'), ['/sources/1/id']],
  ['portfolio: floor above 1', PORTFOLIO, (b) => (b.sources[0].floor = '60'), ['/sources/0/floor']],
  ['portfolio: negative budget', PORTFOLIO, (b) => (b.sources[0].budget = '-300'), ['/sources/0/budget']],
  ['portfolio: cost off the granularity', PORTFOLIO, (b) => (b.projects[0].cost = '120.001'), ['/projects/0/cost']],
  ['portfolio: benefit not a number', PORTFOLIO, (b) => (b.projects[0].benefits.beneficiaries = 'many'), ['/projects/0/benefits/beneficiaries']],
  ['portfolio: too many sources', PORTFOLIO, (b) => (b.sources = Array.from({ length: 11 }, (_, i) => ({ id: `s${i}`, budget: '1' }))), ['/sources']],
  ['sources: preference naming an unknown source', SOURCES, (b) => (b.preference = ['county', 'lottery']), ['/preference/1']],
  ['sources: unknown field', SOURCES, (b) => (b.objective = { maximize: 'amount' }), ['/objective']],
];

describe('POST /v1/optimizations: bad input answers 4xx problem+json, never 500', () => {
  it.each(cases)('%s', async (_name, make, mutate, pointers) => {
    const body = make();
    mutate(body);
    await expectProblem(await post('/v1/optimizations', body), 422, pointers);
  });

  it('every issue the optimizer finds carries its code from the catalogue (src/messages/optimization.ts)', async () => {
    const coded: [string, () => any, (b: any) => unknown, string, string][] = [
      ['no regions (the shared array rule)', REGIONS, (b) => (b.regions = []), '/regions', 'too-few'],
      ['duplicate ids (engine)', REGIONS, (b) => (b.regions[1].id = 'A'), '/regions/1/id', 'duplicate-id'],
      ['crossed bounds (engine)', REGIONS, (b) => (b.regions[2].minimum = '240.00'), '/regions/2/minimum', 'optimization-bounds-crossed'],
      ['unknown source (engine)', PORTFOLIO, (b) => (b.projects[1].sources = ['central', 'lottery']), '/projects/1/sources/1', 'unknown-reference'],
      [
        'reserved measure (schema)',
        PORTFOLIO,
        (b) => (b.projects[1].benefits = { count: '1' }),
        '/projects/1/benefits/count',
        'optimization-measure-reserved',
      ],
      ['preference (engine)', SOURCES, (b) => (b.preference = ['county', 'county']), '/preference/1', 'duplicate-id'],
    ];
    for (const [name, make, mutate, pointer, code] of coded) {
      const body = make();
      mutate(body);
      const problem = await expectProblem(await post('/v1/optimizations', body), 422, [pointer]);
      expect(problem.errors.find((e: any) => e.pointer === pointer).code, name).toBe(code);
    }
  });

  it('malformed JSON → 400', async () => {
    await expectProblem(await post('/v1/optimizations', '{"kind": "regions", '), 400);
  });

  it('more than 5,000 projects → 422 naming /projects', async () => {
    const body = PORTFOLIO();
    body.projects = Array.from({ length: 5_001 }, (_, i) => ({ id: `p${i}`, cost: '1', category: 'industry' }));
    await expectProblem(await post('/v1/optimizations', body), 422, ['/projects']);
  });
});

describe('POST /v1/optimizations: answers', () => {
  it('regions, bounds only: the direct algorithm, exact, in the one envelope', async () => {
    const { res, json } = await postJson('/v1/optimizations', REGIONS());
    expect(res.status).toBe(200);
    expect(Object.keys(json)).toEqual(['model', 'unit', 'summary', 'rows', 'groups', 'binding', 'provenance']);
    expect(json.model).toBeNull();
    expect(json.unit).toBe('wan');
    expect(json.provenance).toMatchObject({ model: null, request: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    // one summary shape for every kind: the solve, objective, totals {amount, count}
    expect(json.summary).toEqual({
      kind: 'regions',
      status: 'optimal',
      method: 'direct',
      backends: [],
      verified: true,
      granularity: '0.01',
      objective: '103.200000',
      totals: { amount: '1000.00', count: 3 },
    });
    // A is held at 0.9 × 520 = 468.00; B and C share the rest (532.00) in proportion to their targets
    // (339.10 : 244.50, C below its cap 230): 309.117… and 222.882… → whole cents by largest remainder
    expect(json.rows.map((r: any) => [r.id, r.amount, r.minimum, r.minimumBy, r.maximum, r.maximumBy, r.at])).toEqual([
      ['A', '468.00', '468.00', 'holdHarmless', null, null, 'minimum'],
      ['B', '309.12', '270.00', 'holdHarmless', null, null, null],
      ['C', '222.88', '180.00', 'holdHarmless', '230.00', 'maximum', null],
    ]);
    expect(json.rows[1].deviationPercent).toBe('-8.84%');
    // |468 − 416.4| + (339.1 + 244.5 − 532) = 51.6 + 51.6; unrounded money (targets, deviations): 6 decimals
    expect(json.rows[0]).toMatchObject({ target: '416.400000', deviation: '51.600000' });
    expect(json.binding.map((b: any) => [b.id, b.regions])).toEqual([
      ['total', undefined],
      ['regions:holdHarmless', ['A']],
    ]);
    expect(json.rows[0].trace, 'no trace without ?explain').toBeUndefined();
  });

  it('regions ?explain=true: each row opens with the reason for its amount, in both languages', async () => {
    const { res, json } = await postJson('/v1/optimizations?explain=true', REGIONS());
    expect(res.status).toBe(200);
    const [a, b, c] = json.rows.map((r: any) => r.trace);
    expect(Object.keys(a)[0]).toBe('reason');
    expect(a).toMatchObject({ bound: 'minimum', filled: null });
    expect(a.reason.en).toBe("Target 416.40; its floor 468.00万元 (hold-harmless: 0.9 × last year's 520.00) is above the target, so it gets the floor.");
    expect(a.reason.zh).toBe('目标额 416.40；下限 468.00万元（保底：上年 520.00 × 0.9）高于目标额，按下限安排。');
    expect(b).toMatchObject({ bound: null, filled: 'short' });
    expect(b.reason.en).toContain('λ = 0.911583');
    expect(b.reason.en).toContain('309.12万元, -8.84% against its target');
    expect(c.reason.zh).toContain('按目标额比例分配');
    expect(json.trace).toMatchObject({ method: 'direct', floors: '918.00', added: '82.00', lambda: '0.911583276217' });
    expect(json.trace.rule.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('regions ?explain=true&region=<id>: the rows and their trace narrowed to that region; an unknown id is a 422 at ?region', async () => {
    const { res, json } = await postJson('/v1/optimizations?explain=true&region=C', REGIONS());
    expect(res.status).toBe(200);
    expect(json.rows.map((r: any) => r.id)).toEqual(['C']);
    expect(json.rows[0].trace.reason.en).toContain('Target 244.50');
    expect(json.summary.totals.count).toBe(3);
    const problem = await expectProblem(await post('/v1/optimizations?explain=true&region=Z', REGIONS()), 422, ['?region']);
    expect(problem.errors[0].code).toBe('unknown-region');
    expect(problem.errors[0].detail).toContain('A, B, C');
    await expectProblem(await post('/v1/optimizations?region=A', REGIONS()), 422, ['?region']);
  });

  it('?explain=true without a trace is a 422: portfolio, sources, and regions solved by the LP', async () => {
    for (const body of [PORTFOLIO(), SOURCES(), { ...REGIONS(), method: 'lp' }]) {
      const problem = await expectProblem(await post('/v1/optimizations?explain=true', body), 422, ['?explain']);
      expect(problem.errors[0].code).toBe('no-trace-for-kind');
    }
  });

  it('regions with a group share: the LP, and the same objective from either backend', async () => {
    const body = { ...REGIONS(), groups: [{ id: 'BC', regions: ['B', 'C'], minimumShare: '0.53' }] };
    const answers: string[] = [];
    for (const backend of ['jslp', 'highs']) {
      const { res, json } = await postJson('/v1/optimizations', { ...body, solver: { backend } });
      expect(res.status).toBe(200);
      expect(json.summary).toMatchObject({ status: 'optimal', method: 'milp', verified: true });
      const sum = json.rows.reduce((s: number, r: any) => s + Math.round(Number(r.amount) * 100), 0);
      expect(sum).toBe(100_000);
      expect(json.groups).toEqual([{ id: 'BC', amount: '532.00', share: '0.532000000000', sharePercent: '53.20%', binding: false }]);
      answers.push(json.summary.objective);
    }
    // B + C ≥ 530.00 holds already in the direct answer (532.00): the group does not change the optimum
    expect(answers).toEqual(['103.200000', '103.200000']);
  });

  it('rules that cannot all hold: a 422 constraints-cannot-hold at the rule that must give, saying by how much, never a 200', async () => {
    const body = { ...REGIONS(), groups: [{ id: 'BC', regions: ['B', 'C'], minimumShare: '0.55' }] };
    for (const query of ['', '?format=csv']) {
      const problem = await expectProblem(await post(`/v1/optimizations${query}`, body), 422, ['/groups/0/minimumShare']);
      // A's hold-harmless floor (468.00) leaves at most 532.00 = 53.2% for B and C
      expect(problem.errors[0].code).toBe('constraints-cannot-hold');
      expect(problem.errors[0].detail).toMatch(/at most 53\.2%/);
      expect(problem.errors[0].detail_zh).toMatch(/53\.2%/);
    }
    // floors above the total: the total must give, by the floors' excess
    const floors = { ...REGIONS(), total: '900.00', regions: REGIONS().regions.map(({ maximum: _, ...r }: any) => ({ ...r, minimum: '310.00' })) };
    const problem = await expectProblem(await post('/v1/optimizations', floors), 422, ['/total']);
    expect(problem.errors[0]).toMatchObject({ code: 'constraints-cannot-hold' });
    // A's hold-harmless floor 468.00 + 310.00 + 310.00 = 1,088.00, 188.00 above the total
    expect(problem.errors[0].detail).toContain('the total must be at least 1,088.00万元');
    expect(problem.errors[0].detail).toContain('by 188.00万元');
    // an industry floor no plan reaches
    const sources = SOURCES();
    sources.projects[1].sources = ['central'];
    sources.sources[0].budget = '100.00';
    const floor = await expectProblem(await post('/v1/optimizations', sources), 422, ['/sources/0/floor']);
    expect(floor.errors[0].code).toBe('constraints-cannot-hold');
  });

  it('?format=csv gives the rows with the unit in money headers and a total row', async () => {
    const res = await post('/v1/optimizations?format=csv', REGIONS());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('id,target (wan),amount (wan),deviation (wan),deviationPercent,minimum (wan),maximum (wan),minimumBy,maximumBy,at');
    expect(lines.slice(1, 4).map((l) => l.split(',')[2])).toEqual(['468.00', '309.12', '222.88']);
    expect(lines[1].split(',').slice(5)).toEqual(['468.00', '', 'holdHarmless', '', 'minimum']);
    expect(lines[3].split(',').slice(5)).toEqual(['180.00', '230.00', 'holdHarmless', 'maximum', '']);
    // targets and deviations are unrounded money with 6 decimals: so is their total (not "1000.0")
    expect(lines[1].split(',').slice(0, 4)).toEqual(['A', '416.400000', '468.00', '51.600000']);
    expect(lines[4]).toBe('total · 合计,1000.000000,1000.00,0.000000,,,,,,');
    const wrong = await expectProblem(await post('/v1/optimizations?format=csv&table=sources', REGIONS()), 422, ['?table']);
    expect(wrong.errors[0].code).toBe('optimization-table-for-kind');
    expect(wrong.errors[0].detail).toContain('regions, groups');
  });

  it('a work limit makes every solver run HiGHS and bounds its branch and bound', async () => {
    const { res, json } = await postJson('/v1/optimizations', { ...PORTFOLIO(), solver: { workLimit: { mipNodes: 200 } } });
    expect(res.status).toBe(200);
    expect(['optimal', 'time_limit']).toContain(json.summary.status);
    expect(json.summary.backends).toEqual(['highs']);
  });

  it('portfolio: rows are the projects, sources beside them; counts are numbers; CSV of either table', async () => {
    const { res, json } = await postJson('/v1/optimizations', PORTFOLIO());
    expect(res.status).toBe(200);
    expect(Object.keys(json)).toEqual(['model', 'unit', 'summary', 'rows', 'sources', 'priorityStages', 'marginalValues', 'binding', 'provenance']);
    expect(json.summary).toMatchObject({ kind: 'portfolio', status: 'optimal', verified: true, objective: '3300.000000' });
    // 450 万元 of money for 410 of projects: everything is funded
    expect(json.summary.totals).toEqual({ beneficiaries: '3300.000000', amount: '410.00', count: 3, fundedProjectEquivalents: '3.000000' });
    for (const p of json.rows) {
      const paid = Object.values(p.bySource).reduce((s: number, a: any) => s + Math.round(Number(a) * 100), 0);
      expect(paid).toBe(Math.round(Number(p.amount) * 100));
      expect(p.share).toMatch(/^\d\.\d{12}$/);
      expect(p.sharePercent).toMatch(/^\d+\.\d{2}%$/);
    }
    for (const s of json.sources) {
      expect(Math.round(Number(s.used) * 100)).toBeLessThanOrEqual(Math.round(Number(s.budget) * 100));
      if (s.floor) expect(Number(s.industryShare)).toBeGreaterThanOrEqual(Number(s.floor));
      expect(s.industryShare).toMatch(/^\d\.\d{12}$/);
    }
    const csv = (await (await post('/v1/optimizations?format=csv', PORTFOLIO())).text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(csv[0]).toBe('id,chosen,cost (wan),amount (wan),share,sharePercent,category,priority,town,drawingReview,central (wan),provincial (wan)');
    expect(csv.at(-1)!.split(',').slice(0, 5)).toEqual(['total · 合计', '3', '410.00', '410.00', '']);
    const sources = (await (await post('/v1/optimizations?format=csv&table=sources', PORTFOLIO())).text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(sources[0]).toBe(
      'id,budget (wan),used (wan),unused (wan),industry (wan),industryShare,industrySharePercent,floor,floorPercent,budgetBinding,floorBinding',
    );
    expect(sources.at(-1)!.split(',').slice(0, 4)).toEqual(['total · 合计', '450.00', '410.00', '40.00']);
  });

  it('sources: central money first, its industry floor met', async () => {
    const { res, json } = await postJson('/v1/optimizations', SOURCES());
    expect(res.status).toBe(200);
    expect(json.summary.status).toBe('optimal');
    expect(json.sources.map((s: any) => [s.id, s.used])).toEqual([
      ['central', '200.00'],
      ['county', '50.00'],
    ]);
    // central's split between the projects is one of several optima: its share is on or above its floor
    expect(json.summary).toMatchObject({ kind: 'sources', objective: null, totals: { amount: '250.00', count: 2, fundedProjectEquivalents: '2.000000' } });
    // a share floor as every share: 12 decimals, the percentage beside it
    expect(json.sources[0]).toMatchObject({
      floor: '0.600000000000',
      floorPercent: '60.00%',
      industryShare: expect.stringMatching(/^\d\.\d{12}$/),
      industrySharePercent: expect.stringMatching(/^\d+\.\d{2}%$/),
    });
    expect(Number(json.sources[0].industryShare)).toBeGreaterThanOrEqual(0.6);
  });

  it('/openapi.json documents the route, each kind with an example that answers 200', async () => {
    const res = await app.request('/openapi.json');
    const doc = (await res.json()) as any;
    const op = doc.paths['/v1/optimizations'].post;
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '413', '415', '422']));
    expect(Object.keys(op.responses)).not.toContain('409');
    for (const name of ['RegionsOptimization', 'PortfolioOptimization', 'SourcesOptimization']) {
      expect(doc.components.schemas[name].example, name).toBeDefined();
    }
    const examples = op.requestBody.content['application/json'].examples;
    expect(Object.keys(examples)).toEqual(['regions', 'portfolio', 'sources']);
    for (const [kind, example] of Object.entries<any>(examples)) {
      const { res: answer, json } = await postJson('/v1/optimizations', example.value);
      expect(answer.status, kind).toBe(200);
      expect(json.summary.kind).toBe(kind);
      expect(json.rows.length).toBeGreaterThan(0);
    }
    expect(JSON.stringify(doc.components.schemas.OptimizationResponse ?? {})).not.toContain('"{}"');
  });
});

describe('no plan in time is not a contradiction', () => {
  // a solve stopped by its time or work before any plan: 200 with status time_limit and empty rows (the
  // route's description says so); only status infeasible becomes the 422 constraints-cannot-hold
  const stopped = { status: 'time_limit', method: 'milp', backends: ['highs'], verified: false, ms: 5000, message: 'the time ran out' } as const;
  it('kind regions', () => {
    const result = {
      kind: 'regions',
      solve: stopped,
      unit: 'wan',
      granularity: '0.01',
      total: '1000.00',
      objective: null,
      rows: [],
      groups: [],
      binding: [],
    } as const;
    expect(contradictions(result)).toBeUndefined();
    const answer = regionsAnswer(REGIONS(), result, false);
    expect(answer.rows).toEqual([]);
    expect(answer.summary).toMatchObject({ status: 'time_limit', objective: null, totals: { amount: '0.00', count: 0 } });
    expect(answer.summary).not.toHaveProperty('ms');
    expect(answer.tables().regions.rows).toEqual([]);
  });
  it('kind portfolio', () => {
    const result = {
      kind: 'portfolio',
      solve: stopped,
      unit: 'wan',
      granularity: '0.01',
      projects: [],
      sources: [],
      totals: {},
      objective: null,
      binding: [],
      marginalValues: [],
    } as const;
    expect(contradictions(result)).toBeUndefined();
    const answer = fundingAnswer(PORTFOLIO(), result);
    expect(answer.rows).toEqual([]);
    expect(answer.summary).toMatchObject({
      status: 'time_limit',
      objective: null,
      totals: { amount: '0.00', count: 0, fundedProjectEquivalents: '0.000000' },
    });
  });
  it('status infeasible without an explanation still names the request as a whole', () => {
    const result = {
      kind: 'portfolio',
      solve: { ...stopped, status: 'infeasible' },
      unit: 'wan',
      granularity: '0.01',
      projects: [],
      sources: [],
      totals: {},
      objective: null,
      binding: [],
      marginalValues: [],
    } as const;
    expect(contradictions(result)).toMatchObject([{ path: '', code: 'constraints-cannot-hold' }]);
  });
});

describe('GET /', () => {
  it('links every route, and each link is a path of /openapi.json', async () => {
    const index = (await (await app.request('/')).json()) as any;
    const doc = (await (await app.request('/openapi.json')).json()) as any;
    for (const [name, path] of Object.entries(index.links) as [string, string][]) {
      if (path.startsWith('/v1/')) expect(doc.paths[path], `${name}: ${path}`).toBeDefined();
    }
    expect(index.links.optimizations).toBe('/v1/optimizations');
  });
});

describe('benefit measures', () => {
  // `totals` holds `amount` and `count` beside the measures, and `objective.maximize` names them: a measure
  // of the same name would be overwritten there without a word (the reliability sweep's finding).
  it.each(['amount', 'count', 'fundedProjectEquivalents'])('a measure named "%s" is refused, not overwritten in totals', async (name) => {
    const body = PORTFOLIO();
    body.projects[1].benefits = { [name]: '7' };
    const res = await post('/v1/optimizations', body);
    const problem = await expectProblem(res, 422, [`/projects/1/benefits/${name}`]);
    expect(problem.errors[0].detail).toContain(name);
  });
});

describe('the contract (issue 11 audit)', () => {
  const kinds = { regions: REGIONS, portfolio: PORTFOLIO, sources: SOURCES } as const;

  it('the same request answers the same bytes: the wall time is a Server-Timing header, not in the answer', async () => {
    for (const [kind, body] of Object.entries(kinds)) {
      const [a, b] = [await post('/v1/optimizations', body()), await post('/v1/optimizations', body())];
      expect(a.status, kind).toBe(200);
      expect(a.headers.get('server-timing'), kind).toMatch(/^solve;dur=\d+(\.\d)?$/);
      const [ta, tb] = [await a.text(), await b.text()];
      expect(ta, kind).toBe(tb);
      const summary = JSON.parse(ta).summary;
      expect(summary, kind).not.toHaveProperty('ms');
    }
  });

  it('one summary shape for every kind: the solve, objective (6 decimals or null), totals {amount, count, …}', async () => {
    for (const [kind, body] of Object.entries(kinds)) {
      const { json } = await postJson('/v1/optimizations', body());
      const s = json.summary;
      expect(
        Object.keys(s).filter((k) => !['gap', 'gapStage', 'message', 'size'].includes(k)),
        kind,
      ).toEqual(['kind', 'status', 'method', 'backends', 'verified', 'granularity', 'objective', 'totals']);
      if (s.objective !== null) expect(s.objective, kind).toMatch(/^-?\d+\.\d{6}$/);
      expect(s.totals.amount, kind).toMatch(/^\d+\.\d{2}$/);
      expect(Number.isInteger(s.totals.count), kind).toBe(true);
      expect(s.totals, kind).not.toHaveProperty('countFunded');
    }
  });

  it('numbers: marginal values are decimal strings; a floor has 12 decimals and its percent; trace counts are numbers', async () => {
    // central's budget is spent in full and P03 (partly fundable) takes the margin
    const body = PORTFOLIO();
    body.sources[0].budget = '250.00';
    const { json } = await postJson('/v1/optimizations', body);
    expect(json.marginalValues.length).toBeGreaterThan(0);
    for (const m of json.marginalValues) expect(m.perUnit).toMatch(/^-?\d+\.\d{6}$/);
    expect(json.sources[1]).toMatchObject({ floor: '0.500000000000', floorPercent: '50.00%' });
    for (const stage of json.priorityStages) expect(stage.value).toMatch(/^\d+\.\d{6}$/);
    const traced = await postJson('/v1/optimizations?explain=true', REGIONS());
    for (const c of traced.json.trace.classes) expect(typeof c.granules).toBe('number');
  });

  it('Chinese text names a measure in Chinese: no English word in a zh sentence', async () => {
    const body = PORTFOLIO();
    body.sources[0].budget = '250.00';
    const plain = await postJson('/v1/optimizations', body);
    const zh = plain.json.marginalValues.map((m: any) => m.zh).join('');
    expect(zh).toContain('受益人数');
    expect(zh).not.toContain('beneficiaries');
    const named = await postJson('/v1/optimizations', { ...body, measures: { beneficiaries: { zh: '受益群众' } } });
    expect(named.json.marginalValues.map((m: any) => m.zh).join('')).toContain('受益群众');
    await expectProblem(await post('/v1/optimizations', { ...body, measures: { beneficiaries: { zh: '' } } }), 422, ['/measures/beneficiaries/zh']);
  });

  it('every table of the JSON answer can be had as CSV: kind regions ?table=regions|groups', async () => {
    const body = { ...REGIONS(), groups: [{ id: 'BC', regions: ['B', 'C'], minimumShare: '0.53' }] };
    const csv = async (query: string) =>
      (await (await post(`/v1/optimizations?format=csv${query}`, body)).text())
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
    const groups = await csv('&table=groups');
    expect(groups[0]).toBe('id,amount (wan),share,sharePercent,binding');
    expect(groups[1]).toBe('BC,532.00,0.532000000000,53.20%,false');
    expect(groups).toHaveLength(3);
    expect(groups[2].startsWith('total · 合计')).toBe(true);
    expect(await csv('&table=regions')).toEqual(await csv(''));
    const wrong = await expectProblem(await post('/v1/optimizations?format=csv&table=groups', PORTFOLIO()), 422, ['?table']);
    expect(wrong.errors[0].detail).toContain('projects, sources');
  });

  it("constraints-cannot-hold is the shared code (src/messages/common.ts), not the optimizer's own", () => {
    expect(Object.hasOwn(COMMON, 'constraints-cannot-hold')).toBe(true);
    expect(Object.hasOwn(OPTIMIZATION, 'constraints-cannot-hold')).toBe(false);
  });
});
