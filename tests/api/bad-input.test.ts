/** Bad input of every kind answers 4xx application/problem+json naming the field — never a 500. */
import { describe, expect, it } from 'vitest';
import { createRoute, z } from '@hono/zod-openapi';
import { MAX_BODY_BYTES } from '../../src/api/app.js';
import { alsoCheck, partsValid, resourceApp } from '../../src/api/common.js';
import { whenValid } from '../../src/schema/modelCheck.js';
import { SAMPLE_REQUEST } from '../helpers.js';
import { app, expectProblem, post } from './request.js';

const sample = () => structuredClone(SAMPLE_REQUEST) as any;

const cases: [string, (b: any) => unknown, string[]][] = [
  ['missing total', (b) => delete b.total, ['/total']],
  ['missing unit', (b) => delete b.unit, ['/unit']],
  ['missing regions', (b) => delete b.regions, ['/regions']],
  ['missing model', (b) => delete b.model, ['/model']],
  ['unknown unit', (b) => (b.unit = 'dollar'), ['/unit']],
  ['total NaN string', (b) => (b.total = 'NaN'), ['/total']],
  ['total Infinity string', (b) => (b.total = 'Infinity'), ['/total']],
  ['total with thousands separator', (b) => (b.total = '1,000.00'), ['/total']],
  ['total negative', (b) => (b.total = '-5'), ['/total']],
  ['total zero', (b) => (b.total = 0), ['/total']],
  ['total 1e30', (b) => (b.total = '1e30'), ['/total']],
  ['total as a number 1e30', (b) => (b.total = 1e30), ['/total']],
  ['total of the wrong type', (b) => (b.total = { value: 1 }), ['/total']],
  ['total off the granularity', (b) => (b.total = '1000.005'), ['/total']],
  ['granularity zero', (b) => (b.granularity = '0'), ['/granularity']],
  ['no regions', (b) => (b.regions = []), ['/regions']],
  ['regions not an array', (b) => (b.regions = 'A,B'), ['/regions']],
  ['duplicate region ids', (b) => (b.regions[1].id = 'A'), ['/regions/1/id']],
  ['region without id', (b) => delete b.regions[2].id, ['/regions/2/id']],
  ['negative indicator', (b) => (b.regions[1].indicators.poverty = -3), ['/regions/1/indicators/poverty']],
  ['non-numeric indicator', (b) => (b.regions[0].indicators.monitored = 'many'), ['/regions/0/indicators/monitored']],
  ['NaN indicator', (b) => (b.regions[0].indicators.income = 'NaN'), ['/regions/0/indicators/income']],
  ['Infinity indicator', (b) => (b.regions[0].indicators.income = 'Infinity'), ['/regions/0/indicators/income']],
  ['absurd indicator', (b) => (b.regions[0].indicators.poverty = 1e300), ['/regions/0/indicators/poverty']],
  ['boolean indicator', (b) => (b.regions[0].indicators.poverty = true), ['/regions/0/indicators/poverty']],
  ['missing indicator', (b) => delete b.regions[2].indicators.poverty, ['/regions/2/indicators/poverty']],
  ['unknown indicator', (b) => (b.regions[2].indicators.povrety = 1), ['/regions/2/indicators/povrety']],
  ['unknown category', (b) => (b.regions[2].indicators.keyCounty = 'county'), ['/regions/2/indicators/keyCounty']],
  ['zero income under reciprocal', (b) => (b.regions[2].indicators.income = 0), ['/regions/2/indicators/income']],
  ['score above its maximum', (b) => (b.regions[2].indicators.performance = 120), ['/regions/2/indicators/performance']],
  ['unknown top-level field', (b) => (b.extra = true), ['/extra']],
  ['unknown region field', (b) => (b.regions[0].population = 3), ['/regions/0/population']],
  ['unknown model', (b) => (b.model = 'atlantis-2030'), ['/model']],
  ['weights that do not add up', (b) => (b.overrides = { weights: { policy: '0.40' } }), ['/overrides/weights']],
  ['override of an unknown factor', (b) => (b.overrides = { weights: { luck: '0.1' } }), ['/overrides/weights/luck']],
  ['override weight not a number', (b) => (b.overrides = { weights: { policy: 'high' } }), ['/overrides/weights/policy']],
  [
    'inline model whose weights do not add up',
    (b) => (b.model = { factors: [{ id: 'a', weight: '0.9', indicators: [{ id: 'poverty', weight: '1', transform: 'direct' }] }] }),
    ['/model/factors'],
  ],
  [
    'inline model with an unknown transform',
    (b) => (b.model = { factors: [{ id: 'a', weight: '1', indicators: [{ id: 'poverty', weight: '1', transform: 'log' }] }] }),
    ['/model/factors/0/indicators/0/transform'],
  ],
  [
    'inline model with an unknown key',
    (b) => (b.model = { factors: [{ id: 'a', weight: '1', colour: 'red', indicators: [{ id: 'poverty', weight: '1', transform: 'direct' }] }] }),
    ['/model/factors/0/colour'],
  ],
  [
    'all-zero factor',
    (b) => {
      b.model = { factors: [{ id: 'a', weight: '1', indicators: [{ id: 'x', weight: '1', transform: 'direct' }] }] };
      b.regions = [
        { id: 'A', indicators: { x: 0 } },
        { id: 'B', indicators: { x: 0 } },
      ];
    },
    ['/regions'],
  ],
];

/** The code of the issue at a pointer, for the cases whose issue is one every route shares (src/messages/common.ts). */
const CODES: Record<string, string> = {
  'missing total': 'required',
  'unknown unit': 'not-one-of',
  'total NaN string': 'not-finite',
  'total off the granularity': 'not-whole-granules',
  'total with thousands separator': 'thousands-separator',
  'total negative': 'not-positive',
  'total zero': 'not-positive',
  'total of the wrong type': 'wrong-type',
  'granularity zero': 'not-positive',
  'no regions': 'too-few',
  'regions not an array': 'wrong-type',
  'region without id': 'required',
  'unknown top-level field': 'unknown-field',
  'unknown region field': 'unknown-field',
  'unknown model': 'unknown-model',
  'override weight not a number': 'not-a-decimal',
  'inline model with an unknown key': 'unknown-field',
};

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

describe('bad input answers 4xx problem+json, never 500', () => {
  it.each(cases)('%s', async (name, mutate, pointers) => {
    const body = sample();
    mutate(body);
    const problem = await expectProblem(await post('/v1/allocations', body), 422, pointers);
    // every issue has a stable code; the shared ones are the catalogue's
    for (const e of problem.errors) expect(e.code, `${name}: ${e.pointer}`).toMatch(KEBAB);
    if (CODES[name]) expect(problem.errors.find((e: any) => e.pointer === pointers[0]).code, name).toBe(CODES[name]);
  });

  it('a missing field that takes a number or a string says "required", not "got undefined"', async () => {
    const b = sample();
    delete b.total;
    const problem = await expectProblem(await post('/v1/allocations', b), 422, ['/total']);
    expect(problem.errors[0].detail).toMatch(/^this field is required/);
    expect(problem.errors[0].detail_zh).toMatch(/^缺少必填字段/);
    expect(JSON.stringify(problem)).not.toContain('undefined');
  });

  it('malformed JSON → 400, in plain Chinese as well as English, code malformed-json', async () => {
    const body = await expectProblem(await post('/v1/allocations', '{"model": "sichuan-2024", "total": '), 400);
    expect(body.detail_zh).not.toMatch(/Malformed|request body/);
    expect(body.code).toBe('malformed-json');
  });

  it('an empty body → 400', async () => {
    expect((await expectProblem(await post('/v1/allocations', ''), 400)).code).toBe('malformed-json');
  });

  it('a JSON array, string or null instead of an object → 422', async () => {
    for (const body of ['[]', '"hello"', 'null', '42']) {
      const res = await post('/v1/allocations', body);
      expect(res.status, body).toBeGreaterThanOrEqual(400);
      expect(res.status, body).toBeLessThan(500);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('the wrong content type → 415, code unsupported-media-type', async () => {
    // (JSON sent as text/plain is read as JSON: the spreadsheet door, tests/api/sheets-door.test.ts)
    const a = await expectProblem(await post('/v1/allocations', JSON.stringify(sample()), { 'content-type': 'text/html' }), 415);
    const b = await expectProblem(await post('/v1/allocations', 'a=1', { 'content-type': 'application/x-www-form-urlencoded' }), 415);
    expect([a.code, b.code]).toEqual(['unsupported-media-type', 'unsupported-media-type']);
  });

  it('a body over 5 MB → 413, code body-too-large', async () => {
    const huge = '{"pad":"' + 'x'.repeat(MAX_BODY_BYTES) + '"}';
    const body = await expectProblem(await post('/v1/allocations', huge), 413);
    expect(body.code).toBe('body-too-large');
    expect(body.detail).toContain('5 MB');
  });

  it('an unknown path → 404 not-found; a wrong method → 405 method-not-allowed, each with its code', async () => {
    const missing = await expectProblem(await app.request('/v1/nowhere'), 404);
    expect(missing.code).toBe('not-found');
    expect(missing.errors).toBeUndefined();
    // (GET of a calculation route is its GET form: tests/api/sheets-door.test.ts)
    const wrong = await app.request('/v1/allocations', { method: 'PUT' });
    const body = await expectProblem(wrong, 405);
    expect(body.code).toBe('method-not-allowed');
    expect(body.detail).toMatch(/use GET or POST/);
    expect(wrong.headers.get('allow')).toContain('POST');
    expect((await expectProblem(await app.request('/problems/nothing-such'), 404)).code).toBe('unknown-problem-type');
  });

  it('more than 10,000 regions → 422 naming /regions', async () => {
    const body = sample();
    body.regions = Array.from({ length: 10_001 }, (_, i) => ({ id: `r${i}`, indicators: {} }));
    await expectProblem(await post('/v1/allocations', body), 422, ['/regions']);
  });

  it('a bad query parameter → 422 naming it', async () => {
    const body = await expectProblem(await post('/v1/allocations?format=xls', sample()), 422);
    expect(body.errors[0].pointer).toBe('?format');
  });

  it('a problem whose issues share one code carries it at the top; mixed codes leave it out', async () => {
    const one = sample();
    one.extra = 1;
    one.regions[0].colour = 'red';
    expect((await expectProblem(await post('/v1/allocations', one), 422, ['/extra', '/regions/0/colour'])).code).toBe('unknown-field');
    const mixed = sample();
    mixed.extra = 1;
    mixed.total = '5,000';
    expect((await expectProblem(await post('/v1/allocations', mixed), 422, ['/extra', '/total'])).code).toBeUndefined();
  });

  it('three independent mistakes in one request: one 422 listing all three, each with its code', async () => {
    const body = sample();
    body.total = '5,000'; // the number grammar
    body.unit = 'dollar'; // an enum
    body.regions[1].colour = 'red'; // a key no schema knows
    const problem = await expectProblem(await post('/v1/allocations', body), 422, ['/total', '/unit', '/regions/1/colour']);
    const codes = Object.fromEntries(problem.errors.map((e: any) => [e.pointer, e.code]));
    expect(codes).toEqual({ '/total': 'thousands-separator', '/unit': 'not-one-of', '/regions/1/colour': 'unknown-field' });
    expect(problem.detail).toMatch(/^3 fields need attention/);
  });

  it('a bad query and a bad body in one request: both reported at once (the query was checked first, alone)', async () => {
    const body = sample();
    body.total = '5,000';
    body.extra = true;
    const problem = await expectProblem(await post('/v1/allocations?fromat=csv', body), 422, ['?fromat', '/total', '/extra']);
    expect(problem.errors.map((e: any) => e.code)).toEqual(['unknown-query-parameter', 'thousands-separator', 'unknown-field']);
    // a valid body adds nothing
    const alone = await expectProblem(await post('/v1/allocations?fromat=csv', sample()), 422, ['?fromat']);
    expect(alone.errors).toHaveLength(1);
  });

  it('an inline model whose points do not add up, values of the wrong type and an unknown field: one 422 with all of them', async () => {
    const model = (await (await app.request('/v1/models/evaluation/seed004-gaoxin-2021')).json()) as any;
    model.levels[0].points = '25'; // the model check (the engine's), run because the model's own fields passed
    const body = { model, values: 'all good', colour: 'red' };
    const problem = await expectProblem(await post('/v1/evaluations', body), 422, ['/model/levels/0/points', '/values', '/colour']);
    const code = (pointer: string) => problem.errors.find((e: any) => e.pointer === pointer).code;
    expect([code('/values'), code('/colour')]).toEqual(['wrong-type', 'unknown-field']);
    expect(code('/model/levels/0/points')).toMatch(KEBAB);
  });

  it('reports every problem at once, not one per round-trip', async () => {
    const body = sample();
    body.regions[0].indicators.poverty = -1;
    body.regions[1].indicators.monitored = 'x';
    body.regions[2].indicators.keyCounty = 'y';
    const problem = await expectProblem(await post('/v1/allocations', body), 422);
    expect(problem.errors).toHaveLength(3);
  });
});

describe("alsoCheck: a route's check of the parts that passed joins the schema's issues", () => {
  // a real resource app with one route, as the resources are built (src/api/common.ts)
  const demo = () => {
    const sub = resourceApp();
    const route = createRoute({
      method: 'post',
      path: '/demo',
      request: {
        body: {
          content: { 'application/json': { schema: z.object({ model: z.object({ weights: z.array(z.number()) }).strict(), total: z.number() }).strict() } },
        },
      },
      responses: { 200: { description: 'ok' } },
    });
    sub.openapi(route, (c) => c.json({ ok: true }, 200) as never);
    alsoCheck(sub, 'POST', '/demo', (body, failed) => {
      if (!partsValid(failed, '/model')) return [];
      const weights = (body as { model: { weights: number[] } }).model.weights;
      const sum = weights.reduce((a, b) => a + b, 0);
      return sum === 1 ? [] : [{ path: '/model/weights', code: 'demo-weights', en: `add up to ${sum}, not 1.`, zh: `合计为 ${sum}，不等于 1。` }];
    });
    return sub;
  };
  const send = (body: unknown) => demo().request('/demo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('a bad total and weights that do not add up: both, in one 422', async () => {
    const problem = await expectProblem(await send({ model: { weights: [0.5, 0.6] }, total: 'x' }), 422, ['/total', '/model/weights']);
    expect(problem.errors.map((e: any) => e.code)).toEqual(['wrong-type', 'demo-weights']);
  });

  it('the check does not run on a model that failed its own schema', async () => {
    const problem = await expectProblem(await send({ model: { weights: ['a'] }, total: 'x' }), 422, ['/total', '/model/weights/0']);
    expect(problem.errors.map((e: any) => e.code)).toEqual(['wrong-type', 'wrong-type']);
  });

  it('partsValid: a part holds an issue at it or below it, not one beside it', () => {
    const at = (path: string) => ({ path, en: 'x', zh: '某' });
    expect(partsValid([at('/total')], '/model')).toBe(true);
    expect(partsValid([at('/model')], '/model')).toBe(false);
    expect(partsValid([at('/model/factors/0')], '/model')).toBe(false);
    expect(partsValid([at('/models')], '/model')).toBe(true);
    expect(partsValid([at('')], '/model')).toBe(false);
  });
});

describe('whenValid: a request-level check runs when the parts it reads passed', () => {
  const schema = z
    .object({ model: z.object({ weights: z.array(z.number()) }).strict(), total: z.number() })
    .strict()
    .superRefine(
      (v, ctx) => {
        const sum = v.model.weights.reduce((a, b) => a + b, 0);
        if (sum !== 1) ctx.addIssue({ code: 'custom', path: ['model', 'weights'], message: 'sum' });
      },
      whenValid(['model']),
    );

  it('runs whatever other fields did', () => {
    const r = schema.safeParse({ model: { weights: [0.5, 0.6] }, total: 'x' });
    expect(r.error!.issues.map((i) => i.path.join('/'))).toEqual(['total', 'model/weights']);
  });

  it('does not run on a failed part', () => {
    const r = schema.safeParse({ model: { weights: ['a'] }, total: 1 });
    expect(r.error!.issues.map((i) => i.path.join('/'))).toEqual(['model/weights/0']);
  });
});
