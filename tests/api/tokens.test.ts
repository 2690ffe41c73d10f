/**
 * Save tokens (issue 14) in Node, on a real SQLite store through the app: a write key gets a token
 * (POST /v1/tokens), the token saves a scenario into its workspace and reads that workspace's private
 * data, every other write refuses it (403 naming what is needed), it expires (tested by the store's clock
 * and by an expiry written into the store, never by sleeping), it is revoked (DELETE /v1/tokens/{id}),
 * both are audited, only its hash is stored, it never shows in GET /v1/keys, and 20 concurrent saves with
 * one token each land exactly once.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { memoryRateLimiter } from '../../src/api/access/rateLimit.js';
import { findModel } from '../../src/api/models/catalog.js';
import { createKey } from '../../src/store/keys.js';
import { type SqliteStore, sqliteStore } from '../../src/store/sqlite.js';
import { sha256Hex } from '../../src/store/store.js';
import { createToken, findToken, GRANTS, tokenRecordHash } from '../../src/store/tokens.js';
import { expectProblem } from './request.js';
import { ALLOCATION, COUNTIES, putDataset } from './scenarios-fixtures.js';

type Made = Awaited<ReturnType<typeof createKey>>;
interface Token {
  token: string;
  id: string;
  prefix: string;
  workspace: string;
  grants: string[];
  issuedBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

let store: SqliteStore;
let app: ReturnType<typeof createApp>;
let admin: Made;
let writer: Made;
let reader: Made;
let otherWriter: Made;

beforeEach(async () => {
  store = sqliteStore(':memory:');
  app = createApp({ store });
  admin = await createKey(store, { name: 'root', workspace: 'sichuan', scope: 'admin' }, 'cli');
  writer = await createKey(store, { name: 'portal server', workspace: 'sichuan', scope: 'write' }, 'cli');
  reader = await createKey(store, { name: 'dashboard', workspace: 'sichuan', scope: 'read' }, 'cli');
  otherWriter = await createKey(store, { name: 'elsewhere', workspace: 'chongqing', scope: 'write' }, 'cli');
  await putDataset(store, { id: 'ds-counties', workspace: 'sichuan', visibility: 'private', rows: COUNTIES });
  await putDataset(store, { id: 'ds-theirs', workspace: 'chongqing', visibility: 'private', rows: COUNTIES });
});

const auth = (secret: string) => ({ authorization: `Bearer ${secret}` });
const json = { 'content-type': 'application/json' };

function ask(body: unknown, secret: string | null = writer.secret) {
  return app.request('/v1/tokens', { method: 'POST', headers: { ...(secret ? auth(secret) : {}), ...json }, body: JSON.stringify(body) });
}

async function token(body: unknown = { grants: ['save-scenario'] }, secret = writer.secret): Promise<Token> {
  const res = await ask(body, secret);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Token;
}

const scenario = (title: string, dataset = 'ds-counties', extra: Record<string, unknown> = {}) => ({
  title,
  route: '/v1/allocations',
  request: { ...ALLOCATION, regions: { dataset } },
  ...extra,
});

function save(secret: string, body: unknown = scenario('widget variant 方案')) {
  return app.request('/v1/scenarios', { method: 'POST', headers: { ...auth(secret), ...json }, body: JSON.stringify(body) });
}

/** Every text the database holds, table by table (to prove what is not in it). */
function everythingStored(): string {
  const tables = store.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  return tables.map((t) => JSON.stringify(store.sqlite.prepare(`SELECT * FROM "${t.name}"`).all())).join('\n');
}

const auditOf = (id: string) =>
  store.sqlite.prepare('SELECT actor, workspace, action, resource, resource_id, hash, detail FROM audit_log WHERE resource_id = ? ORDER BY seq').all(id) as {
    actor: string;
    workspace: string;
    action: string;
    resource: string;
    resource_id: string;
    hash: string;
    detail: string | null;
  }[];

describe('POST /v1/tokens', () => {
  it('a write key gets a token for its workspace: bft_ and 43 characters, 15 minutes by default, Location, no-store', async () => {
    const res = await ask({ grants: ['save-scenario'] });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const t = (await res.json()) as Token;
    expect(res.headers.get('location')).toBe(`/v1/tokens/${t.id}`);
    expect(t.token).toMatch(/^bft_[A-Za-z0-9_-]{43}$/);
    expect(t.prefix).toBe(t.token.slice(0, 12));
    expect(t).toMatchObject({ workspace: 'sichuan', grants: ['save-scenario'], issuedBy: writer.id, revokedAt: null });
    expect(Date.parse(t.expiresAt) - Date.parse(t.createdAt)).toBe(900_000);
    expect(Math.abs(Date.parse(t.createdAt) - Date.now())).toBeLessThan(60_000);
  });

  it('ttlSeconds from 60 to 3600 is the lifetime; an admin gets one for its own workspace too', async () => {
    for (const ttl of [60, 3600, 1234]) {
      const t = await token({ grants: ['save-scenario'], ttlSeconds: ttl });
      expect(Date.parse(t.expiresAt) - Date.parse(t.createdAt)).toBe(ttl * 1000);
    }
    const byAdmin = await token({ grants: ['save-scenario', 'save-scenario'] }, admin.secret);
    expect(byAdmin).toMatchObject({ workspace: 'sichuan', issuedBy: admin.id, grants: ['save-scenario'] });
  });

  it('every problem of the body at once, in both languages: an unknown grant names the known ones', async () => {
    const res = await ask({ grants: ['save-scenario', 'delete-everything', 7], ttlSeconds: 5, colour: 'red' });
    const body = await expectProblem(res, 422, ['/grants/1', '/grants/2', '/ttlSeconds', '/colour']);
    const at = (p: string) => body.errors.find((e: { pointer: string }) => e.pointer === p);
    expect(at('/grants/1').code).toBe('unknown-grant');
    expect(at('/grants/1').detail).toContain('"delete-everything"');
    for (const g of GRANTS) {
      expect(at('/grants/1').detail).toContain(g);
      expect(at('/grants/1').detail_zh).toContain(g);
    }
    expect(at('/ttlSeconds').code).toBe('token-ttl-out-of-range');
    expect(at('/ttlSeconds').detail).toMatch(/60.*3600/);
    expect(at('/colour').code).toBe('unknown-field');
  });

  it('refuses a lifetime outside 60–3600 or not whole, and no grants', async () => {
    for (const ttlSeconds of [59, 3601, 60.5, 0, -900]) {
      const body = await expectProblem(await ask({ grants: ['save-scenario'], ttlSeconds }), 422, ['/ttlSeconds']);
      expect(body.errors[0].code, String(ttlSeconds)).toBe('token-ttl-out-of-range');
    }
    await expectProblem(await ask({ grants: ['save-scenario'], ttlSeconds: '900' }), 422, ['/ttlSeconds']);
    await expectProblem(await ask({}), 422, ['/grants']);
    await expectProblem(await ask({ grants: [] }), 422, ['/grants']);
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM tokens').get()).toEqual({ n: 0 });
  });

  it('needs a write key: none 401, a read key 403, a token 403, a key in the URL 400 — before the body is read', async () => {
    const none = await expectProblem(await ask({ nonsense: true }, null), 401);
    expect(none.code).toBe('key-required');
    const read = await expectProblem(await ask({ nonsense: true }, reader.secret), 403);
    expect(read.code).toBe('scope-too-narrow');
    const t = await token();
    const byToken = await expectProblem(await ask({ grants: ['save-scenario'] }, t.token), 403);
    expect(byToken.code).toBe('token-not-granted');
    const inUrl = await app.request(`/v1/tokens?key=${writer.secret}`, { method: 'POST', headers: json, body: '{"grants":["save-scenario"]}' });
    expect((await expectProblem(inUrl, 400)).code).toBe('key-in-query-get-only');
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM tokens').get()).toEqual({ n: 1 });
  });

  it('only the hash is stored, the token never shows in GET /v1/keys, and the create is audited with its public record', async () => {
    const t = await token();
    expect(everythingStored()).not.toContain(t.token);
    expect(everythingStored()).not.toContain(t.token.slice(12));
    const row = store.sqlite.prepare('SELECT * FROM tokens WHERE id = ?').get(t.id) as { hash: string; prefix: string; grants: string; issued_by: string };
    expect(row.hash).toBe(await sha256Hex(t.token));
    expect(row).toMatchObject({ prefix: t.prefix, grants: '["save-scenario"]', issued_by: writer.id });

    const keys = await app.request('/v1/keys', { headers: auth(admin.secret) });
    expect(keys.status).toBe(200);
    const listed = await keys.text();
    expect(listed).not.toContain(t.id);
    expect(listed).not.toContain(t.prefix);
    expect(JSON.parse(listed).keys).toHaveLength(4);

    const [create] = auditOf(t.id);
    const { token: _secret, ...info } = t;
    expect(create).toMatchObject({ actor: writer.id, workspace: 'sichuan', action: 'create', resource: 'token', resource_id: t.id });
    expect(create.hash).toBe(await tokenRecordHash(info as never));
    expect(JSON.parse(create.detail!)).toMatchObject({ grants: 'save-scenario', ttlSeconds: 900, expiresAt: t.expiresAt });
    // GET /v1/audit?resource=token finds it
    const trail = await app.request('/v1/audit?resource=token', { headers: auth(admin.secret) });
    expect(trail.status).toBe(200);
    const rows = ((await trail.json()) as { rows: { resourceId: string; action: string }[] }).rows;
    expect(rows.map((r) => [r.action, r.resourceId])).toEqual([['create', t.id]]);
  });
});

describe('a save token at work', () => {
  it('saves a scenario into its workspace: private, createdBy the token, audited with the token as actor', async () => {
    const t = await token();
    const res = await save(t.token);
    expect(res.status, await res.clone().text()).toBe(201);
    const saved = (await res.json()) as { id: string; workspace: string; createdBy: string; visibility: string };
    expect(saved).toMatchObject({ workspace: 'sichuan', createdBy: t.id, visibility: 'private' });
    expect(auditOf(saved.id)).toEqual([expect.objectContaining({ actor: t.id, workspace: 'sichuan', action: 'create', resource: 'scenario' })]);
    // the workspace's keys see it; another workspace does not
    expect((await app.request(`/v1/scenarios/${saved.id}`, { headers: auth(reader.secret) })).status).toBe(200);
    expect((await app.request(`/v1/scenarios/${saved.id}`, { headers: auth(otherWriter.secret) })).status).toBe(404);
    // and the token reads it back, with the list of its workspace
    expect((await app.request(`/v1/scenarios/${saved.id}`, { headers: auth(t.token) })).status).toBe(200);
    const list = (await (await app.request('/v1/scenarios', { headers: auth(t.token) })).json()) as { scenarios: { id: string }[] };
    expect(list.scenarios.map((s) => s.id)).toContain(saved.id);
  });

  it('reads like a read key of its workspace: its private dataset yes, another workspace’s no', async () => {
    const t = await token();
    const mine = await app.request('/v1/datasets/ds-counties', { headers: auth(t.token) });
    expect(mine.status).toBe(200);
    expect(((await mine.json()) as { rows: unknown[] }).rows).toHaveLength(COUNTIES.length);
    expect((await app.request('/v1/datasets/ds-theirs', { headers: auth(t.token) })).status).toBe(404);
    // a scenario naming another workspace's private dataset is refused as for a read key of this one
    const res = await save(t.token, scenario('not mine', 'ds-theirs'));
    expect(res.status).toBe(422);
  });

  it('a token of another workspace saves there, never here', async () => {
    const t = await token({ grants: ['save-scenario'] }, otherWriter.secret);
    expect(t.workspace).toBe('chongqing');
    const res = await save(t.token, scenario('theirs', 'ds-theirs'));
    expect(res.status).toBe(201);
    expect(((await res.json()) as { workspace: string }).workspace).toBe('chongqing');
  });

  it('refuses every other write with 403 token-not-granted, saying what is needed, in both languages', async () => {
    const t = await token();
    const saved = (await (await save(writer.secret)).json()) as { id: string };
    const ownModel = { ...(structuredClone(findModel('allocation', 'sichuan-2024')!.model) as Record<string, unknown>), id: 'my-model' };
    const tries: [string, string, RequestInit, string][] = [
      ['PUT', `/v1/scenarios/${saved.id}`, { headers: { ...json, 'if-match': '"1"' }, body: JSON.stringify(scenario('changed')) }, 'write'],
      ['DELETE', `/v1/scenarios/${saved.id}`, {}, 'write'],
      ['POST', '/v1/datasets', { headers: json, body: JSON.stringify({ title: 'x', rows: COUNTIES }) }, 'write'],
      ['PUT', '/v1/datasets/ds-counties', { headers: { ...json, 'if-match': '"1"' }, body: JSON.stringify({ rows: COUNTIES }) }, 'write'],
      ['DELETE', '/v1/datasets/ds-counties', {}, 'write'],
      ['POST', '/v1/models/allocation', { headers: json, body: JSON.stringify({ model: ownModel }) }, 'write'],
      ['PUT', '/v1/models/allocation/my-model', { headers: { ...json, 'if-match': '"1"' }, body: JSON.stringify({ model: ownModel }) }, 'write'],
      ['DELETE', '/v1/models/allocation/my-model', {}, 'write'],
      ['POST', '/v1/keys', { headers: json, body: JSON.stringify({ name: 'x', scope: 'read' }) }, 'admin'],
      ['GET', '/v1/keys', {}, 'admin'],
      ['GET', '/v1/audit', {}, 'admin'],
      ['POST', '/v1/tokens', { headers: json, body: JSON.stringify({ grants: ['save-scenario'] }) }, 'write'],
      ['DELETE', `/v1/tokens/${t.id}`, {}, 'write'],
    ];
    for (const [method, path, init, needed] of tries) {
      const res = await app.request(path, { ...init, method, headers: { ...auth(t.token), ...(init.headers as Record<string, string>) } });
      expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBe(403);
      const body = await expectProblem(res, 403);
      expect(body.code, `${method} ${path}`).toBe('token-not-granted');
      expect(body.detail, `${method} ${path}`).toContain(`${needed} scope`);
      expect(body.detail).toContain(t.prefix);
      expect(body.detail).not.toContain(t.token);
    }
    // nothing changed: the scenario is at revision 1 and not deleted, the dataset too, no key or token made
    expect((await app.request(`/v1/scenarios/${saved.id}`, { headers: auth(writer.secret) })).headers.get('etag')).toBe('"1"');
    expect((await app.request('/v1/datasets/ds-counties', { headers: auth(writer.secret) })).headers.get('etag')).toBe('"1"');
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM api_keys').get()).toEqual({ n: 4 });
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM models').get()).toEqual({ n: 0 });
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM tokens WHERE revoked_at IS NULL').get()).toEqual({ n: 1 });
  });

  it('is never used from a URL: ?key= on a GET is a 403, on a POST a 400', async () => {
    const t = await token();
    const get = await expectProblem(await app.request(`/v1/datasets/ds-counties?key=${t.token}`), 403, ['?key']);
    expect(get.code).toBe('token-in-query');
    expect(JSON.stringify(get)).not.toContain(t.token);
    const post = await app.request(`/v1/scenarios?key=${t.token}`, { method: 'POST', headers: json, body: JSON.stringify(scenario('x')) });
    expect((await expectProblem(post, 400)).code).toBe('key-in-query-get-only');
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM scenarios').get()).toEqual({ n: 0 });
  });

  it('an unknown token is a 401 naming its first characters, never the whole', async () => {
    const secret = 'bft_thisTokenWasNeverMadeByAnyoneAtAll0000000';
    const res = await save(secret);
    const body = await expectProblem(res, 401);
    expect(body.code).toBe('token-unknown');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(body.detail).toContain('bft_thisToke');
    expect(JSON.stringify(body)).not.toContain(secret);
  });

  it('20 concurrent saves with one token each land exactly once', async () => {
    const t = await token();
    const titles = Array.from({ length: 20 }, (_, i) => `variant ${i + 1} 方案`);
    const answers = await Promise.all(titles.map((title) => save(t.token, scenario(title))));
    expect(answers.map((r) => r.status)).toEqual(titles.map(() => 201));
    const ids = await Promise.all(answers.map(async (r) => ((await r.json()) as { id: string }).id));
    expect(new Set(ids).size).toBe(20);
    const rows = store.sqlite
      .prepare('SELECT s.id, r.title FROM scenarios s JOIN scenario_revisions r ON r.scenario_id = s.id WHERE s.created_by = ? ORDER BY r.title')
      .all(t.id) as { id: string; title: string }[];
    expect(rows.map((r) => r.title)).toEqual([...titles].sort());
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(ids));
    expect(store.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE resource = 'scenario' AND actor = ?").get(t.id)).toEqual({ n: 20 });
  });

  it('counts against the rate limit as its own bucket', async () => {
    const limited = createApp({ store, rateLimiter: memoryRateLimiter({ limit: 2, period: 60 }) });
    const t = await token();
    const read = () => limited.request('/v1/datasets/ds-counties', { headers: auth(t.token) });
    expect((await read()).status).toBe(200);
    expect((await read()).status).toBe(200);
    const over = await read();
    expect((await expectProblem(over, 429)).code).toBe('rate-limited');
    // the key that issued it has its own
    expect((await limited.request('/v1/datasets/ds-counties', { headers: auth(writer.secret) })).status).toBe(200);
  });
});

describe('expiry', () => {
  it('at its expiresAt the store calls it expired, a millisecond before valid', async () => {
    const t = await createToken(store, { workspace: 'sichuan', grants: ['save-scenario'], ttlSeconds: 60 }, writer.id, new Date('2026-03-02T08:00:00.000Z'));
    expect(t.expiresAt).toBe('2026-03-02T08:01:00.000Z');
    expect((await findToken(store.db, t.token, new Date('2026-03-02T08:00:59.999Z'))).status).toBe('valid');
    expect((await findToken(store.db, t.token, new Date('2026-03-02T08:01:00.000Z'))).status).toBe('expired');
    expect((await findToken(store.db, `${t.token}x`, new Date('2026-03-02T08:00:30.000Z'))).status).toBe('unknown');
  });

  it('an expired token is a 401 saying when it expired and that the host page must get a new one', async () => {
    const t = await token({ grants: ['save-scenario'], ttlSeconds: 60 });
    expect((await save(t.token)).status).toBe(201);
    const past = new Date(Date.now() - 1000).toISOString();
    await store.atomically([store.db.updateTable('tokens').set({ expires_at: past }).where('id', '=', t.id)]);
    const res = await save(t.token);
    const body = await expectProblem(res, 401);
    expect(body.code).toBe('token-expired');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(body.detail).toContain(past);
    expect(body.detail).toMatch(/host page must get a new one/);
    expect(body.detail_zh).toContain(past);
    expect(body.detail_zh).toMatch(/重新申请/);
    // reads too: an expired token is not silently anonymous
    expect((await app.request('/v1/datasets/ds-counties', { headers: auth(t.token) })).status).toBe(401);
  });

  it('a token made an hour ago with the longest lifetime has expired', async () => {
    const hourAgo = new Date(Date.now() - 3600_000 - 1);
    const t = await createToken(store, { workspace: 'sichuan', grants: ['save-scenario'], ttlSeconds: 3600 }, writer.id, hourAgo);
    expect((await expectProblem(await save(t.token), 401)).code).toBe('token-expired');
  });
});

describe('DELETE /v1/tokens/{id}', () => {
  it('a write key of its workspace revokes it: 204, its next request a 401 token-revoked, audited once', async () => {
    const t = await token();
    const res = await app.request(`/v1/tokens/${t.id}`, { method: 'DELETE', headers: auth(writer.secret) });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    const refused = await expectProblem(await save(t.token), 401);
    expect(refused.code).toBe('token-revoked');
    expect(refused.detail).toContain(t.prefix);
    // again: nothing changes, the same answer
    expect((await app.request(`/v1/tokens/${t.id}`, { method: 'DELETE', headers: auth(writer.secret) })).status).toBe(204);
    const trail = auditOf(t.id);
    expect(trail.map((r) => r.action)).toEqual(['create', 'revoke']);
    expect(trail[1]).toMatchObject({ actor: writer.id, workspace: 'sichuan', resource: 'token' });
    const got = (await (await app.request(`/v1/tokens/${t.id}`, { headers: auth(writer.secret) })).json()) as Token;
    expect(got.revokedAt).not.toBeNull();
    expect(trail[1].hash).toBe(await tokenRecordHash(got as never));
    expect(JSON.stringify(got)).not.toContain(t.token);
  });

  it('another workspace’s write key gets 404 unknown-token, a read key 403, an unknown id 404; an admin may', async () => {
    const t = await token();
    const other = await expectProblem(await app.request(`/v1/tokens/${t.id}`, { method: 'DELETE', headers: auth(otherWriter.secret) }), 404);
    expect(other.code).toBe('unknown-token');
    expect((await app.request(`/v1/tokens/${t.id}`, { headers: auth(otherWriter.secret) })).status).toBe(404);
    const read = await expectProblem(await app.request(`/v1/tokens/${t.id}`, { method: 'DELETE', headers: auth(reader.secret) }), 403);
    expect(read.code).toBe('scope-too-narrow');
    expect((await expectProblem(await app.request('/v1/tokens/tok_nope', { method: 'DELETE', headers: auth(writer.secret) }), 404)).code).toBe(
      'unknown-token',
    );
    expect((await save(t.token)).status).toBe(201);
    const foreignAdmin = await createKey(store, { name: 'root 2', workspace: 'chongqing', scope: 'admin' }, 'cli');
    expect((await app.request(`/v1/tokens/${t.id}`, { method: 'DELETE', headers: auth(foreignAdmin.secret) })).status).toBe(204);
    expect((await expectProblem(await save(t.token), 401)).code).toBe('token-revoked');
  });
});

describe('documented', () => {
  it('/openapi.json has POST /v1/tokens and DELETE /v1/tokens/{id} with examples and the bearer security', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<
        string,
        Record<string, { security?: unknown[]; requestBody?: { content: Record<string, { examples?: object }> }; responses: Record<string, unknown> }>
      >;
    };
    const post = doc.paths['/v1/tokens']?.post;
    expect(post).toBeDefined();
    expect(post.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(post.requestBody!.content['application/json'].examples ?? {})).not.toHaveLength(0);
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['201', '401', '403', '422']));
    const del = doc.paths['/v1/tokens/{id}']?.delete;
    expect(Object.keys(del.responses)).toEqual(expect.arrayContaining(['204', '403', '404']));
    expect(JSON.stringify(doc.paths['/v1/scenarios'].post)).toContain('save-scenario');
  });

  it('every request example of POST /v1/tokens, posted with a write key, answers 201 with the documented fields', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as any;
    const op = doc.paths['/v1/tokens'].post;
    const examples = Object.values(op.requestBody.content['application/json'].examples) as { value: unknown }[];
    expect(examples.length).toBeGreaterThan(0);
    const schema = op.responses['201'].content['application/json'].schema;
    // the fields a schema names, through $ref and allOf
    const fields = (sch: any): string[] => {
      if (sch.$ref) return fields(doc.components.schemas[sch.$ref.split('/').pop()]);
      return [...Object.keys(sch.properties ?? {}), ...(sch.allOf ?? []).flatMap(fields)];
    };
    const created = { properties: Object.fromEntries(fields(schema).map((f) => [f, true])) };
    expect(Object.keys(created.properties)).toEqual(expect.arrayContaining(['token', 'id', 'expiresAt', 'grants']));
    for (const { value } of examples) {
      const res = await ask(value);
      expect(res.status).toBe(201);
      const body = (await res.json()) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(Object.keys(created.properties).sort());
    }
    // and the documented answer's example is shaped like a real one
    const example = op.responses['201'].content['application/json'].example;
    expect(Object.keys(example).sort()).toEqual(Object.keys(created.properties).sort());
    expect(example.token).toMatch(/^bft_[A-Za-z0-9_-]{43}$/);
  });
});
