/**
 * Saved models inside workerd, through the real Worker and its local D1: save, If-Match (428, 412, and
 * concurrent savers), a private model used in an allocation and a monitoring report with the provenance
 * naming the saved version and hash, pinned versions, the built-in refusal and the audit rows.
 */
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { findModel } from '../../src/api/models/catalog.js';
import { EXAMPLE_REGIONS } from '../../src/schema/allocation.js';
import { MONITORING_EXAMPLE } from '../../src/schema/monitoring.js';
import { d1Store } from '../../src/store/d1.js';
import { createKey } from '../../src/store/keys.js';

const BASE = 'http://allocator.test';
const ALLOCATION = { total: '1000.00', unit: 'wan', regions: EXAMPLE_REGIONS };

let writer: string;
let other: string;

beforeAll(async () => {
  const store = d1Store(env.DB);
  writer = (await createKey(store, { name: 'w', workspace: 'guangyuan', scope: 'write' }, 'cli')).secret;
  other = (await createKey(store, { name: 'o', workspace: 'mianyang', scope: 'read' }, 'cli')).secret;
});

function call(method: string, path: string, { key, body, ifMatch }: { key?: string; body?: unknown; ifMatch?: string } = {}) {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (key) headers.authorization = `Bearer ${key}`;
  if (ifMatch) headers['if-match'] = ifMatch;
  return exports.default.fetch(`${BASE}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

function ownModel(id: string, year = 2024) {
  const m = structuredClone(findModel('allocation', 'sichuan-2024')!.model) as Record<string, unknown>;
  return { ...m, id, year };
}

describe('saved models in workerd (D1)', () => {
  it('save, version with If-Match, use latest and pinned in an allocation: provenance names the saved version and hash', async () => {
    const first = await call('POST', '/v1/models/allocation', { key: writer, body: { model: ownModel('wk-guangyuan') } });
    expect(first.status).toBe(201);
    expect(first.headers.get('etag')).toBe('"1"');
    const v1 = (await first.json()) as { hash: string; version: number };
    expect(v1.version).toBe(1);

    const exists = await call('POST', '/v1/models/allocation', { key: writer, body: { model: ownModel('wk-guangyuan', 2025) } });
    expect(exists.status).toBe(412); // POST makes a new id: this one exists
    expect(((await exists.json()) as { code: string }).code).toBe('stale-revision');
    const missing = await call('PUT', '/v1/models/allocation/wk-guangyuan', { key: writer, body: { model: ownModel('wk-guangyuan', 2025) } });
    expect(missing.status).toBe(428);
    expect(((await missing.json()) as { code: string }).code).toBe('if-match-required');
    const stale = await call('PUT', '/v1/models/allocation/wk-guangyuan', { key: writer, body: { model: ownModel('wk-guangyuan', 2025) }, ifMatch: '"7"' });
    expect(stale.status).toBe(412);
    const second = await call('PUT', '/v1/models/allocation/wk-guangyuan', { key: writer, body: { model: ownModel('wk-guangyuan', 2025) }, ifMatch: '"1"' });
    expect(second.status).toBe(201);
    const v2 = (await second.json()) as { hash: string; version: number };
    expect(v2.version).toBe(2);

    const latest = await call('POST', '/v1/allocations', { key: writer, body: { ...ALLOCATION, model: 'wk-guangyuan' } });
    expect(latest.status).toBe(200);
    expect(((await latest.json()) as any).provenance.model).toEqual({ id: 'wk-guangyuan', version: '2', hash: v2.hash });
    const pinned = await call('POST', '/v1/allocations', { key: writer, body: { ...ALLOCATION, model: 'wk-guangyuan@1' } });
    expect(pinned.status).toBe(200);
    expect(((await pinned.json()) as any).provenance.model).toEqual({ id: 'wk-guangyuan', version: '1', hash: v1.hash });

    // private: another workspace gets the one unknown-model problem, and cannot read it
    const foreign = await call('POST', '/v1/allocations', { key: other, body: { ...ALLOCATION, model: 'wk-guangyuan' } });
    expect(foreign.status).toBe(422);
    expect(((await foreign.json()) as any).errors[0]).toMatchObject({ pointer: '/model', code: 'unknown-model' });
    expect((await call('GET', '/v1/models/allocation/wk-guangyuan', { key: other })).status).toBe(404);

    const audit = await d1Store(env.DB)
      .db.selectFrom('audit_log')
      .select(['action', 'revision', 'hash'])
      .where('resource', '=', 'model')
      .where('resource_id', '=', 'allocation/wk-guangyuan')
      .orderBy('seq')
      .execute();
    expect(audit).toEqual([
      { action: 'create', revision: 1, hash: v1.hash },
      { action: 'update', revision: 2, hash: v2.hash },
    ]);
  });

  it('concurrent saves with the same If-Match: exactly one new version, the others 412', async () => {
    expect((await call('POST', '/v1/models/allocation', { key: writer, body: { model: ownModel('wk-race') } })).status).toBe(201);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        call('POST', '/v1/models/allocation', { key: writer, body: { model: ownModel('wk-race', 2030 + i) }, ifMatch: '"1"' }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(7).fill(412)]);
    const versions = (await (await call('GET', '/v1/models/allocation/wk-race/versions', { key: writer })).json()) as any;
    expect(versions.versions.map((v: any) => v.version)).toEqual([1, 2]);
  });

  it('lists built-in models, then the saved ones the caller may see (latest versions); a delete is soft', async () => {
    expect((await call('POST', '/v1/models/allocation', { key: writer, body: { model: ownModel('wk-listed'), visibility: 'public' } })).status).toBe(201);
    expect((await call('PUT', '/v1/models/allocation/wk-listed', { key: writer, body: { model: ownModel('wk-listed', 2026) }, ifMatch: '"1"' })).status).toBe(
      201,
    );
    expect((await call('POST', '/v1/models/allocation', { key: writer, body: { model: ownModel('wk-secret') } })).status).toBe(201);
    const list = async (key?: string) =>
      (((await (await call('GET', '/v1/models?kind=allocation', { key })).json()) as any).models as any[]).map((m) => [m.id, m.builtIn, m.version]);
    const anonymous = await list();
    expect(anonymous.slice(0, 2)).toEqual([
      ['sichuan-2023', true, expect.any(String)],
      ['sichuan-2024', true, expect.any(String)],
    ]);
    expect(anonymous).toContainEqual(['wk-listed', false, '2']);
    expect(anonymous.map((m) => m[0])).not.toContain('wk-secret');
    expect((await list(writer)).map((m) => m[0])).toContain('wk-secret');

    const del = await call('DELETE', '/v1/models/allocation/wk-listed', { key: writer });
    expect(del.status).toBe(204);
    expect(await del.text()).toBe('');
    expect((await list()).map((m) => m[0])).not.toContain('wk-listed');
    expect((await call('GET', '/v1/models/allocation/wk-listed')).status).toBe(404);
    expect((await call('POST', '/v1/allocations', { body: { ...ALLOCATION, model: 'wk-listed@2' } })).status).toBe(200);
  });

  it('a saved monitoring model in a report; a built-in id is refused; an invalid model names its fields', async () => {
    const model = (await (await call('GET', '/v1/models/monitoring/default')).json()) as Record<string, unknown>;
    const saved = await call('POST', '/v1/models/monitoring', { key: writer, body: { model: { ...model, id: 'wk-monthly' }, visibility: 'public' } });
    expect(saved.status).toBe(201);
    const { hash } = (await saved.json()) as { hash: string };
    const report = await call('POST', '/v1/monitoring', { body: { ...MONITORING_EXAMPLE, model: 'wk-monthly@1' } });
    expect(report.status).toBe(200);
    expect(((await report.json()) as any).provenance.model).toEqual({ id: 'wk-monthly', version: '1', hash });

    const builtIn = await call('POST', '/v1/models/monitoring', { key: writer, body: { model } });
    expect(builtIn.status).toBe(422);
    expect(((await builtIn.json()) as any).errors).toEqual([expect.objectContaining({ pointer: '/model/id', code: 'built-in-model-read-only' })]);

    const bad = await call('POST', '/v1/models/allocation', { key: writer, body: { model: { ...ownModel('wk-bad'), unit: 'dollars', colour: 'red' } } });
    expect(bad.status).toBe(422);
    const pointers = ((await bad.json()) as any).errors.map((e: any) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/model/unit', '/model/colour']));
  });
});
