/**
 * Save tokens inside workerd, through the Worker's real entry (exports.default.fetch) and its local D1
 * migrated from migrations/ (0008 included): a write key gets a token, the token saves a scenario into its
 * workspace and reads that workspace's private dataset, every other write refuses it, an expiry written
 * into D1 and a revocation are 401s saying so, only the hash is in D1, the audit rows are there, and 20
 * concurrent saves with one token each land exactly once.
 */
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { d1Store } from '../../src/store/d1.js';
import { createKey } from '../../src/store/keys.js';
import { sha256Hex } from '../../src/store/store.js';
import { ALLOCATION, COUNTIES, putDataset } from '../api/scenarios-fixtures.js';

const ORIGIN = 'http://allocator.test';
const call = (path: string, init: RequestInit = {}) => exports.default.fetch(ORIGIN + path, init);
const auth = (secret: string) => ({ authorization: `Bearer ${secret}` });
const json = { 'content-type': 'application/json' };

async function problem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  const body = (await res.json()) as { code: string; detail: string; detail_zh: string };
  expect(body.detail_zh).toMatch(/[\u4e00-\u9fff]/);
  return body;
}

let n = 0;
/** A workspace of its own for each test, with a write key, a read key and a private dataset. */
async function workspace() {
  const name = `tok-ws-${++n}-${crypto.randomUUID().slice(0, 8)}`;
  const store = d1Store(env.DB);
  const writer = await createKey(store, { name: 'portal server', workspace: name, scope: 'write' }, 'cli');
  const reader = await createKey(store, { name: 'dashboard', workspace: name, scope: 'read' }, 'cli');
  const dataset = `ds-${name}`;
  await putDataset(store, { id: dataset, workspace: name, visibility: 'private', rows: COUNTIES });
  return { name, writer, reader, dataset };
}

async function getToken(secret: string, body: unknown = { grants: ['save-scenario'] }) {
  const res = await call('/v1/tokens', { method: 'POST', headers: { ...auth(secret), ...json }, body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { token: string; id: string; prefix: string; workspace: string; issuedBy: string; expiresAt: string; createdAt: string };
}

const scenario = (title: string, dataset: string) => ({ title, route: '/v1/allocations', request: { ...ALLOCATION, regions: { dataset } } });
const save = (secret: string, body: unknown) => call('/v1/scenarios', { method: 'POST', headers: { ...auth(secret), ...json }, body: JSON.stringify(body) });

describe('save tokens inside workerd', () => {
  it('a write key gets one: only its hash in D1, never in GET /v1/keys, the create audited', async () => {
    const ws = await workspace();
    const t = await getToken(ws.writer.secret, { grants: ['save-scenario'], ttlSeconds: 120 });
    expect(t.token).toMatch(/^bft_[A-Za-z0-9_-]{43}$/);
    expect(t).toMatchObject({ workspace: ws.name, issuedBy: ws.writer.id });
    expect(Date.parse(t.expiresAt) - Date.parse(t.createdAt)).toBe(120_000);
    const row = await env.DB.prepare('SELECT * FROM tokens WHERE id = ?').bind(t.id).first<{ hash: string }>();
    expect(row?.hash).toBe(await sha256Hex(t.token));
    expect(JSON.stringify(row)).not.toContain(t.token.slice(12));
    const audit = await env.DB.prepare("SELECT actor, action, workspace FROM audit_log WHERE resource = 'token' AND resource_id = ?").bind(t.id).all();
    expect(audit.results).toEqual([{ actor: ws.writer.id, action: 'create', workspace: ws.name }]);
    const admin = await createKey(d1Store(env.DB), { name: 'root', workspace: ws.name, scope: 'admin' }, 'cli');
    const keys = await (await call('/v1/keys', { headers: auth(admin.secret) })).text();
    expect(keys).toContain(ws.writer.id);
    expect(keys).not.toContain(t.id);
    expect(keys).not.toContain(t.prefix);
    // a bad body: every problem at once
    const bad = await call('/v1/tokens', { method: 'POST', headers: { ...auth(ws.writer.secret), ...json }, body: '{"grants":["nope"],"ttlSeconds":10}' });
    const body = (await problem(bad, 422)) as unknown as { errors: { pointer: string; code: string }[] };
    expect(body.errors.map((e) => [e.pointer, e.code])).toEqual(
      expect.arrayContaining([
        ['/grants/0', 'unknown-grant'],
        ['/ttlSeconds', 'token-ttl-out-of-range'],
      ]),
    );
  });

  it('saves a scenario into its workspace (createdBy the token) and reads its private dataset; nothing else that writes', async () => {
    const ws = await workspace();
    const t = await getToken(ws.writer.secret);
    expect((await call(`/v1/datasets/${ws.dataset}`, { headers: auth(t.token) })).status).toBe(200);
    const res = await save(t.token, scenario('widget variant 方案', ws.dataset));
    expect(res.status, await res.clone().text()).toBe(201);
    const saved = (await res.json()) as { id: string; workspace: string; createdBy: string; visibility: string };
    expect(saved).toMatchObject({ workspace: ws.name, createdBy: t.id, visibility: 'private' });
    expect((await call(`/v1/scenarios/${saved.id}`, { headers: auth(ws.reader.secret) })).status).toBe(200);
    const audit = await env.DB.prepare("SELECT actor FROM audit_log WHERE resource = 'scenario' AND resource_id = ?").bind(saved.id).all();
    expect(audit.results).toEqual([{ actor: t.id }]);

    const refused: [string, string, RequestInit][] = [
      ['PUT', `/v1/scenarios/${saved.id}`, { headers: { ...json, 'if-match': '"1"' }, body: JSON.stringify(scenario('changed', ws.dataset)) }],
      ['DELETE', `/v1/scenarios/${saved.id}`, {}],
      ['DELETE', `/v1/datasets/${ws.dataset}`, {}],
      ['POST', '/v1/tokens', { headers: json, body: '{"grants":["save-scenario"]}' }],
      ['DELETE', `/v1/tokens/${t.id}`, {}],
      ['GET', '/v1/audit', {}],
    ];
    for (const [method, path, init] of refused) {
      const answer = await call(path, { ...init, method, headers: { ...auth(t.token), ...(init.headers as Record<string, string>) } });
      expect((await problem(answer, 403)).code, `${method} ${path}`).toBe('token-not-granted');
    }
    expect((await problem(await call(`/v1/datasets/${ws.dataset}?key=${t.token}`), 403)).code).toBe('token-in-query');
  });

  it('expired (an expiry written into D1) and revoked tokens are 401s saying so', async () => {
    const ws = await workspace();
    const t = await getToken(ws.writer.secret, { grants: ['save-scenario'], ttlSeconds: 60 });
    const past = new Date(Date.now() - 5000).toISOString();
    await env.DB.prepare('UPDATE tokens SET expires_at = ? WHERE id = ?').bind(past, t.id).run();
    const expired = await problem(await save(t.token, scenario('late', ws.dataset)), 401);
    expect(expired.code).toBe('token-expired');
    expect(expired.detail).toContain(past);
    expect(expired.detail).toMatch(/new one/);

    const u = await getToken(ws.writer.secret);
    expect((await save(u.token, scenario('in time', ws.dataset))).status).toBe(201);
    const other = await workspace();
    expect((await problem(await call(`/v1/tokens/${u.id}`, { method: 'DELETE', headers: auth(other.writer.secret) }), 404)).code).toBe('unknown-token');
    expect((await call(`/v1/tokens/${u.id}`, { method: 'DELETE', headers: auth(ws.writer.secret) })).status).toBe(204);
    expect((await problem(await save(u.token, scenario('too late', ws.dataset)), 401)).code).toBe('token-revoked');
    const audit = await env.DB.prepare("SELECT action FROM audit_log WHERE resource = 'token' AND resource_id = ? ORDER BY seq").bind(u.id).all();
    expect(audit.results.map((r) => r.action)).toEqual(['create', 'revoke']);
  });

  it('20 concurrent saves with one token each land exactly once', async () => {
    const ws = await workspace();
    const t = await getToken(ws.writer.secret);
    const titles = Array.from({ length: 20 }, (_, i) => `variant ${i + 1}`);
    const answers = await Promise.all(titles.map((title) => save(t.token, scenario(title, ws.dataset))));
    expect(answers.map((r) => r.status)).toEqual(titles.map(() => 201));
    const ids = await Promise.all(answers.map(async (r) => ((await r.json()) as { id: string }).id));
    expect(new Set(ids).size).toBe(20);
    const rows = await env.DB.prepare(
      'SELECT s.id AS id, r.title AS title FROM scenarios s JOIN scenario_revisions r ON r.scenario_id = s.id WHERE s.created_by = ? ORDER BY r.title',
    )
      .bind(t.id)
      .all<{ id: string; title: string }>();
    expect(rows.results.map((r) => r.title)).toEqual([...titles].sort());
    expect(new Set(rows.results.map((r) => r.id))).toEqual(new Set(ids));
  });
});
