/**
 * "lastYear": {"scenario": id}: each region's last-year amount from a saved scenario's result, so hold-harmless
 * and the year-over-year columns chain across years without retyping. Node, SQLite store, app.request.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { sqliteStore } from '../../src/store/sqlite.js';
import { createKey } from '../../src/store/keys.js';
import { expectProblem } from './request.js';
import { sha256 } from '../../src/api/provenance.js';
import { ALLOCATION, COUNTIES } from './scenarios-fixtures.js';

const store = sqliteStore(':memory:');
const app = createApp({ store });
let key = '';
let last = ''; // the 2024 scenario
let lastRows: any[] = [];

function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return app.request(path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const json = async (res: Response) => (await res.json()) as any;

beforeAll(async () => {
  key = (await createKey(store, { name: 'planner', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
  const s = await json(
    await call('POST', '/v1/scenarios', { title: '2024 final', route: '/v1/allocations', request: { ...ALLOCATION, total: '900.00', regions: COUNTIES } }),
  );
  last = s.id;
  lastRows = (await json(await call('GET', `/v1/scenarios/${last}/result`))).rows;
});

describe('lastYear from a saved scenario', () => {
  it('answers what the same amounts typed in as lastYear answer, and names the scenario in provenance', async () => {
    const byRef = await call('POST', '/v1/allocations', { ...ALLOCATION, regions: COUNTIES, lastYear: { scenario: last } });
    expect(byRef.status).toBe(200);
    const typed = COUNTIES.map((r) => ({ ...r, lastYear: lastRows.find((x) => x.id === r.id).amount }));
    const inline = await json(await call('POST', '/v1/allocations', { ...ALLOCATION, regions: typed }));
    const a = await json(byRef);
    expect(a.rows).toEqual(inline.rows);
    expect(a.rows[0].lastYear).toBe(lastRows[0].amount);
    expect(a.rows[0].change).toBeDefined();
    // the hash of what was read: the last-year scenario's JSON answer, byte for byte
    const read = await (await call('GET', `/v1/scenarios/${last}/result?revision=1`)).text();
    expect(a.provenance.references).toEqual([{ pointer: '/lastYear', scenario: last, revision: 1, hash: await sha256(read), missing: [] }]);
  });

  it('a region the scenario has no amount for gets none, and is listed as missing', async () => {
    const D = { id: 'D', name: '丁县', indicators: { ...COUNTIES[2].indicators } };
    const a = await json(await call('POST', '/v1/allocations', { ...ALLOCATION, regions: [...COUNTIES, D], lastYear: { scenario: last } }));
    expect(a.provenance.references[0].missing).toEqual(['D']);
    expect(a.rows.find((r: any) => r.id === 'D').lastYear).toBeUndefined();
  });

  it('problems: unknown scenario or revision, a region with its own lastYear, another unit, a bad reference', async () => {
    let body = await expectProblem(await call('POST', '/v1/allocations', { ...ALLOCATION, regions: COUNTIES, lastYear: { scenario: 'sc_nothing' } }), 422, [
      '/lastYear/scenario',
    ]);
    expect(body.errors[0].code).toBe('unknown-scenario');
    body = await expectProblem(await call('POST', '/v1/allocations', { ...ALLOCATION, regions: COUNTIES, lastYear: { scenario: last, revision: 5 } }), 422, [
      '/lastYear/revision',
    ]);
    expect(body.errors[0].code).toBe('unknown-scenario-revision');
    const twice = [{ ...COUNTIES[0], lastYear: '100' }, ...COUNTIES.slice(1)];
    body = await expectProblem(await call('POST', '/v1/allocations', { ...ALLOCATION, regions: twice, lastYear: { scenario: last } }), 422, [
      '/regions/0/lastYear',
    ]);
    expect(body.errors[0].code).toBe('last-year-given-twice');
    body = await expectProblem(
      await call('POST', '/v1/allocations', { ...ALLOCATION, unit: 'yuan', total: '10000000', regions: COUNTIES, lastYear: { scenario: last } }),
      422,
      ['/lastYear/scenario'],
    );
    expect(body.errors[0].code).toBe('last-year-unit-mismatch');
    body = await expectProblem(await call('POST', '/v1/allocations', { ...ALLOCATION, regions: COUNTIES, lastYear: '2024' }), 422, ['/lastYear']);
    expect(body.errors[0].code).toBe('last-year-reference-invalid');
    // not visible to an anonymous caller: the private scenario does not exist for them
    const anon = await app.request('/v1/allocations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...ALLOCATION, regions: COUNTIES, lastYear: { scenario: last } }),
    });
    expect((await expectProblem(anon, 422, ['/lastYear/scenario'])).errors[0].code).toBe('unknown-scenario');
  });

  it('chains across years: a saved 2025 scenario pins the 2024 one, and keeps its answer when 2024 is revised', async () => {
    const s = await json(
      await call('POST', '/v1/scenarios', {
        title: '2025',
        route: '/v1/allocations',
        request: { ...ALLOCATION, regions: COUNTIES, lastYear: { scenario: last } },
      }),
    );
    expect(s.request.lastYear).toEqual({ scenario: last, revision: 1 });
    const before = await (await call('GET', `/v1/scenarios/${s.id}/result`)).text();
    const put = await call(
      'PUT',
      `/v1/scenarios/${last}`,
      { title: '2024 final, corrected', route: '/v1/allocations', request: { ...ALLOCATION, total: '950.00', regions: COUNTIES } },
      { 'if-match': '"1"' },
    );
    expect(put.status).toBe(200);
    await store.db.deleteFrom('results').execute();
    const after = await call('GET', `/v1/scenarios/${s.id}/result`);
    expect(after.headers.get('x-cache')).toBe('miss');
    expect(await after.text()).toBe(before);
    // an unpinned request reads the corrected one
    const head = await json(await call('POST', '/v1/allocations', { ...ALLOCATION, regions: COUNTIES, lastYear: { scenario: last } }));
    expect(head.provenance.references[0].revision).toBe(2);
    expect(head.rows[0].lastYear).not.toBe(JSON.parse(before).rows[0].lastYear);
  });
});

describe('a public scenario', () => {
  it('may not take last year from a private one (its readers could not run it)', async () => {
    const res = await call('POST', '/v1/scenarios', {
      title: 'public 2025',
      route: '/v1/allocations',
      visibility: 'public',
      request: { ...ALLOCATION, regions: COUNTIES, lastYear: { scenario: last } },
    });
    expect((await expectProblem(res, 422, ['/request/lastYear/scenario'])).errors[0].code).toBe('scenario-private-last-year');
  });
});
