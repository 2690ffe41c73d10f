/**
 * POST /v1/optimizations through app.request: the three problem kinds answered end to end, and bad input of
 * every kind answered 4xx problem+json naming the field, never 500.
 */
import { describe, expect, it } from 'vitest';
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
    { id: 'C', target: '244.50', lastYear: '200.00', max: '230.00' },
  ],
});

const PORTFOLIO = (): any => ({
  kind: 'portfolio',
  unit: 'wan',
  sources: [
    { id: 'central', budget: '300.00', industryFloor: '0.6', forbiddenCategories: ['admin'] },
    { id: 'provincial', budget: '150.00', industryFloor: '0.5' },
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
    { id: 'central', budget: '200.00', industryFloor: '0.6' },
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
  ['regions: min above max', REGIONS, (b) => (b.regions[2].min = '240.00'), ['/regions/2/min']],
  ['regions: duplicate ids', REGIONS, (b) => (b.regions[1].id = 'A'), ['/regions/1/id']],
  ['regions: hold-harmless above 1', REGIONS, (b) => (b.holdHarmless = '1.5'), ['/holdHarmless']],
  ['regions: unknown deviation', REGIONS, (b) => (b.deviation = 'squared'), ['/deviation']],
  ['regions: relative deviation with a zero target', REGIONS, (b) => ((b.deviation = 'relative'), (b.regions[0].target = '0')), ['/regions/0/target']],
  ['regions: group naming an unknown region', REGIONS, (b) => (b.groups = [{ id: 'key', regions: ['A', 'Z'], minShare: '0.5' }]), ['/groups/0/regions/1']],
  ['regions: group share above 1', REGIONS, (b) => (b.groups = [{ id: 'key', regions: ['A'], minShare: '2' }]), ['/groups/0/minShare']],
  ['regions: direct method asked for with groups', REGIONS, (b) => ((b.method = 'direct'), (b.groups = [{ id: 'key', regions: ['A'], minShare: '0.5' }])), ['/method']],
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
  ['portfolio: floor above 1', PORTFOLIO, (b) => (b.sources[0].industryFloor = '60'), ['/sources/0/industryFloor']],
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
  it('regions, bounds only: the direct algorithm, exact and explained', async () => {
    const { res, json } = await postJson('/v1/optimizations', REGIONS());
    expect(res.status).toBe(200);
    expect(json.solve).toMatchObject({ status: 'optimal', method: 'direct', verified: true, backends: [] });
    // A is held at 0.9 × 520 = 468.00; B and C share the rest (532.00) in proportion to their targets
    // (339.10 : 244.50, C below its cap 230): 309.117… and 222.882… → whole cents by largest remainder
    expect(json.rows.map((r: any) => [r.id, r.amount, r.at])).toEqual([
      ['A', '468.00', 'floor'],
      ['B', '309.12', null],
      ['C', '222.88', null],
    ]);
    // |468 − 416.4| + (339.1 + 244.5 − 532) = 51.6 + 51.6
    expect(json.objective).toBe('103.2');
    expect(json.binding.map((b: any) => [b.id, b.regions])).toEqual([
      ['total', undefined],
      ['regions:holdHarmless', ['A']],
    ]);
  });

  it('regions with a group share: the LP, and the same objective from either backend', async () => {
    const body = { ...REGIONS(), groups: [{ id: 'BC', regions: ['B', 'C'], minShare: '0.53' }] };
    const answers: string[] = [];
    for (const backend of ['jslp', 'highs']) {
      const { res, json } = await postJson('/v1/optimizations', { ...body, solver: { backend } });
      expect(res.status).toBe(200);
      expect(json.solve).toMatchObject({ status: 'optimal', method: 'milp', verified: true });
      const sum = json.rows.reduce((s: number, r: any) => s + Math.round(Number(r.amount) * 100), 0);
      expect(sum).toBe(100_000);
      answers.push(json.objective);
    }
    // B + C ≥ 530.00 holds already in the direct answer (532.00): the group does not change the optimum
    expect(answers).toEqual(['103.2', '103.2']);
  });

  it('regions that cannot meet a group share: infeasible, with the share that is reachable', async () => {
    const body = { ...REGIONS(), groups: [{ id: 'BC', regions: ['B', 'C'], minShare: '0.55' }] };
    const { res, json } = await postJson('/v1/optimizations', body);
    expect(res.status).toBe(200);
    expect(json.solve.status).toBe('infeasible');
    expect(json.rows).toEqual([]);
    // A's hold-harmless floor (468.00) leaves at most 532.00 = 53.2% for B and C
    expect(json.infeasibility.relaxations).toEqual([
      expect.objectContaining({ id: 'group:BC:minShare', asked: '0.55', reachable: '0.532', measure: 'share' }),
    ]);
    expect(json.infeasibility.verified).toBe(true);
    expect(json.infeasibility.zh).toMatch(/53\.2%/);
  });

  it('?format=csv gives the rows; an infeasible answer has no table: 409 problem+json', async () => {
    const res = await post('/v1/optimizations?format=csv', REGIONS());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('id,target,amount,deviation,deviationPercent,lower,lowerBy,upper,upperBy,at');
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(['468.00', '309.12', '222.88']);
    expect(lines[1].split(',').slice(5)).toEqual(['468.00', 'holdHarmless', '', '', 'floor']);
    expect(lines[3].split(',').slice(5)).toEqual(['180.00', 'holdHarmless', '230.00', 'max', '']);

    const infeasible = { ...REGIONS(), groups: [{ id: 'BC', regions: ['B', 'C'], minShare: '0.55' }] };
    const problem = await expectProblem(await post('/v1/optimizations?format=csv', infeasible), 409);
    expect(problem.detail).toMatch(/53\.2%/);
  });

  it('a work limit makes every solver run HiGHS and bounds its branch and bound', async () => {
    const { res, json } = await postJson('/v1/optimizations', { ...PORTFOLIO(), solver: { workLimit: { mipNodes: 200 } } });
    expect(res.status).toBe(200);
    expect(['optimal', 'time_limit']).toContain(json.solve.status);
    expect(json.solve.backends).toEqual(['highs']);
  });

  it('portfolio: projects chosen, amounts by source, shares against floors', async () => {
    const { res, json } = await postJson('/v1/optimizations', PORTFOLIO());
    expect(res.status).toBe(200);
    expect(json.solve).toMatchObject({ status: 'optimal', verified: true });
    // 450 万元 of money for 410 of projects: everything is funded
    expect(json.totals).toMatchObject({ beneficiaries: '3300', amount: '410.00', count: '3' });
    for (const p of json.projects) {
      const paid = Object.values(p.bySource).reduce((s: number, a: any) => s + Math.round(Number(a) * 100), 0);
      expect(paid).toBe(Math.round(Number(p.amount) * 100));
    }
    for (const s of json.sources) {
      expect(Math.round(Number(s.used) * 100)).toBeLessThanOrEqual(Math.round(Number(s.budget) * 100));
      if (s.industryFloor) expect(Number(s.industryShare)).toBeGreaterThanOrEqual(Number(s.industryFloor));
    }
    const csv = await post('/v1/optimizations?format=csv', PORTFOLIO());
    const header = (await csv.text()).replace(/^\uFEFF/, '').split('\r\n')[0];
    expect(header).toBe('id,chosen,amount,fraction,category,priority,town,drawingReview,central,provincial');
  });

  it('sources: central money first, its industry floor met', async () => {
    const { res, json } = await postJson('/v1/optimizations', SOURCES());
    expect(res.status).toBe(200);
    expect(json.solve.status).toBe('optimal');
    expect(json.sources.map((s: any) => [s.id, s.used])).toEqual([
      ['central', '200.00'],
      ['county', '50.00'],
    ]);
    expect(Number(json.sources[0].industryShare)).toBeGreaterThanOrEqual(0.6);
  });

  it('/openapi.json documents the route, each kind with an example', async () => {
    const res = await app.request('/openapi.json');
    const doc = (await res.json()) as any;
    const op = doc.paths['/v1/optimizations'].post;
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '409', '413', '415', '422']));
    for (const name of ['RegionsOptimization', 'PortfolioOptimization', 'SourcesOptimization']) {
      expect(doc.components.schemas[name].example, name).toBeDefined();
    }
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
  it.each(['amount', 'count'])('a measure named "%s" is refused, not overwritten in totals', async (name) => {
    const body = PORTFOLIO();
    body.projects[1].benefits = { [name]: '7' };
    const res = await post('/v1/optimizations', body);
    const problem = await expectProblem(res, 422, [`/projects/1/benefits/${name}`]);
    expect(problem.errors[0].detail).toContain(name);
  });
});
