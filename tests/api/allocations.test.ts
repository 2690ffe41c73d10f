import { describe, expect, it } from 'vitest';
import { SAMPLE_REQUEST } from '../helpers.js';
import { app, post, postJson } from './request.js';

describe('POST /v1/allocations', () => {
  it('splits the total by the named model; amounts add up to the cent', async () => {
    const { res, json } = await postJson('/v1/allocations', SAMPLE_REQUEST);
    expect(res.status).toBe(200);
    expect(json.model).toEqual({ id: 'sichuan-2024', version: '2024.2' });
    expect(json.unit).toBe('wan');
    expect(json.total).toBe('1000.00');
    expect(json.rows.map((r: any) => r.id)).toEqual(['A', 'B', 'C']);
    const cents = json.rows.reduce((s: bigint, r: any) => s + BigInt(r.amount.replace('.', '')), 0n);
    expect(cents).toBe(100000n);
    expect(json.checks).toMatchObject({ sum: '1000.00', balanced: true, regions: 3, weightsSum: '1' });
    expect(Object.keys(json.rows[0].factors)).toEqual(['policy', 'population', 'income', 'performance']);
    expect(json.rows[0].rank).toBe(1);
  });

  it('takes amounts as numbers too, and the model granularity when none is given', async () => {
    const { granularity: _g, ...rest } = SAMPLE_REQUEST;
    const { json } = await postJson('/v1/allocations', { ...rest, total: 1000 });
    expect(json.granularity).toBe('0.01');
    expect(json.total).toBe('1000.00');
  });

  it('converts the model granularity to the request unit', async () => {
    const { granularity: _g, ...rest } = SAMPLE_REQUEST;
    const { json } = await postJson('/v1/allocations', { ...rest, total: '10000000', unit: 'yuan' });
    expect(json.granularity).toBe('100'); // 0.01 万元 = 100 元
    expect(json.rows.every((r: any) => /^\d+$/.test(r.amount) && BigInt(r.amount) % 100n === 0n)).toBe(true);
  });

  it('explain=true adds the trace with the model parameters and their sources', async () => {
    const { json } = await postJson('/v1/allocations?explain=true', SAMPLE_REQUEST);
    expect(json.trace.model.sources[0]).toMatchObject({ ref: '质效双提方案', title: '衔接资金项目质效双提行动实施方案', date: '2024-05-15' });
    expect(json.trace.parameters).toContainEqual(
      expect.objectContaining({ name: 'policy.weight', value: '0.35', source: '质效双提方案 §二4' }),
    );
    expect(json.trace.indicators.find((i: any) => i.indicator === 'income')).toMatchObject({ transform: 'reciprocal', exact: true });
    // A is a national key county: formula → set-aside → the unused reward reserve spread by the formula → rounding
    expect(json.rows[0].trace.steps.map((x: any) => x.stage)).toEqual(['formula', 'setAside', 'redistribution', 'rounding']);
    expect(json.books).toMatchObject({ total: '1000.00', formulaPool: '823.50', unspent: '5.00', regions: '1000.00' });
    expect(json.trace.pipeline.setAsides.map((x: any) => [x.id, x.regions])).toEqual([
      ['nationalKeyCounties', ['A']],
      ['provincialKeyCounties', ['B']],
      ['rewardReserve', []],
    ]);
  });

  it('format=csv gives spreadsheet rows: BOM, Chinese names, stable columns', async () => {
    const res = await post('/v1/allocations?format=csv', SAMPLE_REQUEST);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'id,name,amount,share,rank,policy,population,income,performance,' +
        'stage_formula,stage_setAside,stage_points,stage_grade,stage_negativeList,stage_floorCap,stage_redistribution,stage_rounding',
    );
    expect(lines[1]).toMatch(/^A,甲县,\d+\.\d{2},/);
    expect(lines).toHaveLength(4);
  });

  it('format=tsv uses tabs, and CSV defuses names a spreadsheet would run as formulas', async () => {
    const tsv = await post('/v1/allocations?format=tsv', SAMPLE_REQUEST);
    expect((await tsv.text()).split('\r\n')[0]).toContain('id\tname\tamount');
    const evil = structuredClone(SAMPLE_REQUEST);
    evil.regions[0].name = '=HYPERLINK("http://x","点我")';
    const csv = await (await post('/v1/allocations?format=csv', evil)).text();
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""点我"")"`);
  });

  it('overrides change weights for a what-if', async () => {
    const base = (await postJson('/v1/allocations', SAMPLE_REQUEST)).json;
    const { json } = await postJson('/v1/allocations', {
      ...SAMPLE_REQUEST,
      overrides: { weights: { policy: '0.30', performance: '0.10' } },
    });
    expect(json.checks.balanced).toBe(true);
    expect(json.rows[0].amount).not.toBe(base.rows[0].amount);
    const sichuan2023 = (await postJson('/v1/allocations', { ...SAMPLE_REQUEST, model: 'sichuan-2023' })).json;
    expect(json.rows.map((r: any) => r.amount)).toEqual(sichuan2023.rows.map((r: any) => r.amount));
  });

  it('accepts an inline model of the same shape as the files', async () => {
    const { res, json } = await postJson('/v1/allocations', {
      model: { factors: [{ id: 'need', weight: '1', indicators: [{ id: 'pop', weight: '1', transform: 'direct' }] }] },
      total: '10',
      unit: 'wan',
      granularity: '1',
      regions: [
        { id: 'x', indicators: { pop: 1 } },
        { id: 'y', indicators: { pop: 4 } },
      ],
    });
    expect(res.status).toBe(200);
    expect(json.model).toEqual({ id: 'inline', version: 'inline' });
    expect(json.rows.map((r: any) => r.amount)).toEqual(['2', '8']);
  });

  it('answers CORS preflight for embedding pages', async () => {
    const res = await app.request('/v1/allocations', {
      method: 'OPTIONS',
      headers: { origin: 'https://planner.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });
});

describe('models, health, documentation', () => {
  it('GET /v1/models?kind=allocation lists the built-in allocation models (tests/api/models.test.ts: every kind)', async () => {
    const json = (await (await app.request('/v1/models?kind=allocation')).json()) as any;
    expect(json.models.map((m: any) => m.id)).toEqual(['sichuan-2023', 'sichuan-2024']);
    const model = (await (await app.request('/v1/models/allocation/sichuan-2024')).json()) as any;
    expect(model.factors.map((f: any) => [f.id, f.weight])).toEqual([
      ['policy', '0.35'],
      ['population', '0.30'],
      ['income', '0.30'],
      ['performance', '0.05'],
    ]);
  });

  it('GET /v1/models/{id} returns the whole allocation model; an unknown id is a 404 problem', async () => {
    const ok = await app.request('/v1/models/sichuan-2023');
    expect(((await ok.json()) as any).factors[0].weight).toBe('0.30');
    const missing = await app.request('/v1/models/atlantis-2024');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(((await missing.json()) as any).detail).toContain('sichuan-2024');
  });

  it('GET /health', async () => {
    expect(await (await app.request('/health')).json()).toMatchObject({ status: 'ok', models: 6 });
  });

  it('GET /openapi.json is OpenAPI 3.1 with examples', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    const op = doc.paths['/v1/allocations'].post;
    expect(op.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/AllocationRequest');
    expect(doc.components.schemas.AllocationRequest.example.model).toBe('sichuan-2024');
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '413', '415', '422']));
    expect(doc.paths['/v1/models/{id}']).toBeDefined();
    // each error status shows its own problem, not one example for all
    for (const status of ['400', '413', '415', '422']) {
      expect(op.responses[status].content['application/problem+json'].example.status).toBe(Number(status));
    }
  });

  it('GET /docs is a page whose assets the service serves itself', async () => {
    const html = await (await app.request('/docs')).text();
    expect(html).toContain('/docs/assets/swagger-ui-bundle.js');
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[a-z]/i);
  });

  it('an unknown path is a 404 problem', async () => {
    const res = await app.request('/v2/nothing');
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).type).toBe('/problems/not-found');
  });
});
