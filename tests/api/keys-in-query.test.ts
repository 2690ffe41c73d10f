/**
 * A key in the query (?key=<secret>), for WEBSERVICE and IMPORTDATA, which cannot send headers: read like
 * Authorization: Bearer on GET and HEAD, only a read key (a write or admin key in a URL is refused and not
 * used), never on a change (POST, PUT, DELETE), never together with the header; an unknown or revoked key
 * there is a 401 as in the header. Through app.request on a real SQLite store.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { KEY_FROM_QUERY_HEADER } from '../../src/api/access/principal.js';
import { createApp } from '../../src/api/app.js';
import { createKey, revokeKey } from '../../src/store/keys.js';
import { type SqliteStore, sqliteStore } from '../../src/store/sqlite.js';
import { EXAMPLE_REGIONS } from '../../src/schema/allocation.js';
import { expectProblem } from './request.js';

let store: SqliteStore;
let app: ReturnType<typeof createApp>;
let writer: string;
let reader: string;
let admin: string;
let id: string;

const META = { title: '2024年各县', jurisdiction: '四川省', year: 2024, kind: 'regions', model: 'sichuan-2024', visibility: 'private' };

beforeEach(async () => {
  store = sqliteStore(':memory:');
  app = createApp({ store });
  writer = (await createKey(store, { name: 'planner', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
  reader = (await createKey(store, { name: 'workbook', workspace: 'sichuan', scope: 'read' }, 'cli')).secret;
  admin = (await createKey(store, { name: 'ops', workspace: 'ops', scope: 'admin' }, 'cli')).secret;
  const res = await app.request('/v1/datasets', {
    method: 'POST',
    headers: { authorization: `Bearer ${writer}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...META, rows: EXAMPLE_REGIONS }),
  });
  expect(res.status).toBe(201);
  id = ((await res.json()) as { id: string }).id;
});

const q = (secret: string) => encodeURIComponent(secret);

describe('?key= on GET and HEAD', () => {
  it('a read key in the query sees a private dataset, as CSV too; the same answer as with the header', async () => {
    const viaQuery = await app.request(`/v1/datasets/${id}?key=${q(reader)}&format=csv`);
    expect(viaQuery.status).toBe(200);
    expect(viaQuery.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await viaQuery.text();
    expect(text).toContain('甲县');
    const viaHeader = await app.request(`/v1/datasets/${id}?format=csv`, { headers: { authorization: `Bearer ${reader}` } });
    expect(await viaHeader.text()).toBe(text);
    const head = await app.request(`/v1/datasets/${id}?key=${q(reader)}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it('no key: the private dataset does not exist (404); the key is what made the difference', async () => {
    await expectProblem(await app.request(`/v1/datasets/${id}?format=csv`), 404);
  });

  it('a write or admin key in the query: 403 key-in-query-not-read-only, saying why and how to make a read key; the key is not used', async () => {
    for (const secret of [writer, admin]) {
      const res = await app.request(`/v1/datasets/${id}?key=${q(secret)}&format=csv`);
      const body = await expectProblem(res, 403);
      expect(body.code).toBe('key-in-query-not-read-only');
      expect(body.errors).toEqual([expect.objectContaining({ pointer: '?key', code: 'key-in-query-not-read-only' })]);
      expect(body.detail).toMatch(/a workbook's URL is seen by all/);
      expect(body.detail).toContain('POST /v1/keys {"name":"…","scope":"read"}');
      expect(body.detail_zh).toContain('只读密钥');
    }
    // not used: nothing of the private dataset in the answer, and a public list as anonymous
    const list = await app.request(`/v1/datasets?key=${q(writer)}`);
    expect(list.status).toBe(403);
    expect(await list.text()).not.toContain(id);
  });

  it('an unknown or revoked key in the query: 401 as in the header', async () => {
    const unknown = await expectProblem(await app.request(`/v1/datasets/${id}?key=bfa_nonsense`), 401);
    expect(unknown.code).toBe('unknown-key');
    const made = await createKey(store, { name: 'old', workspace: 'sichuan', scope: 'read' }, 'cli');
    await revokeKey(store, made.id, 'cli');
    const revoked = await expectProblem(await app.request(`/v1/datasets/${id}?key=${q(made.secret)}`), 401);
    expect(revoked.code).toBe('revoked-key');
  });

  it('a key in the header and one in the query (or two in the query): 400 two-keys', async () => {
    const both = await app.request(`/v1/datasets/${id}?key=${q(reader)}`, { headers: { authorization: `Bearer ${reader}` } });
    expect((await expectProblem(both, 400)).code).toBe('two-keys');
    const twice = await app.request(`/v1/datasets/${id}?key=${q(reader)}&key=${q(reader)}`);
    expect((await expectProblem(twice, 400)).code).toBe('two-keys');
  });
});

describe("?key= on a change, and the door's marked inner request", () => {
  it('POST, PUT, DELETE with ?key=: 400 key-in-query-get-only, nothing written, even with a valid write key', async () => {
    const post = await app.request(`/v1/datasets?key=${q(writer)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...META, rows: EXAMPLE_REGIONS }),
    });
    const body = await expectProblem(post, 400);
    expect(body.code).toBe('key-in-query-get-only');
    expect(body.detail).toMatch(/GET and HEAD only, never on POST/);
    const put = await app.request(`/v1/datasets/${id}?key=${q(writer)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'if-match': '"1"' },
      body: JSON.stringify({ rows: EXAMPLE_REGIONS }),
    });
    expect((await expectProblem(put, 400)).code).toBe('key-in-query-get-only');
    const del = await app.request(`/v1/datasets/${id}?key=${q(writer)}`, { method: 'DELETE' });
    expect((await expectProblem(del, 400)).code).toBe('key-in-query-get-only');
    // nothing changed: still revision 1, still there, one dataset in the workspace besides any public one
    const still = await app.request(`/v1/datasets/${id}`, { headers: { authorization: `Bearer ${reader}` } });
    expect(still.status).toBe(200);
    expect(((await still.json()) as { revision: number }).revision).toBe(1);
    const mine = (await (await app.request('/v1/datasets', { headers: { authorization: `Bearer ${reader}` } })).json()) as {
      datasets: { workspace: string }[];
    };
    expect(mine.datasets.filter((d) => d.workspace === 'sichuan')).toHaveLength(1);
  });

  it(`an inner request marked ${KEY_FROM_QUERY_HEADER}: 1 (the GET door's POST) takes a read key and refuses a write key`, async () => {
    const body = JSON.stringify({ model: 'sichuan-2024', total: '1000', unit: 'wan', regions: { dataset: id } });
    const call = (secret: string) =>
      app.request('/v1/allocations', {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, [KEY_FROM_QUERY_HEADER]: '1', 'content-type': 'application/json' },
        body,
      });
    const read = await call(reader);
    expect(read.status).toBe(200);
    const refused = await expectProblem(await call(writer), 403);
    expect(refused.code).toBe('key-in-query-not-read-only');
  });
});
