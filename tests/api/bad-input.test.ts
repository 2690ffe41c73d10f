/** Bad input of every kind answers 4xx application/problem+json naming the field — never a 500. */
import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/api/app.js';
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

describe('bad input answers 4xx problem+json, never 500', () => {
  it.each(cases)('%s', async (_name, mutate, pointers) => {
    const body = sample();
    mutate(body);
    await expectProblem(await post('/v1/allocations', body), 422, pointers);
  });

  it('a missing field that takes a number or a string says "required", not "got undefined"', async () => {
    const b = sample();
    delete b.total;
    const problem = await expectProblem(await post('/v1/allocations', b), 422, ['/total']);
    expect(problem.errors[0].detail).toMatch(/^this field is required/);
    expect(problem.errors[0].detail_zh).toMatch(/^缺少必填字段/);
    expect(JSON.stringify(problem)).not.toContain('undefined');
  });

  it('malformed JSON → 400, in plain Chinese as well as English', async () => {
    const body = await expectProblem(await post('/v1/allocations', '{"model": "sichuan-2024", "total": '), 400);
    expect(body.detail_zh).not.toMatch(/Malformed|request body/);
  });

  it('an empty body → 400', async () => {
    await expectProblem(await post('/v1/allocations', ''), 400);
  });

  it('a JSON array, string or null instead of an object → 422', async () => {
    for (const body of ['[]', '"hello"', 'null', '42']) {
      const res = await post('/v1/allocations', body);
      expect(res.status, body).toBeGreaterThanOrEqual(400);
      expect(res.status, body).toBeLessThan(500);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('the wrong content type → 415', async () => {
    await expectProblem(await post('/v1/allocations', JSON.stringify(sample()), { 'content-type': 'text/plain' }), 415);
    await expectProblem(await post('/v1/allocations', 'a=1', { 'content-type': 'application/x-www-form-urlencoded' }), 415);
  });

  it('a body over 5 MB → 413', async () => {
    const huge = '{"pad":"' + 'x'.repeat(MAX_BODY_BYTES) + '"}';
    await expectProblem(await post('/v1/allocations', huge), 413);
  });

  it('more than 10,000 regions → 422 naming /regions', async () => {
    const body = sample();
    body.regions = Array.from({ length: 10_001 }, (_, i) => ({ id: `r${i}`, indicators: {} }));
    await expectProblem(await post('/v1/allocations', body), 422, ['/regions']);
  });

  it('a bad query parameter → 422 naming it', async () => {
    const body = await expectProblem(await post('/v1/allocations?format=xlsx', sample()), 422);
    expect(body.errors[0].pointer).toBe('?format');
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
