/**
 * One model contract (issue 11): every kind of model — allocation, evaluation, monitoring, points,
 * industry-share — is listed by GET /v1/models?kind= and fetched by GET /v1/models/<kind>/<id>, and an
 * unknown model is worded one way wherever it is named: a 404 on GET, a 422 at /model in a request.
 */
import { describe, expect, it } from 'vitest';
import { app, expectProblem, postJson } from './request.js';

const KINDS = ['allocation', 'evaluation', 'monitoring', 'points', 'industry-share', 'projects'];
const get = async (path: string) => {
  const res = await app.request(path);
  return { res, json: (await res.clone().json()) as any };
};

describe('GET /v1/models?kind=', () => {
  it.each([
    ['allocation', ['sichuan-2024', 'sichuan-2023']],
    ['evaluation', ['seed004-gaoxin-2021']],
    ['monitoring', ['default']],
    ['points', ['sichuan-county-points']],
    ['industry-share', ['sichuan']],
  ])('lists the %s models with kind, id, version, title, jurisdiction, year, their file and builtIn: true', async (kind, ids) => {
    const { res, json } = await get(`/v1/models?kind=${kind}`);
    expect(res.status).toBe(200);
    expect(json.models.map((m: any) => m.id).sort()).toEqual([...ids].sort());
    for (const m of json.models) {
      expect(Object.keys(m).sort()).toEqual(['builtIn', 'file', 'id', 'jurisdiction', 'kind', 'title', 'version', 'year']);
      expect(m.builtIn).toBe(true);
      expect(m.kind).toBe(kind);
      expect(m.file).toMatch(new RegExp(`^models/${kind}/[a-z0-9-]+\\.json$`));
      expect(m.title.zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('lists every kind without ?kind', async () => {
    const { json } = await get('/v1/models');
    expect([...new Set(json.models.map((m: any) => m.kind))]).toEqual(KINDS);
  });

  it('sichuan-2023 and sichuan-2024 come from one file, models/allocation/sichuan.json', async () => {
    const { json } = await get('/v1/models?kind=allocation');
    expect(json.models.filter((m: any) => m.id.startsWith('sichuan-')).map((m: any) => [m.id, m.year, m.file])).toEqual([
      ['sichuan-2023', 2023, 'models/allocation/sichuan.json'],
      ['sichuan-2024', 2024, 'models/allocation/sichuan.json'],
    ]);
  });

  it.each(['/v1/models?knid=allocation', '/v1/models/allocation/sichuan-2024?format=csv', '/v1/models/points/sichuan-county-points?year=2023'])(
    '%s: an unknown query parameter is a 422 naming it',
    async (path) => {
      const name = path.split('?')[1].split('=')[0];
      const body = await expectProblem(await app.request(path), 422, [`?${name}`]);
      expect(body.errors[0].code).toBe('unknown-query-parameter');
      expect(body.errors[0].detail).toMatch(path.startsWith('/v1/models?') ? /Its options: \?kind/ : /takes no query parameters/);
    },
  );

  it('an unknown kind is a 422 naming ?kind and the kinds', async () => {
    const res = await app.request('/v1/models?kind=allocations');
    const body = await expectProblem(res, 422, ['?kind']);
    expect(body.errors[0].detail).toContain('industry-share');
    expect(body.errors[0].code).toBe('unknown-model-kind');
  });
});

describe('GET /v1/models/<kind>/<id>', () => {
  it.each([
    ['allocation', 'sichuan-2023', (m: any) => m.factors.map((f: any) => f.weight), ['0.30', '0.30', '0.30', '0.10']],
    ['allocation', 'sichuan-2024', (m: any) => m.factors.map((f: any) => f.weight), ['0.35', '0.30', '0.30', '0.05']],
    ['evaluation', 'seed004-gaoxin-2021', (m: any) => m.levels.map((l: any) => l.points), ['20', '45', '35']],
    ['monitoring', 'default', (m: any) => m.milestones.map((x: any) => x.target), ['0.30', '0.50', '0.75', '1']],
    ['points', 'sichuan-county-points', (m: any) => m.bottom, { count: 10, amount: { from: '400', to: '200' } }],
    ['industry-share', 'sichuan', (m: any) => [m.central.start, m.central.startYear, m.provincial.floor], ['0.6', 2023, '0.5']],
  ])('%s/%s is served whole', async (kind, id, pick, expected) => {
    const { res, json } = await get(`/v1/models/${kind}/${id}`);
    expect(res.status).toBe(200);
    expect(json.id).toBe(id);
    expect(pick(json)).toEqual(expected);
  });

  it('one address per model: GET /v1/models/<id> without its kind is not a model (that path only saves one: 405)', async () => {
    const res = await app.request('/v1/models/sichuan-2023');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toMatch(/^POST\b/);
    expect(res.headers.get('allow')).not.toMatch(/GET/);
    expect(((await get('/v1/models/allocation/sichuan-2023')).json as any).id).toBe('sichuan-2023');
  });

  it('an unknown kind in the path is a 404 naming the kinds', async () => {
    const body = await expectProblem(await app.request('/v1/models/budgets/sichuan-2024'), 404);
    expect(body.detail).toContain('industry-share');
    expect(body.code).toBe('unknown-model-kind');
  });
});

const INDUSTRY_EXAMPLE = ((await (await app.request('/openapi.json')).json()) as any).components.schemas.IndustryCheckRequest.example;

describe('one unknown-model error', () => {
  // the route, a valid request, and where its model id goes
  const requests: [string, string, () => any][] = [
    ['allocation', '/v1/allocations', () => ({ model: 'atlantis', total: '100', unit: 'wan', regions: [{ id: 'a', indicators: {} }] })],
    ['evaluation', '/v1/evaluations', () => ({ model: 'atlantis', values: {} })],
    [
      'monitoring',
      '/v1/monitoring',
      () => ({
        model: 'atlantis',
        year: 2024,
        month: 6,
        unit: 'wan',
        regions: [{ id: 'A', level: 'city', months: [{ month: 6, inPlace: '10', spent: '5' }] }],
      }),
    ],
    ['points', '/v1/rankings', () => ({ model: 'atlantis', unit: 'wan', regions: [{ id: 'a' }], events: [] })],
    ['industry-share', '/v1/checks/industry-share', () => ({ ...INDUSTRY_EXAMPLE, model: 'atlantis' })],
  ];

  it.each(requests)('%s: a request naming an unknown model is a 422 at /model, worded as GET words its 404', async (kind, route, body) => {
    const { res, json } = await postJson(route, body());
    expect(res.status, JSON.stringify(json)).toBe(422);
    const issue = json.errors.find((e: any) => e.pointer === '/model');
    expect(issue, JSON.stringify(json.errors)).toBeDefined();
    expect(issue.code).toBe('unknown-model');
    const missing = await get(`/v1/models/${kind}/atlantis`);
    expect(missing.res.status).toBe(404);
    expect(missing.json.code).toBe('unknown-model');
    expect([missing.json.detail, missing.json.detail_zh]).toEqual([issue.detail, issue.detail_zh]);
    expect(issue.detail).toBe(
      `unknown ${kind} model "atlantis"; use one of ${(await get(`/v1/models?kind=${kind}`)).json.models.map((m: any) => m.id).join(', ')} (GET /v1/models?kind=${kind}) or send the model inline.`,
    );
  });

  it('industry-share: the same words on GET', async () => {
    const { res, json } = await get('/v1/models/industry-share/atlantis');
    expect(res.status).toBe(404);
    expect(json.code).toBe('unknown-model');
    expect(json.detail).toBe('unknown industry-share model "atlantis"; use one of sichuan (GET /v1/models?kind=industry-share) or send the model inline.');
    expect(json.detail_zh).toContain('未知产业发展比例模型');
  });
});

describe('OpenAPI', () => {
  it('documents the listing by kind and the fetch by kind and id', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as any;
    expect(doc.paths['/v1/models'].get.parameters.map((p: any) => p.name)).toContain('kind');
    expect(doc.paths['/v1/models/{kind}/{id}'].get).toBeDefined();
    expect(doc.components.schemas.ModelKind.enum).toEqual(KINDS);
    expect(doc.paths['/v1/evaluations/models']).toBeUndefined();
  });
});

describe('one metadata for every kind', () => {
  it('every model of every kind carries id, version, title, jurisdiction, year and its public sources', async () => {
    const { json } = await get('/v1/models');
    for (const summary of json.models) {
      const { json: model } = await get(`/v1/models/${summary.kind}/${summary.id}`);
      expect(model.id, summary.id).toBe(summary.id);
      expect(model.version, summary.id).toBe(summary.version);
      expect(model.title, summary.id).toEqual(summary.title);
      expect(model.jurisdiction, summary.id).toBe(summary.jurisdiction);
      expect(model.year, summary.id).toBe(summary.year);
      expect(model.sources.length, summary.id).toBeGreaterThan(0);
      for (const s of model.sources) expect(s.title ?? s.ref, summary.id).toBeTruthy();
    }
  });

  it('the shared ModelMetadata schema refuses a model without sources or with a bad id', async () => {
    const { ModelMetadata } = await import('../../src/schema/common.js');
    const { json } = await get('/v1/models/evaluation/seed004-gaoxin-2021');
    const meta = { id: json.id, version: json.version, title: json.title, jurisdiction: json.jurisdiction, year: json.year, sources: json.sources };
    expect(ModelMetadata.safeParse(meta).success).toBe(true);
    expect(ModelMetadata.safeParse({ ...meta, sources: [] }).success).toBe(false);
    const bad = ModelMetadata.safeParse({ ...meta, id: 'Sichuan 2024' });
    expect(bad.success).toBe(false);
    expect((bad.error!.issues[0] as any).params.code).toBe('bad-model-id');
  });
});
