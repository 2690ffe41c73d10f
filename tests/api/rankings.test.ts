/** POST /v1/rankings through the API: answers, and bad input as 422 problem+json naming each field. */
import { describe, expect, it } from 'vitest';
import { app, expectProblem, post, postJson } from './request.js';
import { inPatch } from '../../src/api/overrides.js';

const request = (patch: Record<string, unknown> = {}) => ({
  model: 'sichuan-county-points',
  unit: 'wan',
  regions: [
    { id: 'A', name: '甲县' },
    { id: 'B', name: '乙县' },
    { id: 'C', name: '丙县' },
  ],
  events: [
    { region: 'A', kind: 'check', points: '-3', date: '2024-03-12' },
    { region: 'B', kind: 'visit', points: -5, date: '2024-06-02' },
    { region: 'C', kind: 'dispatch', points: '1.5', period: '2024-05' },
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
  it('answers the ranking in the one envelope: model, unit, summary, rows best first, formula, tie rule, provenance', async () => {
    const { res, json } = await postJson('/v1/rankings', request());
    expect(res.status).toBe(200);
    expect(Object.keys(json)).toEqual(['model', 'unit', 'summary', 'rows', 'granularity', 'formula', 'tieRule', 'provenance']);
    expect(json.model).toEqual({ id: 'sichuan-county-points', version: '2024.1' });
    expect(json.unit).toBe('wan');
    expect(json.provenance).toMatchObject({
      model: { id: 'sichuan-county-points', version: '2024.1', hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) },
      request: expect.stringMatching(/^sha256:/),
    });
    // counts are JSON numbers
    expect(json.summary).toMatchObject({ regions: 3, events: 3, penalties: '400.00', rewards: '400.00' });
    // 3 counties: N shrinks to ⌊3/2⌋ = 1; C 101.5 gains 400, B 95 loses 400
    expect(json.rows.map((r: any) => [r.id, r.composite, r.rank, r.rankFromBottom, r.group, r.penalty, r.reward])).toEqual([
      ['C', '101.5', 1, 3, 'top', '0.00', '400.00'],
      ['A', '97', 2, 2, 'none', '0.00', '0.00'],
      ['B', '95', 3, 1, 'bottom', '400.00', '0.00'],
    ]);
    expect(json.formula.en).toBe(
      "composite = 100 + check + visit + dispatch + bulletin + warning, each kind being the Σ points of the region's events of that kind; no caps",
    );
    expect(json.formula.zh).toContain('综合得分 = 100');
    expect(json.tieRule.en).toMatch(/share a rank/);
    expect(json.summary.groups.bottom).toMatchObject({ count: 10, applied: 1, members: 1, total: '400.00' });
  });

  it('each row says how its composite, rank and amount came about, in both languages', async () => {
    const { json } = await postJson('/v1/rankings', request());
    const [c, a, b] = json.rows;
    expect(c.reason.en).toBe('composite 101.5 (base 100; dispatch 1.5 (1 event)); rank 1 of 3 (3 from the bottom); in the top 1: gains 400.00 wan.');
    expect(c.reason.zh).toBe('综合得分 101.5（基础分 100；调度 1.5（1 项））；3 个地区中排第 1 名（倒数第 3 名）；位列前 1 名：奖励 400.00 万元。');
    expect(a.reason.en).toContain('in neither group');
    expect(b.reason.en).toContain('in the bottom 1: loses 400.00 wan');
  });

  it('the same request gives the same provenance; another model content gives another hash', async () => {
    const one = (await postJson('/v1/rankings', request())).json.provenance;
    const two = (await postJson('/v1/rankings', request())).json.provenance;
    expect(two).toEqual(one);
    const patched = (await postJson('/v1/rankings', request({ overrides: { top: null } }))).json.provenance;
    expect(patched.model.hash).not.toBe(one.model.hash);
    expect(patched.request).not.toBe(one.request);
  });

  it('overrides are a JSON merge patch of the named model, applied before anything is computed', async () => {
    const { res, json } = await postJson('/v1/rankings', request({ overrides: { top: null, bottom: { amount: { from: null, fixed: '250' } } } }));
    expect(res.status).toBe(200);
    expect(json.model).toEqual({ id: 'sichuan-county-points', version: '2024.1' });
    expect(json.summary.groups.top).toBeNull();
    expect(json.summary).toMatchObject({ penalties: '250.00', rewards: '0.00' });
    expect(json.rows.map((r: any) => [r.id, r.group, r.penalty, r.reward])).toEqual([
      ['C', 'none', '0.00', '0.00'],
      ['A', 'none', '0.00', '0.00'],
      ['B', 'bottom', '250.00', '0.00'],
    ]);
    // caps by override: a kind replaced, with its bounds (arrays are replaced whole)
    const capped = await postJson(
      '/v1/rankings',
      request({ overrides: { kinds: [{ id: 'check' }, { id: 'visit', minimum: '-2' }, { id: 'dispatch', maximum: '1' }] } }),
    );
    expect(capped.json.rows.map((r: any) => [r.id, r.composite])).toEqual([
      ['C', '101'],
      ['B', '98'],
      ['A', '97'],
    ]);
    expect(capped.json.formula.en).toContain('visit within [-2, +∞], dispatch within [−∞, 1]');
  });

  it('the model as used is what is hashed: a built-in model with overrides and the same model sent inline answer alike', async () => {
    const overrides = { top: null, kinds: [{ id: 'check', minimum: '-2' }, { id: 'visit' }, { id: 'dispatch', weight: '2' }] };
    const patched = await postJson('/v1/rankings', request({ overrides }));
    const file = (await (await app.request('/v1/models/points/sichuan-county-points')).json()) as any;
    const { top: _, ...rest } = file;
    const inline = await postJson('/v1/rankings', request({ model: { ...rest, kinds: overrides.kinds } }));
    expect(inline.json.provenance.model).toEqual(patched.json.provenance.model);
    expect(inline.json.rows).toEqual(patched.json.rows);
    expect(inline.json.rows.map((r: any) => [r.id, r.composite])).toEqual([
      ['C', '103'],
      ['A', '98'],
      ['B', '95'],
    ]);
  });

  it('an override that breaks the model is a 422 named under /overrides, each problem at once', async () => {
    const body = await expectProblem(
      await post('/v1/rankings', request({ overrides: { base: 'high', bottom: { count: 0 }, kinds: [{ id: 'check', minimum: '5', maximum: '-5' }] } })),
      422,
      ['/overrides/base', '/overrides/bottom/count', '/overrides/kinds/0/minimum'],
    );
    expect(body.errors.map((e: any) => e.pointer).every((p: string) => p.startsWith('/overrides'))).toBe(true);
    // an array the patch gives whole is the patch's: the problem is pointed inside it
    await expectProblem(await post('/v1/rankings', request({ overrides: { kinds: [{ id: 'check', minimum: '5', maximum: '-5' }] } })), 422, [
      '/overrides/kinds/0/minimum',
    ]);
    const twice = await expectProblem(await post('/v1/rankings', request({ overrides: { kinds: [{ id: 'check' }, { id: 'check' }] } })), 422, [
      '/overrides/kinds/1/id',
    ]);
    expect(twice.errors[0].code).toBe('duplicate-id');
    await expectProblem(await post('/v1/rankings', request({ overrides: { unit: 'dollars' } })), 422, ['/overrides/unit']);
    await expectProblem(await post('/v1/rankings', request({ overrides: 'top' })), 422, ['/overrides']);
  });

  it('?format=csv gives the rows with the unit in the money headers and a total row', async () => {
    const res = await post('/v1/rankings?format=csv', request());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe(
      'id,name,rank,rankFromBottom,composite,group,penalty (wan),reward (wan),events,check,visit,dispatch,bulletin,warning,reason,reason_zh',
    );
    expect(lines[1].startsWith('C,丙县,1,3,101.5,top,0.00,400.00,1,0,0,1.5,0,0,')).toBe(true);
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('total · 合计,,,,,,400.00,400.00,3,,,,,,,');
    const tsv = await post('/v1/rankings?format=tsv', request());
    expect((await tsv.text()).split(/\r?\n/)[0]).toContain('penalty (wan)\treward (wan)');
  });

  it('?explain=true is a 422: the route has no trace, its rows carry reasons', async () => {
    await expectProblem(await post('/v1/rankings?explain=true', request()), 422, ['?explain']);
    expect((await post('/v1/rankings?explain=false', request())).status).toBe(200);
  });

  it('takes an inline model, and the granularity in the request', async () => {
    const { res, json } = await postJson(
      '/v1/rankings',
      request({ model: inline({ kinds: [{ id: 'check' }, { id: 'visit' }, { id: 'dispatch', weight: '2' }] }), unit: 'yuan', granularity: '1' }),
    );
    expect(res.status).toBe(200);
    expect(json.model).toEqual({ id: 'inline', version: 'inline' });
    expect(json.rows.map((r: any) => [r.id, r.composite, r.penalty])).toEqual([
      ['C', '103', '0'],
      ['A', '97', '0'],
      ['B', '95', '2000000'],
    ]);
    expect(json.formula.en).toContain('2 × dispatch');
    expect(json.provenance.model).toMatchObject({ id: 'inline', version: 'inline' });
  });

  it('a region with no events keeps the base score; no events at all is a ranking of equals', async () => {
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
    expect(Object.keys(op.responses['200'].content)).toEqual([
      'application/json',
      'text/csv',
      'text/tab-separated-values',
      'application/xml',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'text/plain',
    ]);
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
    // an id that refers to nothing in its list: the common code, as an unknown region's
    expect(body.errors[0].code).toBe('unknown-reference');
    expect(body.errors[0].detail).toContain('"audit"');
  });

  it('duplicate region ids', async () => {
    const body = await expect422(request({ regions: [{ id: 'A' }, { id: 'B' }, { id: 'C' }, { id: 'B' }] }), ['/regions/3/id']);
    // the common code of a repeated id, as on every route, saying where it was first
    expect(body.errors[0].code).toBe('duplicate-id');
    expect(body.errors[0].detail).toContain('/regions/1/id');
  });

  it('an event for a region not in "regions"', async () => {
    const events = [...request().events, { region: 'Z', kind: 'check', points: '1' }];
    const body = await expect422(request({ events }), ['/events/3/region']);
    // the common code of an id that refers to nothing in its list
    expect(body.errors[0].code).toBe('unknown-reference');
    expect(body.errors[0].detail).toContain('"Z"');
    expect(body.errors[0].detail_zh).toContain('地区');
  });

  it("the old names are refused: counties, events[].county, a kind's min/max", async () => {
    const { regions, ...rest } = request();
    await expect422({ ...rest, counties: regions }, ['/counties', '/regions']);
    await expect422(request({ events: [{ county: 'A', kind: 'check', points: '1' }] }), ['/events/0/county', '/events/0/region']);
    await expect422(request({ model: inline({ kinds: [{ id: 'check', min: '-5' }] }) }), ['/model/kinds/0/min']);
  });

  it('non-numeric points', async () => {
    for (const points of ['abc', '1,000', '3分', true, null, '']) {
      await expect422(request({ events: [{ region: 'A', kind: 'check', points }] }), ['/events/0/points']);
    }
  });

  it('an event without points whose kind has no standard points', async () => {
    const body = await expect422(request({ events: [{ region: 'A', kind: 'check' }] }), ['/events/0/points']);
    expect(body.errors[0].detail_zh).toContain('分值');
  });

  it('N larger than allowed (or not a whole number of regions)', async () => {
    await expect422(request({ model: inline({ bottom: { count: 10_001, amount: { fixed: '200' } } }) }), ['/model/bottom/count']);
    await expect422(request({ model: inline({ top: { count: 0, amount: { fixed: '200' } } }) }), ['/model/top/count']);
    await expect422(request({ model: inline({ top: { count: 2.5, amount: { fixed: '200' } } }) }), ['/model/top/count']);
  });

  it('bad dates and periods', async () => {
    await expect422(request({ events: [{ region: 'A', kind: 'check', points: '1', date: '2024-02-30' }] }), ['/events/0/date']);
    await expect422(request({ events: [{ region: 'A', kind: 'check', points: '1', date: '2024/05/01' }] }), ['/events/0/date']);
    await expect422(request({ events: [{ region: 'A', kind: 'check', points: '1', period: '2024-Q5' }] }), ['/events/0/period']);
    await expect422(request({ events: [{ region: 'A', kind: 'check', points: '1', date: '2024-05-01', period: '2024' }] }), ['/events/0/period']);
    await expect422(request({ period: { from: '2024-12-31', to: '2024-01-01' } }), ['/period/to']);
    await expect422(request({ period: { from: '2024-01-01', to: '2024-13-01' } }), ['/period/to']);
  });

  it('an event outside the request’s period, or undated when there is one', async () => {
    const body = await expect422(
      request({
        period: { from: '2024-01-01', to: '2024-12-31' },
        events: [
          { region: 'A', kind: 'check', points: '1', date: '2023-12-31' },
          { region: 'A', kind: 'check', points: '1', period: '2025-Q1' },
          { region: 'A', kind: 'check', points: '1' },
        ],
      }),
      ['/events/0/date', '/events/1/period', '/events/2/date'],
    );
    expect(body.errors[0].detail).toContain('outside');
  });

  it('an unknown model id, and inline models with problems', async () => {
    const body = await expect422(request({ model: 'atlantis-points' }), ['/model']);
    expect(body.detail).toContain('sichuan-county-points');
    expect(body.errors[0].code).toBe('unknown-model');
    await expect422(request({ model: inline({ kinds: [{ id: 'check' }, { id: 'check' }] }) }), ['/model/kinds/1/id']);
    const reversed = await expect422(request({ model: inline({ kinds: [{ id: 'check', minimum: '5', maximum: '-5' }] }) }), ['/model/kinds/0/minimum']);
    expect(reversed.errors[0].code).toBe('ranking-kind-bounds-reversed');
    await expect422(request({ model: inline({ base: 'high' }) }), ['/model/base']);
    await expect422(request({ model: inline({ bottom: { count: 10, amount: { from: '-400', to: '200' } } }) }), ['/model/bottom/amount/from']);
    await expect422(request({ model: inline({ kinds: [] }) }), ['/model/kinds']);
  });

  it('unknown fields, missing fields and empty lists', async () => {
    await expect422(request({ events: [{ region: 'A', kind: 'check', points: '1', score: 2 }] }), ['/events/0/score']);
    const empty = await expect422(request({ regions: [] }), ['/regions']);
    // a zod bound's issue takes the problem's generic code (too-few …), a kebab-case one all the same
    expect(empty.errors[0].code).toMatch(/^[a-z]+(-[a-z]+)+$/);
    const badDate = await expect422(request({ period: { from: '2024-13-01', to: '2024-12-31' } }), ['/period/from']);
    expect(badDate.errors[0].code).toBe('ranking-date-format');
    const { unit: _, ...noUnit } = request();
    await expect422(noUnit, ['/unit']);
    await expect422(request({ format: 'csv' }), ['/format']);
  });

  it('schema problems are all named at once; reference problems come once the fields are well-formed', async () => {
    const body = await expect422(
      request({
        regions: [{ id: 'A' }, { id: 'A' }],
        events: [
          { region: 'Z', kind: 'check', points: '1' },
          { region: 'A', kind: 'nope', points: '1' },
        ],
      }),
      ['/regions/1/id', '/events/0/region', '/events/1/kind'],
    );
    expect(body.errors).toHaveLength(3);
  });

  it('a bad ?format is a 422 naming the query parameter', async () => {
    await expectProblem(await post('/v1/rankings?format=xls', request()), 422, ['?format']);
  });
});

describe('POST /v1/rankings: every independent mistake at once', () => {
  const codes = (problem: any) => Object.fromEntries(problem.errors.map((e: any) => [e.pointer, e.code]));

  it('a bad override is named beside a bad event’s points', async () => {
    const events = request().events;
    events[0] = { ...events[0], points: '1,5' };
    const problem = await expectProblem(
      await post('/v1/rankings', request({ events, overrides: { bottom: { amount: { fixed: '5,000', from: null, to: null } } } })),
      422,
    );
    expect(codes(problem)).toEqual({ '/overrides/bottom/amount/fixed': 'thousands-separator', '/events/0/points': 'decimal-comma' });
  });

  it('an unknown region, an unknown kind and a repeated id are named beside a bad event’s points', async () => {
    const events = request().events;
    events[0] = { ...events[0], points: '1,5' };
    events[1] = { ...events[1], region: 'ZZ' };
    events[2] = { ...events[2], kind: 'audit' };
    const regions = [...request().regions, { id: 'A' }];
    const problem = await expectProblem(await post('/v1/rankings', request({ events, regions })), 422);
    expect(codes(problem)).toEqual({
      '/events/0/points': 'decimal-comma',
      '/events/1/region': 'unknown-reference',
      '/events/2/kind': 'unknown-reference',
      '/regions/3/id': 'duplicate-id',
    });
  });
});

describe('POST /v1/rankings: a region the schema refused is not also an unknown reference', () => {
  it('an event naming a region whose entry is malformed gets no unknown-reference beside the region’s own problem', async () => {
    const problem = await expectProblem(await post('/v1/rankings', request({ regions: [{ id: 'A' }, { id: 'B' }, { name: '丙县' }] })), 422);
    expect(problem.errors.map((e: any) => [e.pointer, e.code])).toEqual([['/regions/2/id', 'required']]);
  });
});

describe('inPatch: a problem of the patched model, located in the patch', () => {
  const at = (path: string, patch: Record<string, unknown>) => inPatch({ path, code: 'x', en: 'x', zh: 'x' }, patch).path;

  it('follows the patch’s objects, and the arrays it gives whole, as far as they reach', () => {
    const patch = { milestones: [{ target: 'x' }], bottom: { count: 0 }, 'a/b': { c: 1 } };
    expect(at('/milestones/0/target', patch)).toBe('/overrides/milestones/0/target');
    expect(at('/milestones/3/target', patch)).toBe('/overrides/milestones');
    expect(at('/milestones/length', patch)).toBe('/overrides/milestones');
    expect(at('/bottom/count', patch)).toBe('/overrides/bottom/count');
    expect(at('/bottom/amount/fixed', patch)).toBe('/overrides/bottom');
    expect(at('/a~1b/c', patch)).toBe('/overrides/a~1b/c');
    expect(at('/top', patch)).toBe('/overrides');
    expect(at('', patch)).toBe('/overrides');
  });
});

describe('POST /v1/rankings: the groups’ amounts are written as every amount is', () => {
  it('with the granularity’s decimals, in the answer’s unit ("400.00" at 0.01; yuan when the request asks for yuan)', async () => {
    const { json } = await postJson('/v1/rankings', request());
    expect(json.summary.groups.bottom.amount).toEqual({ from: '400.00', to: '200.00' });
    const kinds = [{ id: 'check' }, { id: 'visit' }, { id: 'dispatch' }];
    const yuan = await postJson('/v1/rankings', request({ model: inline({ kinds, bottom: { count: 1, amount: { fixed: '200' } } }), unit: 'yuan' }));
    expect(yuan.json.summary.groups.bottom.amount).toEqual({ fixed: '2000000.00' });
    expect(yuan.json.rows.at(-1).penalty).toBe('2000000.00');
  });

  it('an amount finer than the granularity is shown as it is applied: to the nearest granule, as each row pays it', async () => {
    const { res, json } = await postJson(
      '/v1/rankings',
      request({
        model: inline({ kinds: [{ id: 'check' }, { id: 'visit' }, { id: 'dispatch' }], bottom: { count: 1, amount: { fixed: '120.5' } } }),
        granularity: '100',
      }),
    );
    expect(res.status).toBe(200);
    expect(json.summary.groups.bottom.amount).toEqual({ fixed: '100' });
    expect(json.rows.find((r: any) => r.group === 'bottom').penalty).toBe('100');
    expect(json.summary.groups.bottom.total).toBe('100');
  });
});
