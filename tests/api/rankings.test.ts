/** POST /v1/rankings through the API: answers, and bad input as 422 problem+json naming each field. */
import { describe, expect, it } from 'vitest';
import { app, expectProblem, post, postJson } from './request.js';

const request = (patch: Record<string, unknown> = {}) => ({
  model: 'sichuan-county-points',
  unit: 'wan',
  counties: [
    { id: 'A', name: '甲县' },
    { id: 'B', name: '乙县' },
    { id: 'C', name: '丙县' },
  ],
  events: [
    { county: 'A', kind: 'check', points: '-3', date: '2024-03-12' },
    { county: 'B', kind: 'visit', points: -5, date: '2024-06-02' },
    { county: 'C', kind: 'dispatch', points: '1.5', period: '2024-05' },
  ],
  ...patch,
});

const inline = (patch: Record<string, unknown> = {}) => ({
  unit: 'wan',
  base: '100',
  kinds: [{ id: 'check' }, { id: 'visit' }],
  bottom: { count: 1, amount: { fixed: '200' } },
  ...patch,
});

describe('POST /v1/rankings', () => {
  it('answers the ranking, best first, with the tie rule and the formula', async () => {
    const { res, json } = await postJson('/v1/rankings', request());
    expect(res.status).toBe(200);
    expect(json.model).toEqual({ id: 'sichuan-county-points', version: '2024.1' });
    // 3 counties: N shrinks to ⌊3/2⌋ = 1; C 101.5 gains 400, B 95 loses 400
    expect(json.rows.map((r: any) => [r.id, r.composite, r.rank, r.rankFromBottom, r.group, r.penalty, r.reward])).toEqual([
      ['C', '101.5', 1, 3, 'top', '0.00', '400.00'],
      ['A', '97', 2, 2, 'none', '0.00', '0.00'],
      ['B', '95', 3, 1, 'bottom', '400.00', '0.00'],
    ]);
    expect(json.formula).toBe("composite = 100 + check + visit + dispatch + bulletin + warning, each kind being the Σ points of the county's events of that kind; no caps");
    expect(json.tieRule.en).toMatch(/share a rank/);
    expect(json.groups.bottom).toMatchObject({ count: 10, applied: 1, members: 1, total: '400.00' });
  });

  it('takes an inline model, and the granularity in the request', async () => {
    const { res, json } = await postJson('/v1/rankings', request({ model: inline({ kinds: [{ id: 'check' }, { id: 'visit' }, { id: 'dispatch', weight: '2' }] }), unit: 'yuan', granularity: '1' }));
    expect(res.status).toBe(200);
    expect(json.model).toEqual({ id: 'inline', version: 'inline' });
    expect(json.rows.map((r: any) => [r.id, r.composite, r.penalty])).toEqual([
      ['C', '103', '0'],
      ['A', '97', '0'],
      ['B', '95', '2000000'],
    ]);
    expect(json.formula).toContain('2 × dispatch');
  });

  it('a county with no events keeps the base score; no events at all is a ranking of equals', async () => {
    const { json } = await postJson('/v1/rankings', request({ events: [] }));
    expect(json.rows.map((r: any) => [r.composite, r.rank, r.group])).toEqual([
      ['100', 1, 'none'],
      ['100', 1, 'none'],
      ['100', 1, 'none'],
    ]);
  });

  it('/openapi.json documents the route with an example', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as any;
    const op = doc.paths['/v1/rankings'].post;
    expect(op.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/RankingRequest');
    expect(doc.components.schemas.RankingRequest.example.model).toBe('sichuan-county-points');
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '413', '415', '422']));
    expect(Object.keys(op.responses['200'].content)).toEqual(['application/json', 'text/csv', 'text/tab-separated-values']);
  });

  it('the example in the OpenAPI document runs', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as any;
    const res = await post('/v1/rankings', doc.components.schemas.RankingRequest.example);
    expect(res.status).toBe(200);
  });
});

describe('POST /v1/rankings: bad input is a 422 naming the field', () => {
  const expect422 = async (body: unknown, pointers: string[]) => expectProblem(await post('/v1/rankings', body), 422, pointers);

  it('an unknown event kind', async () => {
    const events = request().events;
    events[1] = { ...events[1], kind: 'audit' };
    const body = await expect422(request({ events }), ['/events/1/kind']);
    expect(body.errors[0].detail).toContain('check, visit, dispatch, bulletin, warning');
  });

  it('duplicate county ids', async () => {
    await expect422(request({ counties: [{ id: 'A' }, { id: 'B' }, { id: 'C' }, { id: 'B' }] }), ['/counties/3/id']);
  });

  it('an event for a county not in "counties"', async () => {
    const events = [...request().events, { county: 'Z', kind: 'check', points: '1' }];
    await expect422(request({ events }), ['/events/3/county']);
  });

  it('non-numeric points', async () => {
    for (const points of ['abc', '1,000', '3分', true, null, '']) {
      await expect422(request({ events: [{ county: 'A', kind: 'check', points }] }), ['/events/0/points']);
    }
  });

  it('an event without points whose kind has no standard points', async () => {
    const body = await expect422(request({ events: [{ county: 'A', kind: 'check' }] }), ['/events/0/points']);
    expect(body.errors[0].detail_zh).toContain('分值');
  });

  it('N larger than allowed (or not a whole number of counties)', async () => {
    await expect422(request({ model: inline({ bottom: { count: 10_001, amount: { fixed: '200' } } }) }), ['/model/bottom/count']);
    await expect422(request({ model: inline({ top: { count: 0, amount: { fixed: '200' } } }) }), ['/model/top/count']);
    await expect422(request({ model: inline({ top: { count: 2.5, amount: { fixed: '200' } } }) }), ['/model/top/count']);
  });

  it('bad dates and periods', async () => {
    await expect422(request({ events: [{ county: 'A', kind: 'check', points: '1', date: '2024-02-30' }] }), ['/events/0/date']);
    await expect422(request({ events: [{ county: 'A', kind: 'check', points: '1', date: '2024/05/01' }] }), ['/events/0/date']);
    await expect422(request({ events: [{ county: 'A', kind: 'check', points: '1', period: '2024-Q5' }] }), ['/events/0/period']);
    await expect422(request({ events: [{ county: 'A', kind: 'check', points: '1', date: '2024-05-01', period: '2024' }] }), ['/events/0/period']);
    await expect422(request({ period: { from: '2024-12-31', to: '2024-01-01' } }), ['/period/to']);
    await expect422(request({ period: { from: '2024-01-01', to: '2024-13-01' } }), ['/period/to']);
  });

  it('an event outside the request’s period, or undated when there is one', async () => {
    const body = await expect422(
      request({
        period: { from: '2024-01-01', to: '2024-12-31' },
        events: [
          { county: 'A', kind: 'check', points: '1', date: '2023-12-31' },
          { county: 'A', kind: 'check', points: '1', period: '2025-Q1' },
          { county: 'A', kind: 'check', points: '1' },
        ],
      }),
      ['/events/0/date', '/events/1/period', '/events/2/date'],
    );
    expect(body.errors[0].detail).toContain('outside');
  });

  it('an unknown model id, and inline models with problems', async () => {
    const body = await expect422(request({ model: 'atlantis-points' }), ['/model']);
    expect(body.detail).toContain('sichuan-county-points');
    await expect422(request({ model: inline({ kinds: [{ id: 'check' }, { id: 'check' }] }) }), ['/model/kinds/1/id']);
    await expect422(request({ model: inline({ kinds: [{ id: 'check', min: '5', max: '-5' }] }) }), ['/model/kinds/0/min']);
    await expect422(request({ model: inline({ base: 'high' }) }), ['/model/base']);
    await expect422(request({ model: inline({ bottom: { count: 10, amount: { from: '-400', to: '200' } } }) }), ['/model/bottom/amount/from']);
    await expect422(request({ model: inline({ kinds: [] }) }), ['/model/kinds']);
  });

  it('unknown fields, missing fields and empty lists', async () => {
    await expect422(request({ events: [{ county: 'A', kind: 'check', points: '1', score: 2 }] }), ['/events/0/score']);
    await expect422(request({ counties: [] }), ['/counties']);
    const { unit: _, ...noUnit } = request();
    await expect422(noUnit, ['/unit']);
    await expect422(request({ format: 'csv' }), ['/format']);
  });

  it('schema problems are all named at once; reference problems come once the fields are well-formed', async () => {
    const body = await expect422(
      request({
        counties: [{ id: 'A' }, { id: 'A' }],
        events: [
          { county: 'Z', kind: 'check', points: '1' },
          { county: 'A', kind: 'nope', points: '1' },
        ],
      }),
      ['/counties/1/id', '/events/0/county', '/events/1/kind'],
    );
    expect(body.errors).toHaveLength(3);
  });

  it('a bad ?format is a 422 naming the query parameter', async () => {
    await expectProblem(await post('/v1/rankings?format=xlsx', request()), 422, ['?format']);
  });
});
