/**
 * The project library as a resource (issue 15), through the app on a SQLite file: create, list, read, replace,
 * delete, revisions; projects added, read and patched; review decisions keep/adjust/remove with their reason and
 * date; every write in the audit trail; ETag / If-Match (428, 412, 304) on the library and on one project.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { createKey } from '../../src/store/keys.js';
import { type SqliteStore, sqliteStore } from '../../src/store/sqlite.js';
import { admittedProject } from './library-fixtures.js';

let store: SqliteStore;
let app: ReturnType<typeof createApp>;
let key: string;
let other: string;
let reader: string;

/** A project that passes entry review, in 金山镇白岩村, paid from central funds. */
const project = (id: string, extra: Record<string, unknown> = {}) =>
  admittedProject(id, { town: '金山镇', village: '白岩村', sources: ['central'], ...extra });

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}, as: string | null = key) =>
  app.request(path, {
    method,
    headers: { ...(as ? { authorization: `Bearer ${as}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function make(projects: unknown[] = [project('P1'), project('P2')], extra: Record<string, unknown> = {}) {
  const res = await call('POST', '/v1/libraries', { name: '禄丰市项目库', county: '禄丰市', projects, ...extra });
  const body = (await res.json()) as any;
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body;
}

const audit = (id: string) =>
  store.sqlite.prepare("SELECT action, revision, hash, detail FROM audit_log WHERE resource = 'library' AND resource_id = ? ORDER BY seq").all(id) as {
    action: string;
    revision: number;
    hash: string | null;
    detail: string | null;
  }[];

beforeEach(async () => {
  store = sqliteStore(join(mkdtempSync(join(tmpdir(), 'libraries-')), 'allocator.sqlite'));
  app = createApp({ store });
  key = (await createKey(store, { name: 'planner', workspace: 'lufeng', scope: 'write' }, 'cli')).secret;
  other = (await createKey(store, { name: 'elsewhere', workspace: 'wuhan', scope: 'write' }, 'cli')).secret;
  reader = (await createKey(store, { name: 'reader', workspace: 'lufeng', scope: 'read' }, 'cli')).secret;
});

describe('create, read, list', () => {
  it('201 with Location and ETag "1"; the projects as kept (status reserve, entered today, changedIn 1); audited with the hash', async () => {
    const res = await call('POST', '/v1/libraries', { name: '禄丰市项目库', county: '禄丰市', projects: [project('P1', { amount: 120 })] });
    expect(res.status).toBe(201);
    expect(res.headers.get('etag')).toBe('"1"');
    const body = (await res.json()) as any;
    expect(res.headers.get('location')).toBe(`/v1/libraries/${body.id}`);
    expect(body).toMatchObject({ revision: 1, head: 1, unit: 'wan', model: 'sichuan', visibility: 'private', projectCount: 1, county: '禄丰市' });
    expect(body.projects[0]).toMatchObject({ id: 'P1', amount: '120', status: 'reserve', changedIn: 1, enteredOn: new Date().toISOString().slice(0, 10) });
    expect(body.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(audit(body.id)).toEqual([expect.objectContaining({ action: 'create', revision: 1, hash: body.hash })]);
    const got = await call('GET', `/v1/libraries/${body.id}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe('"1"');
    expect(((await got.json()) as any).projects).toEqual(body.projects);
    const again = await call('GET', `/v1/libraries/${body.id}`, undefined, { 'if-none-match': '"1"' });
    expect(again.status).toBe(304);
    expect(again.headers.get('content-type')).toBeNull();
  });

  it('private: 404 to anonymous and to another workspace; public: listed for anyone; ?county filters', async () => {
    const mine = await make();
    const open = await make([project('Q1')], { visibility: 'public', county: '耀州区' });
    expect((await call('GET', `/v1/libraries/${mine.id}`, undefined, {}, null)).status).toBe(404);
    expect((await call('GET', `/v1/libraries/${mine.id}`, undefined, {}, other)).status).toBe(404);
    expect((await call('GET', `/v1/libraries/${open.id}`, undefined, {}, null)).status).toBe(200);
    const anonymous = (await (await call('GET', '/v1/libraries', undefined, {}, null)).json()) as any;
    expect(anonymous.libraries.map((l: any) => l.id)).toEqual([open.id]);
    const own = (await (await call('GET', '/v1/libraries')).json()) as any;
    expect(own.total).toBe(2);
    const filtered = (await (await call('GET', `/v1/libraries?county=${encodeURIComponent('禄丰市')}`)).json()) as any;
    expect(filtered.libraries.map((l: any) => l.id)).toEqual([mine.id]);
    expect(filtered.libraries[0]).toMatchObject({ projectCount: 2, head: 1 });
  });
});

describe('PUT, revisions, DELETE', () => {
  it('If-Match: 428 without, 412 stale, 200 → revision 2; old revision stays readable; a kept project keeps its decisions and changedIn', async () => {
    const lib = await make();
    const url = `/v1/libraries/${lib.id}`;
    const next = { projects: [project('P1'), project('P2', { amount: '90' }), project('P3')] };
    const missing = await call('PUT', url, next);
    expect(missing.status).toBe(428);
    expect(((await missing.json()) as any).code).toBe('library-if-match-required');
    expect((await call('PUT', url, next, { 'if-match': '*' })).status).toBe(428);
    const stale = await call('PUT', url, next, { 'if-match': '"7"' });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe('"1"');
    const ok = await call('PUT', url, next, { 'if-match': '"1"' });
    const body = (await ok.json()) as any;
    expect(ok.status, JSON.stringify(body)).toBe(200);
    expect(ok.headers.get('etag')).toBe('"2"');
    expect(body.projects.map((p: any) => [p.id, p.changedIn])).toEqual([
      ['P1', 1],
      ['P2', 2],
      ['P3', 2],
    ]);
    expect(body.name).toBe('禄丰市项目库');
    const first = (await (await call('GET', `${url}?revision=1`)).json()) as any;
    expect(first.projects.map((p: any) => p.amount)).toEqual(['120', '120']);
    expect((await call('GET', `${url}?revision=3`)).status).toBe(404);
    const revisions = (await (await call('GET', `${url}/revisions`)).json()) as any;
    expect(revisions.revisions.map((r: any) => [r.revision, r.projectCount])).toEqual([
      [1, 2],
      [2, 3],
    ]);
    expect(audit(lib.id).map((a) => a.action)).toEqual(['create', 'update']);
    const again = await call('PUT', url, next, { 'if-match': '"1"' });
    expect(again.status).toBe(412);
  });

  it('DELETE: soft, audited; then 404 unknown-library; another workspace 403; a read key 403', async () => {
    const lib = await make();
    const url = `/v1/libraries/${lib.id}`;
    expect((await call('DELETE', url, undefined, {}, reader)).status).toBe(403);
    expect((await call('DELETE', url, undefined, { 'if-match': '"2"' })).status).toBe(412);
    const gone = await call('DELETE', url);
    expect(gone.status).toBe(204);
    const after = await call('GET', url);
    expect(after.status).toBe(404);
    expect(((await after.json()) as any).code).toBe('unknown-library');
    expect(store.sqlite.prepare('SELECT deleted_at IS NOT NULL AS d FROM libraries WHERE id = ?').get(lib.id)).toEqual({ d: 1 });
    expect(audit(lib.id).map((a) => [a.action, a.revision, a.hash])).toEqual([
      ['create', 1, lib.hash],
      ['delete', 1, lib.hash],
    ]);
  });
});

describe('projects: add, get, patch', () => {
  it('add: 200 with the new head; an id already there → 409 project-exists, nothing written', async () => {
    const lib = await make();
    const url = `/v1/libraries/${lib.id}/projects`;
    const added = await call('POST', url, { projects: [project('P3'), project('P4')] });
    const body = (await added.json()) as any;
    expect(added.status, JSON.stringify(body)).toBe(200);
    expect(body.revision).toBe(2);
    expect(body.projects.map((p: any) => [p.id, p.changedIn])).toEqual([
      ['P1', 1],
      ['P2', 1],
      ['P3', 2],
      ['P4', 2],
    ]);
    const twice = await call('POST', url, { projects: [project('P5'), project('P1')] });
    expect(twice.status).toBe(409);
    const problem = (await twice.json()) as any;
    expect(problem.code).toBe('project-exists');
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/projects/1/id', code: 'project-exists' })]);
    expect(store.sqlite.prepare('SELECT head FROM libraries WHERE id = ?').get(lib.id)).toEqual({ head: 2 });
    expect(audit(lib.id).map((a) => a.action)).toEqual(['create', 'add-projects']);
  });

  it('get one: ETag its changedIn, 304 on it; unknown project 404', async () => {
    const lib = await make();
    await call('POST', `/v1/libraries/${lib.id}/projects`, { projects: [project('P3')] });
    const p1 = await call('GET', `/v1/libraries/${lib.id}/projects/P1`);
    expect(p1.headers.get('etag')).toBe('"1"');
    expect(((await p1.json()) as any).id).toBe('P1');
    const p3 = await call('GET', `/v1/libraries/${lib.id}/projects/P3`);
    expect(p3.headers.get('etag')).toBe('"2"');
    expect((await call('GET', `/v1/libraries/${lib.id}/projects/P1`, undefined, { 'if-none-match': '"1"' })).status).toBe(304);
    const none = await call('GET', `/v1/libraries/${lib.id}/projects/NOPE`);
    expect(none.status).toBe(404);
    expect(((await none.json()) as any).code).toBe('unknown-library-project');
  });

  it('patch: If-Match required; a stale project 412 naming it; another project changed meanwhile is no conflict', async () => {
    const lib = await make();
    const p = (id: string) => `/v1/libraries/${lib.id}/projects/${id}`;
    expect((await call('PATCH', p('P1'), { amount: '100' })).status).toBe(428);
    const one = await call('PATCH', p('P1'), { amount: '100' }, { 'if-match': '"1"' });
    const body = (await one.json()) as any;
    expect(one.status, JSON.stringify(body)).toBe(200);
    expect(one.headers.get('etag')).toBe('"2"');
    expect(body).toMatchObject({ id: 'P1', amount: '100', changedIn: 2 });
    // P2 unchanged since revision 1: If-Match "1" still holds for it
    const two = await call('PATCH', p('P2'), { town: '中村乡' }, { 'if-match': '"1"' });
    expect(two.status).toBe(200);
    expect(((await two.json()) as any).changedIn).toBe(3);
    // P1 changed in 2: If-Match "1" is stale for it
    const stale = await call('PATCH', p('P1'), { amount: '90' }, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe('"2"');
    const problem = (await stale.json()) as any;
    expect(problem.code).toBe('library-project-stale');
    expect(problem.detail).toContain('P1');
    // If-Match beyond the head
    expect((await call('PATCH', p('P1'), { amount: '90' }, { 'if-match': '"9"' })).status).toBe(412);
    const head = (await (await call('GET', `/v1/libraries/${lib.id}`)).json()) as any;
    expect(head.revision).toBe(3);
    expect(head.projects.map((x: any) => [x.id, x.amount, x.town])).toEqual([
      ['P1', '100', '金山镇'],
      ['P2', '120', '中村乡'],
    ]);
    expect(audit(lib.id).map((a) => [a.action, a.revision])).toEqual([
      ['create', 1],
      ['update-project', 2],
      ['update-project', 3],
    ]);
    // null removes a field (merge patch)
    const cleared = await call('PATCH', p('P2'), { town: null }, { 'if-match': '"3"' });
    expect(((await cleared.json()) as any).town).toBeUndefined();
  });

  it('patch: the status moves one step; a planned project whose amount changes keeps the old amount as approvedAmount', async () => {
    const lib = await make();
    const p = `/v1/libraries/${lib.id}/projects/P1`;
    const planned = await call('PATCH', p, { status: '计划', year: 2025 }, { 'if-match': '"1"' });
    expect(planned.status).toBe(200);
    expect(((await planned.json()) as any).status).toBe('planned');
    const changed = await call('PATCH', p, { amount: '150' }, { 'if-match': '"2"' });
    const body = (await changed.json()) as any;
    expect(body).toMatchObject({ amount: '150', approvedAmount: '120' });
    // the approved amount stays what the plan approved
    const again = (await (await call('PATCH', p, { amount: '160' }, { 'if-match': '"3"' })).json()) as any;
    expect(again).toMatchObject({ amount: '160', approvedAmount: '120' });
  });
});

describe('decisions', () => {
  it('keep / adjust / remove: each recorded with reason, date, by and revision; adjust records {from, to}; one audit entry per decision', async () => {
    const lib = await make(['P1', 'P2', 'P3'].map((id) => project(id, { enteredOn: '2025-01-10' })));
    const res = await call(
      'POST',
      `/v1/libraries/${lib.id}/decisions`,
      {
        decisions: [
          { project: 'P1', decision: 'keep', reason: '群众意愿强烈', date: '2025-09-15' },
          { project: 'P2', decision: 'adjust', reason: '调减规模', changes: { amount: '80' } },
          { project: 'P3', decision: 'remove', reason: '重复申报', date: '2025-09-16' },
        ],
      },
      { 'if-match': '"1"' },
    );
    const body = (await res.json()) as any;
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(res.headers.get('etag')).toBe('"2"');
    const by = (store.sqlite.prepare("SELECT id FROM api_keys WHERE name = 'planner'").get() as { id: string }).id;
    const [p1, p2, p3] = body.projects;
    expect(p1.decisions).toEqual([{ decision: 'keep', reason: '群众意愿强烈', date: '2025-09-15', by, revision: 2 }]);
    expect(p2.amount).toBe('80');
    expect(p2.decisions).toEqual([
      {
        decision: 'adjust',
        reason: '调减规模',
        date: new Date().toISOString().slice(0, 10),
        by,
        revision: 2,
        changes: { amount: { from: '120', to: '80' } },
      },
    ]);
    expect(p3.status).toBe('removed');
    expect(p3.decisions[0]).toMatchObject({ decision: 'remove', reason: '重复申报', date: '2025-09-16' });
    const trail = audit(lib.id).filter((a) => a.action === 'decide');
    expect(trail.map((a) => JSON.parse(a.detail!))).toEqual([
      { project: 'P1', decision: 'keep', reason: '群众意愿强烈' },
      { project: 'P2', decision: 'adjust', reason: '调减规模' },
      { project: 'P3', decision: 'remove', reason: '重复申报' },
    ]);
    expect(trail.every((a) => a.revision === 2)).toBe(true);
    // the trail is read back through GET /v1/audit?resource=library (an admin's)
    const admin = (await createKey(store, { name: 'admin', workspace: 'lufeng', scope: 'admin' }, 'cli')).secret;
    const read = (await (await call('GET', `/v1/audit?resource=library&id=${lib.id}`, undefined, {}, admin)).json()) as any;
    expect(read.rows.map((e: any) => e.action)).toEqual(['decide', 'decide', 'decide', 'create']);
    // decisions stay with the project across a PUT that keeps it
    const put = await call(
      'PUT',
      `/v1/libraries/${lib.id}`,
      { projects: [project('P1'), project('P2', { amount: '80' }), project('P3', { status: 'removed' })] },
      { 'if-match': '"2"' },
    );
    const after = (await put.json()) as any;
    expect(put.status, JSON.stringify(after)).toBe(200);
    // the same content as the head (P2 is already 80): no new revision
    expect(put.headers.get('etag')).toBe('"2"');
    expect(after.projects[0].decisions).toHaveLength(1);
    expect(after.projects[1].decisions).toHaveLength(1);
    // the projects as GET gives them (changedIn, decisions) go back in a PUT: the service keeps its own
    const asRead = after.projects.map((x: any) => ({ ...x, changedIn: 99, decisions: [] }));
    const back = await call('PUT', `/v1/libraries/${lib.id}`, { projects: asRead }, { 'if-match': '"2"' });
    const backBody = (await back.json()) as any;
    expect(back.status, JSON.stringify(backBody)).toBe(200);
    expect(backBody.projects).toEqual(after.projects);
    // a decision on a project changed after If-Match: 412 naming it
    const stale = await call(
      'POST',
      `/v1/libraries/${lib.id}/decisions`,
      { decisions: [{ project: 'P1', decision: 'keep', reason: 'x' }] },
      { 'if-match': '"1"' },
    );
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as any).code).toBe('library-project-stale');
  });

  it('an implementing project cannot be removed (422 status-jump at /decisions/0/decision); a blank reason and adjust without changes are refused; nothing written', async () => {
    const lib = await make([project('P1', { status: 'implementing', year: 2024 }), project('P2')]);
    const url = `/v1/libraries/${lib.id}/decisions`;
    const removed = await call('POST', url, { decisions: [{ project: 'P1', decision: 'remove', reason: '不再实施' }] }, { 'if-match': '"1"' });
    expect(removed.status).toBe(422);
    expect(((await removed.json()) as any).errors).toEqual([expect.objectContaining({ pointer: '/decisions/0/decision', code: 'status-jump' })]);
    const bad = await call(
      'POST',
      url,
      {
        decisions: [
          { project: 'P2', decision: 'keep', reason: '  ' },
          { project: 'P1', decision: 'adjust', reason: '调整' },
          { project: 'NOPE', decision: 'keep', reason: '无' },
        ],
      },
      { 'if-match': '"1"' },
    );
    expect(bad.status).toBe(422);
    const codes = ((await bad.json()) as any).errors.map((e: any) => [e.pointer, e.code]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ['/decisions/0/reason', 'decision-reason-blank'],
        ['/decisions/1/changes', 'decision-needs-changes'],
      ]),
    );
    const unknown = await call('POST', url, { decisions: [{ project: 'NOPE', decision: 'keep', reason: '无' }] }, { 'if-match': '"1"' });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as any).errors[0]).toMatchObject({ pointer: '/decisions/0/project', code: 'unknown-library-project' });
    expect(store.sqlite.prepare('SELECT head FROM libraries WHERE id = ?').get(lib.id)).toEqual({ head: 1 });
    expect(audit(lib.id).map((a) => a.action)).toEqual(['create']);
  });
});

describe('the OpenAPI document', () => {
  it("a calculation's path with another method is a 405 naming POST, not a library of that name", async () => {
    for (const [method, path] of [
      ['GET', '/v1/libraries/entry-review'],
      ['PUT', '/v1/libraries/matching'],
      ['DELETE', '/v1/libraries/review'],
    ]) {
      const res = await call(method, path);
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get('allow')).toContain('POST');
      expect(((await res.json()) as any).code).toBe('method-not-allowed');
    }
  });

  it('documents every library route with a request example for each body', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as any;
    const paths = [
      '/v1/libraries',
      '/v1/libraries/{id}',
      '/v1/libraries/{id}/revisions',
      '/v1/libraries/{id}/projects',
      '/v1/libraries/{id}/projects/{projectId}',
      '/v1/libraries/{id}/decisions',
    ];
    for (const p of paths) expect(doc.paths[p], p).toBeDefined();
    for (const [p, method] of [
      ['/v1/libraries', 'post'],
      ['/v1/libraries/{id}', 'put'],
      ['/v1/libraries/{id}/projects', 'post'],
      ['/v1/libraries/{id}/projects/{projectId}', 'patch'],
      ['/v1/libraries/{id}/decisions', 'post'],
    ])
      expect(doc.paths[p][method].requestBody.content['application/json'].example, `${method} ${p}`).toBeDefined();
  });

  it('the documented examples work with a key: create, add, patch, decide', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as any;
    const ex = (p: string, m: string) => doc.paths[p][m].requestBody.content['application/json'].example;
    const created = await call('POST', '/v1/libraries', ex('/v1/libraries', 'post'));
    const lib = (await created.json()) as any;
    expect(created.status, JSON.stringify(lib)).toBe(201);
    const added = await call('POST', `/v1/libraries/${lib.id}/projects`, ex('/v1/libraries/{id}/projects', 'post'));
    expect(added.status, await added.clone().text()).toBe(200);
    const decided = await call('POST', `/v1/libraries/${lib.id}/decisions`, ex('/v1/libraries/{id}/decisions', 'post'), { 'if-match': '"2"' });
    expect(decided.status, await decided.clone().text()).toBe(200);
    const patched = await call('PATCH', `/v1/libraries/${lib.id}/projects/LF-2025-001`, ex('/v1/libraries/{id}/projects/{projectId}', 'patch'), {
      'if-match': '"3"',
    });
    expect(patched.status, await patched.clone().text()).toBe(200);
    const put = await call('PUT', `/v1/libraries/${lib.id}`, ex('/v1/libraries/{id}', 'put'), { 'if-match': '"4"' });
    expect(put.status, await put.clone().text()).toBe(200);
    const csv = doc.paths['/v1/libraries'].post.requestBody.content['text/csv'].example;
    const fromCsv = await app.request(`/v1/libraries?name=csv&county=${encodeURIComponent('禄丰市')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(fromCsv.status, await fromCsv.clone().text()).toBe(201);
  });
});

describe('tables: CSV/TSV/XLSX in and out', () => {
  const strip = (projects: any[]) => projects.map(({ changedIn: _c, ...p }) => p);
  const rich = [
    project('P1', { approvedAmount: '100', drawingReviewed: false, priority: 2, villageIncome: '12.5', keyTown: true, department: '农业农村局' }),
    project('P2', { status: 'planned', year: 2025, sources: ['central', 'provincial'], enteredOn: '2024-03-01', arranged: '40' }),
  ];

  it('GET ?format=csv exports the projects; POSTing that CSV back makes a library with the same projects', async () => {
    const lib = await make(rich);
    const csv = await call('GET', `/v1/libraries/${lib.id}?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('etag')).toBe('"1"');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const again = await app.request(`/v1/libraries?name=${encodeURIComponent('副本')}&county=${encodeURIComponent('禄丰市')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
      body: bytes,
    });
    const copy = (await again.json()) as any;
    expect(again.status, JSON.stringify(copy)).toBe(201);
    expect(copy.name).toBe('副本');
    expect(strip(copy.projects)).toEqual(strip(lib.projects));
  });

  it('XLSX and TSV round-trip through PUT (If-Match) to the same projects', async () => {
    const lib = await make(rich);
    for (const [format, type, n] of [
      ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 1],
      // the XLSX round trip changed nothing: no new revision, so the head is still "1"
      ['tsv', 'text/tab-separated-values', 1],
    ] as const) {
      const out = await call('GET', `/v1/libraries/${lib.id}?format=${format}`);
      expect(out.status).toBe(200);
      const put = await app.request(`/v1/libraries/${lib.id}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${key}`, 'content-type': type, 'if-match': `"${n}"` },
        body: new Uint8Array(await out.arrayBuffer()),
      });
      const body = (await put.json()) as any;
      expect(put.status, JSON.stringify(body)).toBe(200);
      expect(strip(body.projects)).toEqual(strip(lib.projects));
      // nothing changed: every project keeps the revision that last changed it
      expect(body.projects.map((p: any) => p.changedIn)).toEqual([1, 1]);
    }
  });

  it('a CSV with a refused project names its row and column; metadata in the query of a JSON body is refused; another media type 415', async () => {
    const header = '项目编号,项目名称,项目类别,项目用途,计划投资（万元）,资金来源,产出指标,效益指标,利益联结机制,评估论证';
    const csv = `${header}\r\nA1,村道硬化,小型公益性基础设施,乡村建设,80,中央衔接资金,道路:2公里,受益:300户,,是\r\n`;
    const res = await app.request(`/v1/libraries?name=x&county=y`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
      body: csv,
    });
    const problem = (await res.json()) as any;
    expect(res.status, JSON.stringify(problem)).toBe(422);
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/projects/0/linkage', code: 'entry-no-linkage' })]);
    expect(problem.errors[0].detail).toMatch(/row 2/);
    expect(problem.errors[0].detail_zh).toMatch(/第 2 行/);
    const json = await call('POST', '/v1/libraries?name=x', { name: 'x', county: 'y' });
    expect(((await json.json()) as any).errors).toEqual([expect.objectContaining({ pointer: '?name', code: 'metadata-in-query' })]);
    const plain = await app.request('/v1/libraries', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/html' },
      body: '<p>',
    });
    expect(plain.status).toBe(415);
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM libraries').get()).toEqual({ n: 0 });
  });
});
