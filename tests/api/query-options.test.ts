/**
 * One set of query options on every calculation route (issue 11): ?format=json|csv|tsv, ?explain=true|false
 * (a trace, or a 422 saying there is none; JSON only), ?table where an answer holds several tables, and any
 * other parameter a 422 naming it and listing the accepted ones. Each route is asked with its OpenAPI example.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { app, expectProblem, post } from './request.js';
import { z } from '@hono/zod-openapi';
import { queryOptions, readOptions, strictQuery, tableQuery } from '../../src/api/queryOptions.js';

/** Every calculation route with a valid body (its own OpenAPI example). */
let bodies: Record<string, unknown>;
const ROUTES = [
  '/v1/allocations',
  '/v1/allocations/compare',
  '/v1/optimizations',
  '/v1/rankings',
  '/v1/monitoring',
  '/v1/evaluations',
  '/v1/checks/industry-share',
];
/** Routes whose answer has a trace (regions optimizations solved by the direct method, allocations). */
const TRACED = ['/v1/allocations', '/v1/optimizations'];
/** Routes whose rows are regions: ?region picks format=value's row there. */
const REGION_ROWS = ['/v1/allocations', '/v1/allocations/compare', '/v1/optimizations', '/v1/rankings', '/v1/monitoring'];
/** Routes whose rows can be projects: ?project picks format=value's row there. */
const PROJECT_ROWS = ['/v1/optimizations', '/v1/monitoring'];

/** The routes whose answer holds several tables (?table in their OpenAPI parameters). */
const tabled = new Set<string>();

beforeAll(async () => {
  const doc = (await (await app.request('/openapi.json')).json()) as any;
  for (const path of ROUTES) if (doc.paths[path].post.parameters.some((p: any) => p.name === 'table')) tabled.add(path);
  const schemas = doc.components.schemas;
  bodies = {};
  for (const path of ROUTES) {
    const ref = doc.paths[path].post.requestBody.content['application/json'].schema.$ref?.split('/').pop();
    bodies[path] = path === '/v1/optimizations' ? schemas.RegionsOptimization.example : schemas[ref].example;
  }
  bodies.portfolio = schemas.PortfolioOptimization.example;
  bodies.sources = schemas.SourcesOptimization.example;
});

describe.each(ROUTES)('%s', (path) => {
  it('answers its example with no options, and with format=json, csv and tsv', async () => {
    for (const query of ['', '?format=json', '?format=csv', '?format=tsv', '?explain=false']) {
      const res = await post(path + query, bodies[path]);
      expect(res.status, query).toBe(200);
    }
  });

  it('an unknown query parameter is a 422 naming it (?name) and listing the accepted ones', async () => {
    const body = await expectProblem(await post(`${path}?fromat=csv`, bodies[path]), 422, ['?fromat']);
    const e = body.errors.find((x: any) => x.pointer === '?fromat');
    expect(e.detail).toContain('?fromat is not an option of this route');
    expect(e.detail).toMatch(/\?format, \?explain/);
    expect(e.detail_zh).toContain('?format');
  });

  it('several unknown parameters are named at once', async () => {
    await expectProblem(await post(`${path}?a=1&b=2`, bodies[path]), 422, ['?a', '?b']);
  });

  it('a bad format names ?format and the accepted values', async () => {
    const body = await expectProblem(await post(`${path}?format=xls`, bodies[path]), 422, ['?format']);
    expect(body.errors[0].detail).toMatch(/"json", "csv", "tsv", "xlsx", "xml", "value"/);
  });

  it('explain takes true or false only (not 1, 0, yes or an empty value)', async () => {
    for (const value of ['1', '0', 'yes', 'TRUE', '']) {
      await expectProblem(await post(`${path}?explain=${value}`, bodies[path]), 422, ['?explain']);
    }
  });

  if (TRACED.includes(path)) {
    it('explain=true adds the trace', async () => {
      const res = await post(`${path}?explain=true`, bodies[path]);
      expect(res.status).toBe(200);
      expect((await res.json()) as any).toHaveProperty('trace');
    });
    it('?region without explain=true is a 422 at ?region saying to add explain=true, in both languages', async () => {
      for (const query of ['?region=X', '?explain=false&region=X', '?format=csv&region=X']) {
        const body = await expectProblem(await post(`${path}${query}`, bodies[path]), 422, ['?region']);
        const e = body.errors.find((x: any) => x.pointer === '?region');
        expect(e.code, query).toBe('region-needs-explain');
        expect(e.detail).toContain('explain=true');
        expect(e.detail_zh).toContain('explain=true');
      }
    });
    it('an empty ?region is a 422 at ?region', async () => {
      await expectProblem(await post(`${path}?explain=true&region=`, bodies[path]), 422, ['?region']);
    });
    it('the unknown-parameter message lists ?region among the accepted ones', async () => {
      const body = await expectProblem(await post(`${path}?fromat=csv`, bodies[path]), 422, ['?fromat']);
      expect(body.errors[0].detail).toContain('?region');
      expect(body.errors[0].code).toBe('unknown-query-parameter');
    });
    it('explain=true with csv or tsv is a 422: the trace is JSON only', async () => {
      for (const format of ['csv', 'tsv']) {
        const body = await expectProblem(await post(`${path}?format=${format}&explain=true`, bodies[path]), 422, ['?explain']);
        expect(body.detail).toMatch(/JSON only/);
      }
    });
  } else {
    it('?region is an unknown parameter where the route has neither a trace nor rows of regions; else it needs format=value', async () => {
      const body = await expectProblem(await post(`${path}?explain=true&region=X`, bodies[path]), 422, ['?region']);
      const code = body.errors.find((x: any) => x.pointer === '?region').code;
      expect(code).toBe(REGION_ROWS.includes(path) ? 'region-needs-value' : 'unknown-query-parameter');
    });
    it('explain=true is a 422 saying the route has no trace, never a silent no-op', async () => {
      const body = await expectProblem(await post(`${path}?explain=true`, bodies[path]), 422, ['?explain']);
      expect(body.detail).toMatch(/no trace/);
      expect(body.detail_zh).toMatch(/没有可展示的计算过程/);
    });
  }

  it('?table is an unknown parameter where the answer has one table, and names the tables where it has several', async () => {
    const body = await expectProblem(await post(`${path}?format=csv&table=no-such-table`, bodies[path]), 422, ['?table']);
    const code = body.errors.find((e: any) => e.pointer === '?table').code;
    expect(code).toBe(tabled.has(path) ? 'not-one-of' : 'unknown-query-parameter');
  });
});

describe('optimizations: explain by problem kind', () => {
  it.each(['portfolio', 'sources'])('kind %s has no trace: explain=true is a 422, not the plain answer', async (kind) => {
    expect((await post('/v1/optimizations', bodies[kind])).status).toBe(200);
    const body = await expectProblem(await post('/v1/optimizations?explain=true', bodies[kind]), 422, ['?explain']);
    expect(body.detail).toContain(`kind ${kind}`);
    expect(body.detail_zh).toMatch(/没有计算过程/);
  });

  it('regions solved by LP (groups) have no trace: a 422 naming the method', async () => {
    const example = bodies['/v1/optimizations'] as any;
    const ids = example.regions.map((r: any) => r.id);
    const withGroups = { ...example, groups: [{ id: 'g', regions: ids.slice(0, 1), minimumShare: '0.1' }] };
    const plain = await post('/v1/optimizations', withGroups);
    expect(plain.status, JSON.stringify(await plain.clone().json())).toBe(200);
    const body = await expectProblem(await post('/v1/optimizations?explain=true', withGroups), 422, ['?explain']);
    expect(body.detail).toMatch(/solved by method (lp|milp),/);
  });
});

describe('monitoring: ?table', () => {
  it.each(['regions', 'projects', 'alerts'])('format=csv&table=%s gives that table', async (table) => {
    const res = await post(`/v1/monitoring?format=csv&table=${table}`, bodies['/v1/monitoring']);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
  });

  it('an unknown table names the accepted ones', async () => {
    const body = await expectProblem(await post('/v1/monitoring?format=csv&table=towns', bodies['/v1/monitoring']), 422, ['?table']);
    expect(body.errors[0].detail).toMatch(/"regions", "projects", "alerts"/);
  });

  it('?table with JSON (which holds every table) is a 422, not ignored', async () => {
    const body = await expectProblem(await post('/v1/monitoring?table=projects', bodies['/v1/monitoring']), 422, ['?table']);
    expect(body.detail).toMatch(/format=csv/);
  });
});

describe('the OpenAPI document shows the one set of options', () => {
  it('every calculation route lists format and explain; monitoring also table', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as any;
    for (const path of ROUTES) {
      const names = doc.paths[path].post.parameters.map((p: any) => p.name);
      // ?region where the route has a trace; ?table where an answer holds several tables (its route's own tests say which)
      expect(names.slice(0, 2), path).toEqual(['format', 'explain']);
      expect(names.includes('region'), path).toBe(REGION_ROWS.includes(path));
      expect(names.includes('project'), path).toBe(PROJECT_ROWS.includes(path));
      expect(
        names.filter((n: string) => !['format', 'explain', 'region', 'project', 'table'].includes(n)),
        path,
      ).toEqual(['column', 'key', 'errors']);
      const format = doc.paths[path].post.parameters.find((p: any) => p.name === 'format');
      expect(format.schema.enum, path).toEqual(['json', 'csv', 'tsv', 'xlsx', 'xml', 'value']);
      expect(format.description, path).toMatch(/xlsx.*xml.*value/s);
      if (path === '/v1/monitoring') expect(names).toContain('table');
      const explain = doc.paths[path].post.parameters.find((p: any) => p.name === 'explain');
      expect(explain.schema.enum, path).toEqual(['true', 'false']);
    }
  });
});

describe('readOptions', () => {
  it('gives region only when the query holds one', () => {
    expect(readOptions({ explain: 'true', region: 'C1' })).toEqual({ format: 'json', explain: true, region: 'C1' });
    expect(readOptions({ explain: 'true' })).toEqual({ format: 'json', explain: true });
  });
  it('the schema accepts ?region only with explain=true, and only where the route has a trace', () => {
    const traced = queryOptions({ rows: 'r', trace: 't' });
    expect(traced.safeParse({ explain: 'true', region: 'C1' }).success).toBe(true);
    const alone = traced.safeParse({ region: 'C1' });
    expect(alone.success).toBe(false);
    expect((alone.error!.issues[0] as any).params.code).toBe('region-needs-explain');
    expect(queryOptions({ rows: 'r' }).safeParse({ explain: 'false', region: 'C1' }).success).toBe(false);
  });
});

describe('issue 13: the new options in the schemas', () => {
  it('every strict query accepts ?key (≤ 200 characters) and ?errors=text, and lists neither among a route’s own', () => {
    for (const schema of [strictQuery({}), queryOptions({ rows: 'r' }), tableQuery('f', {})]) {
      expect(schema.safeParse({ key: 'k'.repeat(200), errors: 'text' }).success).toBe(true);
      expect(schema.safeParse({ key: 'k'.repeat(201) }).success).toBe(false);
      expect(schema.safeParse({ errors: 'json' }).success).toBe(false);
    }
    const unknown = strictQuery({}).safeParse({ nope: '1' });
    expect(unknown.error!.issues[0].message).toContain('takes no query parameters');
  });

  it('?column only with format=value and required there; ?region with format=value only where rows are regions; ?table with every table format', () => {
    const regions = queryOptions({ rows: 'r', rowsAre: ['regions'] });
    const code = (r: any) => r.error?.issues.map((i: any) => i.params?.code ?? i.code);
    expect(regions.safeParse({ format: 'value', column: 'amount', region: 'A' }).success).toBe(true);
    expect(code(regions.safeParse({ format: 'value' }))).toEqual(['column-required']);
    expect(code(regions.safeParse({ format: 'csv', column: 'amount' }))).toEqual(['column-needs-value']);
    expect(code(regions.safeParse({ format: 'xlsx', region: 'A' }))).toEqual(['region-needs-value']);
    expect(code(regions.safeParse({ format: 'value', column: 'amount', project: 'A' }))).toEqual(['unknown-query-parameter']);
    const plain = queryOptions({ rows: 'r' });
    expect(code(plain.safeParse({ format: 'value', column: 'amount', region: 'A' }))).toEqual(['unknown-query-parameter']);
    // the name a route has instead, where one exists (issue 13 audit #6)
    const said = (r: any) => r.error?.issues.map((i: any) => i.message);
    expect(said(regions.safeParse({ format: 'value', column: 'amount', project: 'A' }))[0]).toContain('its rows are regions, use ?region=<id>');
    const projectRows = queryOptions({ rows: 'r', rowsAre: ['projects'] });
    expect(said(projectRows.safeParse({ format: 'value', column: 'amount', region: 'A' }))[0]).toContain('its rows are projects, use ?project=<id>');
    expect(said(plain.safeParse({ format: 'csv', table: 'rows' }))[0]).toContain('this route has one table, drop ?table');
    expect(said(plain.safeParse({ format: 'value', column: 'amount', region: 'A' }))[0]).toMatch(/^\?region is not an option of this route\. Its options/);
    // a route with no GET form (strictQuery) says nothing of one
    expect(strictQuery({ kind: z.string().optional() }).safeParse({ nope: '1' }).error!.issues[0].message).toBe(
      '?nope is not an option of this route. Its options: ?kind.',
    );
    expect(plain.safeParse({ format: 'value', column: 'score' }).success).toBe(true);
    const tabled = queryOptions({ rows: 'r', tables: ['a', 'b'] as const });
    for (const format of ['csv', 'tsv', 'xlsx', 'xml']) expect(tabled.safeParse({ format, table: 'b' }).success, format).toBe(true);
    expect(tabled.safeParse({ format: 'value', column: 'x', table: 'b' }).success).toBe(true);
    expect(code(tabled.safeParse({ table: 'b' }))).toEqual(['table-needs-csv']);
    const traced = queryOptions({ rows: 'r', trace: 't' });
    for (const format of ['csv', 'xlsx', 'xml']) expect(code(traced.safeParse({ format, explain: 'true' })), format).toEqual(['trace-json-only']);
    expect(code(traced.safeParse({ format: 'value', column: 'amount', region: 'A' }))).toEqual(['region-needs-explain']);
  });

  it('readOptions passes ?column and ?project on', () => {
    expect(readOptions({ format: 'value', column: 'amount', project: 'p1' })).toEqual({ format: 'value', explain: false, column: 'amount', project: 'p1' });
  });
});
