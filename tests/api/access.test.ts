/**
 * Access in Node, on a real SQLite store: API keys (made, listed, revoked through /v1/keys), what an unknown,
 * revoked, malformed or under-scoped key gets (401/403 problems with their codes and WWW-Authenticate), that
 * no secret is ever stored or listed, and the audit trail (GET /v1/audit: every key write, newest first,
 * filters, pages, CSV/TSV).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { createKey, type KeyInfo, keyRecordHash } from '../../src/store/keys.js';
import { type SqliteStore, sqliteStore } from '../../src/store/sqlite.js';
import { sha256Hex } from '../../src/store/store.js';
import { expectProblem } from './request.js';
import { ALLOCATION, COUNTIES, putDataset } from './scenarios-fixtures.js';

let store: SqliteStore;
let app: ReturnType<typeof createApp>;
let admin: Awaited<ReturnType<typeof createKey>>;

beforeEach(async () => {
  store = sqliteStore(':memory:');
  app = createApp({ store });
  admin = await createKey(store, { name: 'root', workspace: 'sichuan', scope: 'admin' }, 'cli');
});

const auth = (secret: string) => ({ authorization: `Bearer ${secret}` });
const json = { 'content-type': 'application/json' };

async function makeKey(body: unknown, secret = admin.secret) {
  return app.request('/v1/keys', { method: 'POST', headers: { ...auth(secret), ...json }, body: JSON.stringify(body) });
}

async function made(body: { name: string; scope: string; workspace?: string }) {
  const res = await makeKey(body);
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; secret: string; workspace: string; scope: string; prefix: string };
}

/** Every text the database holds, table by table (to prove what is not in it). */
function everythingStored(): string {
  const tables = store.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  return tables.map((t) => JSON.stringify(store.sqlite.prepare(`SELECT * FROM "${t.name}"`).all())).join('\n');
}

describe('a key that is not good enough', () => {
  it('no key on an admin route: 401 key-required with WWW-Authenticate, before the body is read', async () => {
    const res = await app.request('/v1/keys', { method: 'POST', headers: json, body: '{"nonsense": true}' });
    const body = await expectProblem(res, 401);
    expect(body.code).toBe('key-required');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
  });

  it('key-required says what was tried in each language: no English inside the Chinese detail', async () => {
    const tries: [string, RequestInit][] = [
      ['/v1/keys', { method: 'POST', headers: json, body: '{}' }],
      ['/v1/keys', {}],
      ['/v1/audit', {}],
      ['/v1/datasets', { method: 'POST', headers: json, body: '{}' }],
      ['/v1/datasets/ds_x', { method: 'PUT', headers: json, body: '{}' }],
      ['/v1/scenarios/sc_x', { method: 'DELETE' }],
      ['/v1/models/allocation/gy-x', { method: 'DELETE' }],
    ];
    for (const [path, init] of tries) {
      const body = await expectProblem(await app.request(path, init), 401);
      expect(body.code, path).toBe('key-required');
      expect(body.detail_zh, path).toMatch(/需要 API 密钥/);
      // only the header's own words and the command are Latin in the Chinese text
      const latin = body.detail_zh.replace(/Authorization: Bearer|npm run keys -- create|API/g, '');
      expect(latin, `${path}: ${body.detail_zh}`).not.toMatch(/[A-Za-z]{2,}/);
      expect(body.detail, path).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('an unknown key: 401 unknown-key naming its first characters, never the whole key', async () => {
    const secret = 'bfa_thisKeyWasNeverMadeByAnyoneAtAll000000000';
    const res = await app.request('/v1/keys', { headers: auth(secret) });
    const body = await expectProblem(res, 401);
    expect(body.code).toBe('unknown-key');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(body.detail).toContain('bfa_thisKeyW');
    expect(JSON.stringify(body)).not.toContain(secret);
  });

  it('a malformed Authorization header: 401 malformed-authorization', async () => {
    for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', `Bearer ${admin.secret} extra`, admin.secret]) {
      const res = await app.request('/v1/audit', { headers: { authorization: header } });
      const body = await expectProblem(res, 401);
      expect(body.code, header).toBe('malformed-authorization');
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });

  it('a read or write key on an admin route: 403 scope-too-narrow', async () => {
    for (const scope of ['read', 'write'] as const) {
      const key = await made({ name: `a ${scope} key`, scope });
      for (const [method, path] of [
        ['GET', '/v1/keys'],
        ['POST', '/v1/keys'],
        ['GET', `/v1/keys/${admin.id}`],
        ['DELETE', `/v1/keys/${admin.id}`],
        ['GET', '/v1/audit'],
      ] as const) {
        const res = await app.request(path, {
          method,
          headers: method === 'POST' ? { ...auth(key.secret), ...json } : auth(key.secret),
          body: method === 'POST' ? JSON.stringify({ name: 'x', scope: 'read' }) : undefined,
        });
        const body = await expectProblem(res, 403);
        expect(body.code, `${scope} ${method} ${path}`).toBe('scope-too-narrow');
      }
    }
    // and the admin's key was not revoked by the refused DELETE
    expect((await app.request('/v1/keys', { headers: auth(admin.secret) })).status).toBe(200);
  });

  it('a wrong method on a key route is still a 405 with Allow, with or without a key', async () => {
    const res = await app.request('/v1/keys', { method: 'PUT', headers: json, body: '{}' });
    await expectProblem(res, 405);
    expect(res.headers.get('allow')).toContain('POST');
  });
});

describe('making keys', () => {
  it('answers 201 with the secret once, Location and no-store; the secret works at once', async () => {
    const res = await makeKey({ name: '绵阳市财政局', scope: 'write', workspace: 'mianyang' });
    expect(res.status).toBe(201);
    const key = (await res.json()) as Record<string, unknown>;
    expect(res.headers.get('location')).toBe(`/v1/keys/${key.id}`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(key).toMatchObject({ name: '绵阳市财政局', scope: 'write', workspace: 'mianyang', createdBy: admin.id, revokedAt: null });
    expect(key.secret).toMatch(/^bfa_[A-Za-z0-9_-]{43}$/);
    expect(key.prefix).toBe(String(key.secret).slice(0, 12));
    // the new key authenticates (a write key on an admin route: 403, not 401)
    const used = await app.request('/v1/audit', { headers: auth(String(key.secret)) });
    expect((await expectProblem(used, 403)).code).toBe('scope-too-narrow');
    // GET /v1/keys/{id} answers it without the secret
    const one = await app.request(`/v1/keys/${key.id}`, { headers: auth(admin.secret) });
    expect(one.status).toBe(200);
    const read = (await one.json()) as Record<string, unknown>;
    expect(read).not.toHaveProperty('secret');
    expect(read).toMatchObject({ id: key.id, workspace: 'mianyang' });
  });

  it("defaults to the admin's workspace; an admin may make a key for any workspace, an admin key too", async () => {
    expect((await made({ name: 'same', scope: 'read' })).workspace).toBe('sichuan');
    expect((await made({ name: 'other', scope: 'read', workspace: 'gansu' })).workspace).toBe('gansu');
    expect((await made({ name: 'admin two', scope: 'admin', workspace: 'gansu' })).scope).toBe('admin');
  });

  it('refuses bad fields, every one at once, with codes naming them', async () => {
    const res = await makeKey({ name: '', scope: 'owner', workspace: 'Sichuan Province', colour: 'red' });
    const body = await expectProblem(res, 422, ['/name', '/scope', '/workspace', '/colour']);
    const codes = Object.fromEntries(body.errors.map((e: { pointer: string; code: string }) => [e.pointer, e.code]));
    expect(codes).toEqual({ '/name': 'too-short', '/scope': 'not-one-of', '/workspace': 'bad-workspace', '/colour': 'unknown-field' });
    const control = await makeKey({ name: 'tab\there', scope: 'read' });
    await expectProblem(control, 422, ['/name']);
    const missing = await makeKey({});
    await expectProblem(missing, 422, ['/name', '/scope']);
  });

  it('never stores or lists a secret or its hash', async () => {
    const keys = [await made({ name: 'one', scope: 'read' }), await made({ name: 'two', scope: 'write' })];
    const stored = everythingStored();
    const listed = await (await app.request('/v1/keys', { headers: auth(admin.secret) })).text();
    const hashes = (store.sqlite.prepare('SELECT hash FROM api_keys').all() as { hash: string }[]).map((r) => r.hash);
    expect(hashes).toHaveLength(3);
    for (const secret of [admin.secret, ...keys.map((k) => k.secret)]) {
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(secret.slice(12)); // not even the part after the shown prefix
      expect(listed).not.toContain(secret);
    }
    for (const hash of hashes) expect(listed).not.toContain(hash);
    const list = JSON.parse(listed) as { keys: Record<string, unknown>[] };
    expect(list.keys.map((k) => k.name)).toEqual(['root', 'one', 'two']);
    for (const k of list.keys) expect(Object.keys(k).sort()).toEqual(['createdAt', 'createdBy', 'id', 'name', 'prefix', 'revokedAt', 'scope', 'workspace']);
  });

  it('lists one workspace with ?workspace=, and refuses unknown parameters', async () => {
    await made({ name: 'g', scope: 'read', workspace: 'gansu' });
    const res = await app.request('/v1/keys?workspace=gansu', { headers: auth(admin.secret) });
    expect(((await res.json()) as { keys: { name: string }[] }).keys.map((k) => k.name)).toEqual(['g']);
    const bad = await app.request('/v1/keys?scope=admin', { headers: auth(admin.secret) });
    expect((await expectProblem(bad, 422, ['?scope'])).code).toBe('unknown-query-parameter');
  });
});

describe('revoking keys', () => {
  it('is immediate: the next request with the key is a 401 revoked-key', async () => {
    const key = await made({ name: 'leaving', scope: 'admin' });
    expect((await app.request('/v1/keys', { headers: auth(key.secret) })).status).toBe(200);
    const res = await app.request(`/v1/keys/${key.id}`, { method: 'DELETE', headers: auth(admin.secret) });
    expect(res.status).toBe(200);
    const revoked = (await res.json()) as { revokedAt: string };
    expect(revoked.revokedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    for (const path of ['/v1/keys', '/v1/models']) {
      const after = await app.request(path, { headers: auth(key.secret) });
      const body = await expectProblem(after, 401);
      expect(body.code).toBe('revoked-key');
      expect(after.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    // revoking again changes nothing: the same first time, one audit row
    const again = await app.request(`/v1/keys/${key.id}`, { method: 'DELETE', headers: auth(admin.secret) });
    expect(((await again.json()) as { revokedAt: string }).revokedAt).toBe(revoked.revokedAt);
    const trail = (await (await app.request(`/v1/audit?id=${key.id}`, { headers: auth(admin.secret) })).json()) as { rows: { action: string }[] };
    expect(trail.rows.map((r) => r.action)).toEqual(['revoke', 'create']);
  });

  it('an unknown id is a 404 unknown-key-id; an admin may revoke its own key', async () => {
    const res = await app.request('/v1/keys/key_nosuchkey', { method: 'DELETE', headers: auth(admin.secret) });
    expect((await expectProblem(res, 404)).code).toBe('unknown-key-id');
    const get = await app.request('/v1/keys/key_nosuchkey', { headers: auth(admin.secret) });
    expect((await expectProblem(get, 404)).code).toBe('unknown-key-id');
    const self = await app.request(`/v1/keys/${admin.id}`, { method: 'DELETE', headers: auth(admin.secret) });
    expect(self.status).toBe(200);
    expect((await app.request('/v1/keys', { headers: auth(admin.secret) })).status).toBe(401);
  });
});

interface Row {
  seq: number;
  at: string;
  actor: string;
  workspace: string | null;
  action: string;
  resource: string;
  resourceId: string;
  detail: Record<string, unknown> | null;
}
const trail = async (query = '') => {
  const res = await app.request(`/v1/audit${query}`, { headers: auth(admin.secret) });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { rows: Row[]; nextCursor: string | null; next: string | null };
};

describe('the audit trail', () => {
  it('has a row for every write, newest first: who, when, what', async () => {
    const a = await made({ name: 'a', scope: 'read' });
    const b = await made({ name: 'b', scope: 'write', workspace: 'gansu' });
    await app.request(`/v1/keys/${a.id}`, { method: 'DELETE', headers: auth(admin.secret) });
    const { rows, nextCursor } = await trail();
    expect(rows.map((r) => [r.action, r.resourceId, r.actor])).toEqual([
      ['revoke', a.id, admin.id],
      ['create', b.id, admin.id],
      ['create', a.id, admin.id],
      ['create', admin.id, 'cli'],
    ]);
    expect(rows[1]).toMatchObject({ resource: 'key', workspace: 'gansu', detail: { name: 'b', scope: 'write' } });
    expect(rows.map((r) => r.seq)).toEqual([...rows.map((r) => r.seq)].sort((x, y) => y - x));
    for (const r of rows) expect(Date.parse(r.at)).not.toBeNaN();
    expect(nextCursor).toBeNull();
    // no secret in the trail either
    expect(JSON.stringify(rows)).not.toContain(a.secret);
  });

  it('has the writes of the other resources too: a dataset made, changed and deleted, each with its hash', async () => {
    const writer = await made({ name: 'writer', scope: 'write' });
    const row = {
      id: 'A',
      name: '甲县',
      indicators: { keyCounty: 'national', relocation: 1200, poverty: 52000, monitored: 3100, income: 15600, performance: 92 },
    };
    const body = {
      title: '2024年各县分配因素',
      jurisdiction: '四川省',
      year: 2024,
      kind: 'regions',
      model: 'sichuan-2024',
      visibility: 'private',
      rows: [row],
    };
    const headers = { ...auth(writer.secret), ...json };
    const create = await app.request('/v1/datasets', { method: 'POST', headers, body: JSON.stringify(body) });
    expect(create.status, await create.clone().text()).toBe(201);
    const id = ((await create.json()) as { id: string }).id;
    const changed = { ...body, rows: [{ ...row, indicators: { ...row.indicators, poverty: 52001 } }] };
    const put = await app.request(`/v1/datasets/${id}`, { method: 'PUT', headers: { ...headers, 'if-match': '"1"' }, body: JSON.stringify(changed) });
    expect(put.status, await put.clone().text()).toBe(200);
    const del = await app.request(`/v1/datasets/${id}`, { method: 'DELETE', headers: auth(writer.secret) });
    expect(del.status).toBeLessThan(300);
    const rows = (await trail(`?resource=dataset&id=${id}`)).rows as (Row & { revision: number | null; hash: string | null })[];
    expect(rows.map((r) => [r.action, r.actor, r.workspace])).toEqual([
      ['delete', writer.id, 'sichuan'],
      ['update', writer.id, 'sichuan'],
      ['create', writer.id, 'sichuan'],
    ]);
    expect(rows[2].revision).toBe(1);
    expect(rows[1].revision).toBe(2);
    expect(rows[1].hash).toMatch(/[0-9a-f]{64}/);
    expect(rows[1].hash).not.toBe(rows[2].hash);
    // the delete names what it deleted: the head revision and its hash
    expect(rows[0].revision).toBe(2);
    expect(rows[0].hash).toBe(rows[1].hash);
  });

  it('a scenario deleted is audited with the hash of the revision it deleted', async () => {
    const writer = await made({ name: 'planner', scope: 'write' });
    await putDataset(store, { id: 'ds_audit', rows: COUNTIES });
    const headers = { ...auth(writer.secret), ...json };
    const body = { title: '审计', route: '/v1/allocations', request: { ...ALLOCATION, regions: { dataset: 'ds_audit' } } };
    const res = await app.request('/v1/scenarios', { method: 'POST', headers, body: JSON.stringify(body) });
    expect(res.status, await res.clone().text()).toBe(201);
    const id = ((await res.json()) as { id: string }).id;
    const del = await app.request(`/v1/scenarios/${id}`, { method: 'DELETE', headers: { ...auth(writer.secret), 'if-match': '"1"' } });
    expect(del.status, await del.clone().text()).toBeLessThan(300);
    const rows = (await trail(`?resource=scenario&id=${id}`)).rows as (Row & { revision: number | null; hash: string | null })[];
    expect(rows.map((r) => [r.action, r.revision])).toEqual([
      ['delete', 1],
      ['create', 1],
    ]);
    expect(rows[1].hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(rows[0].hash).toBe(rows[1].hash);
  });

  it("a key's create and revoke carry the hash of its public record, never of its secret", async () => {
    const a = await made({ name: 'hashed', scope: 'read' });
    const revoked = (await (await app.request(`/v1/keys/${a.id}`, { method: 'DELETE', headers: auth(admin.secret) })).json()) as KeyInfo;
    const rows = (await trail(`?resource=key&id=${a.id}`)).rows as (Row & { hash: string | null })[];
    expect(rows.map((r) => r.action)).toEqual(['revoke', 'create']);
    const { secret, ...created } = a as KeyInfo & { secret: string };
    expect(rows[1].hash).toBe(await keyRecordHash(created));
    expect(rows[0].hash).toBe(await keyRecordHash(revoked));
    expect(rows[0].hash).not.toBe(rows[1].hash);
    const secretHash = await sha256Hex(secret);
    for (const r of rows) {
      expect(r.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(r.hash).not.toContain(secretHash);
    }
  });

  it('filters by resource, id, actor and since; filters combine', async () => {
    const a = await made({ name: 'a', scope: 'read' });
    await made({ name: 'b', scope: 'read' });
    expect((await trail(`?id=${a.id}`)).rows.map((r) => r.resourceId)).toEqual([a.id]);
    expect((await trail('?actor=cli')).rows.map((r) => r.resourceId)).toEqual([admin.id]);
    expect((await trail(`?actor=${admin.id}`)).rows).toHaveLength(2);
    expect((await trail('?resource=dataset')).rows).toEqual([]);
    expect((await trail(`?resource=key&actor=cli&id=${a.id}`)).rows).toEqual([]);
    expect((await trail('?since=2000-01-01')).rows).toHaveLength(3);
    expect((await trail('?since=2999-01-01T00:00:00Z')).rows).toEqual([]);
    // since is a time: rows at or after it
    const second = (await trail()).rows[1];
    expect((await trail(`?since=${encodeURIComponent(second.at)}`)).rows.map((r) => r.seq)).toContain(second.seq);
  });

  it('pages by cursor: every row once, in order, the filters kept in next', async () => {
    for (let i = 0; i < 6; i++) await made({ name: `k${i}`, scope: 'read' });
    const all = (await trail()).rows.map((r) => r.seq);
    expect(all).toHaveLength(7);
    const seen: number[] = [];
    let page = await trail('?limit=3&resource=key');
    seen.push(...page.rows.map((r) => r.seq));
    let pages = 1;
    while (page.next) {
      expect(page.next).toContain('resource=key');
      expect(page.next).toContain('limit=3');
      const res = await app.request(page.next, { headers: auth(admin.secret) });
      page = (await res.json()) as typeof page;
      seen.push(...page.rows.map((r) => r.seq));
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(all);
  });

  it('gives the page as CSV or TSV (BOM, a header, the next page in a Link header)', async () => {
    await made({ name: '=HYPERLINK("x")', scope: 'read' });
    const csv = await app.request('/v1/audit?format=csv&limit=1', { headers: auth(admin.secret) });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('link')).toMatch(/^<\/v1\/audit\?.*cursor=\d+>; rel="next"$/);
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('seq,at,actor,workspace,action,resource,resourceId,revision,hash,detail');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(',create,key,');
    const tsv = await app.request('/v1/audit?format=tsv', { headers: auth(admin.secret) });
    expect(tsv.headers.get('content-type')).toBe('text/tab-separated-values; charset=utf-8');
    expect(tsv.headers.get('link')).toBeNull();
    expect(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(await tsv.arrayBuffer()).split('\r\n')[0]).toBe(
      '\uFEFFseq\tat\tactor\tworkspace\taction\tresource\tresourceId\trevision\thash\tdetail',
    );
  });

  it('refuses a bad since, cursor, limit or format, and unknown parameters, with codes', async () => {
    const cases: [string, string, string][] = [
      ['?since=yesterday', '?since', 'bad-since'],
      ['?since=2026-02-30', '?since', 'bad-since'],
      ['?cursor=0', '?cursor', 'bad-cursor'],
      ['?cursor=abc', '?cursor', 'bad-cursor'],
      ['?limit=0', '?limit', 'bad-page-size'],
      ['?limit=1001', '?limit', 'bad-page-size'],
      ['?format=xlsx', '?format', 'not-one-of'],
      ['?who=me', '?who', 'unknown-query-parameter'],
      ['?resource=nope', '?resource', 'unknown-audit-resource'],
      ['?resource=', '?resource', 'unknown-audit-resource'],
    ];
    for (const [query, pointer, code] of cases) {
      const res = await app.request(`/v1/audit${query}`, { headers: auth(admin.secret) });
      const body = await expectProblem(res, 422, [pointer]);
      expect(body.errors[0].code, query).toBe(code);
    }
    const unknown = await expectProblem(await app.request('/v1/audit?resource=nope', { headers: auth(admin.secret) }), 422, ['?resource']);
    for (const known of ['dataset', 'scenario', 'model', 'key']) expect(unknown.errors[0].detail).toContain(known);
    for (const known of ['dataset', 'scenario', 'model', 'key']) expect((await trail(`?resource=${known}`)).rows).toBeDefined();
  });
});

describe('the OpenAPI document', () => {
  it('declares the bearer scheme, and the key routes need it', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as any;
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{}, { bearerAuth: [] }]);
    for (const [path, method] of [
      ['/v1/keys', 'post'],
      ['/v1/keys', 'get'],
      ['/v1/keys/{id}', 'get'],
      ['/v1/keys/{id}', 'delete'],
      ['/v1/audit', 'get'],
    ]) {
      const op = doc.paths[path][method];
      expect(op.security, `${method} ${path}`).toEqual([{ bearerAuth: [] }]);
      expect(op.responses['401'], `${method} ${path}`).toBeDefined();
      expect(op.responses['403'], `${method} ${path}`).toBeDefined();
    }
    expect(doc.paths['/v1/keys'].post.responses['201'].content['application/json'].example.secret).toMatch(/^bfa_/);
  });

  it('every example of POST /v1/keys, posted with an admin key, makes a key with the documented fields (tests/api/openapi.test.ts skips it: it posts anonymously)', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as any;
    const op = doc.paths['/v1/keys'].post;
    const examples = Object.values(op.requestBody.content['application/json'].examples) as { value: unknown }[];
    expect(examples.length).toBeGreaterThanOrEqual(2);
    // the 201's schema, $refs and allOf followed: the fields it documents
    const fields = (schema: any): string[] => {
      if (schema.$ref) return fields(doc.components.schemas[schema.$ref.split('/').pop()]);
      return [...Object.keys(schema.properties ?? {}), ...(schema.allOf ?? []).flatMap(fields)];
    };
    const documented = fields(op.responses['201'].content['application/json'].schema).sort();
    expect(documented).toContain('secret');
    for (const { value } of examples) {
      const res = await makeKey(value);
      expect(res.status, JSON.stringify(value)).toBe(201);
      expect(Object.keys((await res.json()) as object).sort()).toEqual(documented);
    }
  });
});
