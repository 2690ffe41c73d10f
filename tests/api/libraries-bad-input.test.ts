/**
 * Bad input to the project library never answers 5xx: each is a 4xx problem+json naming the field by its
 * pointer, with its code and words in English and Chinese, and nothing is written (the revision, the head and
 * the audit trail stay as they were).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { createKey } from '../../src/store/keys.js';
import { type SqliteStore, sqliteStore } from '../../src/store/sqlite.js';
import { MAX_LIBRARY_BYTES } from '../../src/store/libraries.js';
import { admittedProject } from './library-fixtures.js';

let store: SqliteStore;
let app: ReturnType<typeof createApp>;
let key: string;

const project = admittedProject;

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}, as: string | null = key) =>
  app.request(path, {
    method,
    headers: { ...(as ? { authorization: `Bearer ${as}` } : {}), 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });

/** A 4xx problem+json, bilingual, each error with pointer and code; returns [pointer, code] pairs. */
async function problem(res: Response, status: number): Promise<{ body: any; errors: [string, string][] }> {
  const body = (await res.json()) as any;
  expect(res.status, JSON.stringify(body)).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  expect(body.detail.length).toBeGreaterThan(10);
  expect(body.detail_zh).toMatch(/[\u4e00-\u9fff]/);
  expect(body.title_zh).toMatch(/[\u4e00-\u9fff]/);
  for (const e of body.errors ?? []) {
    expect(e.pointer).toMatch(/^[/?]/);
    expect(e.code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(e.detail.length).toBeGreaterThan(5);
    expect(e.detail_zh).toMatch(/[\u4e00-\u9fff]/);
  }
  return { body, errors: (body.errors ?? []).map((e: any) => [e.pointer, e.code]) };
}

let lib: { id: string; head: () => number; audits: () => number };

beforeEach(async () => {
  store = sqliteStore(join(mkdtempSync(join(tmpdir(), 'libraries-bad-')), 'allocator.sqlite'));
  app = createApp({ store });
  key = (await createKey(store, { name: 'planner', workspace: 'lufeng', scope: 'write' }, 'cli')).secret;
  const res = await call('POST', '/v1/libraries', {
    name: '禄丰市项目库',
    county: '禄丰市',
    projects: [project('P1'), project('P2', { status: 'planned', year: 2025 })],
  });
  expect(res.status).toBe(201);
  const id = ((await res.json()) as { id: string }).id;
  lib = {
    id,
    head: () => (store.sqlite.prepare('SELECT head FROM libraries WHERE id = ?').get(id) as { head: number }).head,
    audits: () => (store.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE resource = 'library'").get() as { n: number }).n,
  };
});

/** Nothing written: still revision 1, one revision row, one audit entry (the create). */
function nothingWritten() {
  expect(lib.head()).toBe(1);
  expect(store.sqlite.prepare('SELECT count(*) AS n FROM library_revisions WHERE library_id = ?').get(lib.id)).toEqual({ n: 1 });
  expect(lib.audits()).toBe(1);
}

describe('create', () => {
  it('a project without an id, a negative amount, an unknown fund source, a duplicate number: every issue at once, 422', async () => {
    const { id: _drop, ...noId } = project('X');
    const res = await call('POST', '/v1/libraries', {
      name: '库',
      county: '禄丰市',
      projects: [noId, project('A', { amount: '-5' }), project('B', { sources: ['central', 'world-bank'] }), project('B')],
    });
    const { errors } = await problem(res, 422);
    expect(errors).toEqual(
      expect.arrayContaining([
        ['/projects/0/id', 'required'],
        ['/projects/1/amount', expect.any(String)],
        ['/projects/2/sources/1', 'unknown-fund-source'],
        ['/projects/3/id', 'duplicate-project-id'],
      ]),
    );
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM libraries').get()).toEqual({ n: 1 });
    nothingWritten();
  });

  it('entry refused for a project without targets, feasibility review or linkage, naming each reason at its field', async () => {
    const res = await call('POST', '/v1/libraries', {
      name: '库',
      county: '禄丰市',
      projects: [project('A', { targets: undefined, feasibilityReviewed: false, linkage: ' ' }), project('B', { name: '村委会办公楼建设' })],
    });
    const { errors } = await problem(res, 422);
    expect(errors).toEqual([
      // in pointer order (how a planner reads them), not the order the rules run
      ['/projects/0/feasibilityReviewed', 'entry-no-feasibility'],
      ['/projects/0/linkage', 'entry-no-linkage'],
      ['/projects/0/targets', 'entry-no-targets'],
      ['/projects/1/name', 'entry-negative-list'],
    ]);
    nothingWritten();
  });

  it('status rules: planned without a year, dates out of order, arranged above amount; an unknown model', async () => {
    const res = await call('POST', '/v1/libraries', {
      name: '库',
      county: '禄丰市',
      model: 'atlantis',
      projects: [project('A')],
    });
    expect((await problem(res, 422)).errors).toEqual([['/model', 'unknown-model']]);
    const rules = await call('POST', '/v1/libraries', {
      name: '库',
      county: '禄丰市',
      projects: [project('A', { status: 'planned' }), project('B', { enteredOn: '2025-03-01', startedOn: '2025-01-01' }), project('C', { arranged: '130' })],
    });
    expect((await problem(rules, 422)).errors).toEqual([
      ['/projects/0/year', 'status-needs-year'],
      ['/projects/1/startedOn', 'dates-out-of-order'],
      ['/projects/2/arranged', 'arranged-above-amount'],
    ]);
    nothingWritten();
  });

  it('a library too large for one revision (D1 keeps 2 MB in a row): 422 library-too-large at /projects, nothing written', async () => {
    const long = '建'.repeat(1900);
    const projects = Array.from({ length: 400 }, (_, i) => project(`L${i}`, { content: long }));
    expect(new TextEncoder().encode(JSON.stringify(projects)).length).toBeGreaterThan(MAX_LIBRARY_BYTES);
    const res = await call('POST', '/v1/libraries', { name: '库', county: '禄丰市', projects });
    expect((await problem(res, 422)).errors).toEqual([['/projects', 'library-too-large']]);
    nothingWritten();
  });

  it('malformed JSON 400; not JSON 415; no key 401; a read key 403; a wrong key 401', async () => {
    await problem(await call('POST', '/v1/libraries', '{"name": "库",'), 400);
    await problem(await call('POST', '/v1/libraries', 'name,county', { 'content-type': 'text/plain' }), 415);
    await problem(await call('POST', '/v1/libraries', { name: '库', county: '县' }, {}, null), 401);
    const reader = (await createKey(store, { name: 'reader', workspace: 'lufeng', scope: 'read' }, 'cli')).secret;
    await problem(await call('POST', '/v1/libraries', { name: '库', county: '县' }, {}, reader), 403);
    await problem(await call('POST', '/v1/libraries', { name: '库', county: '县' }, {}, 'bfa_not_a_key'), 401);
    nothingWritten();
  });
});

describe('changes', () => {
  it('a status jump 储备→完工 via PATCH and via PUT: 422 status-jump at the status field, nothing written', async () => {
    const patch = await call('PATCH', `/v1/libraries/${lib.id}/projects/P1`, { status: '完工', year: 2025 }, { 'if-match': '"1"' });
    expect((await problem(patch, 422)).errors).toEqual([['/status', 'status-jump']]);
    const put = await call(
      'PUT',
      `/v1/libraries/${lib.id}`,
      { projects: [project('P1', { status: 'completed', year: 2025 }), project('P2', { status: 'planned', year: 2025 })] },
      { 'if-match': '"1"' },
    );
    expect((await problem(put, 422)).errors).toEqual([['/projects/0/status', 'status-jump']]);
    nothingWritten();
  });

  it('PATCH: an unknown fund source, a negative amount, an unknown field, the number or changedIn written: each at its pointer', async () => {
    const url = `/v1/libraries/${lib.id}/projects/P1`;
    const bad = await call('PATCH', url, { sources: ['mars'], amount: '-1', colour: 'red' }, { 'if-match': '"1"' });
    expect((await problem(bad, 422)).errors).toEqual(
      expect.arrayContaining([
        ['/amount', expect.any(String)],
        ['/colour', 'unknown-field'],
      ]),
    );
    const vocab = await call('PATCH', url, { sources: ['mars'] }, { 'if-match': '"1"' });
    expect((await problem(vocab, 422)).errors).toEqual([['/sources/0', 'unknown-fund-source']]);
    const fixed = await call('PATCH', url, { id: 'P9', changedIn: 7 }, { 'if-match': '"1"' });
    expect((await problem(fixed, 422)).errors).toEqual([
      ['/changedIn', 'project-field-kept'],
      ['/id', 'project-id-fixed'],
    ]);
    const targets = await call('PATCH', url, { targets: null }, { 'if-match': '"1"' });
    expect((await problem(targets, 422)).errors).toEqual([['/targets', 'entry-no-targets']]);
    await problem(await call('PATCH', url, '[1,2]', { 'if-match': '"1"' }), 422);
    await problem(await call('PATCH', url, '{"amount":', { 'if-match': '"1"' }), 400);
    nothingWritten();
  });

  it('unknown library 404 (GET, PUT, PATCH, decisions, projects, revisions); unknown project 404; another workspace 403', async () => {
    for (const [method, path, body] of [
      ['GET', '/v1/libraries/lib_nope', undefined],
      ['GET', '/v1/libraries/lib_nope/revisions', undefined],
      ['GET', '/v1/libraries/lib_nope/projects/P1', undefined],
      ['PUT', '/v1/libraries/lib_nope', { projects: [] }],
      ['PATCH', '/v1/libraries/lib_nope/projects/P1', { amount: '1' }],
      ['POST', '/v1/libraries/lib_nope/decisions', { decisions: [{ project: 'P1', decision: 'keep', reason: 'x' }] }],
      ['POST', '/v1/libraries/lib_nope/projects', { projects: [project('Z')] }],
    ] as const) {
      const { body: b } = await problem(await call(method, path, body, { 'if-match': '"1"' }), 404);
      expect(b.code, `${method} ${path}`).toBe('unknown-library');
    }
    const { body: p } = await problem(await call('PATCH', `/v1/libraries/${lib.id}/projects/NOPE`, { amount: '1' }, { 'if-match': '"1"' }), 404);
    expect(p.code).toBe('unknown-library-project');
    const stranger = (await createKey(store, { name: 's', workspace: 'wuhan', scope: 'write' }, 'cli')).secret;
    // private to lufeng: another workspace does not see it at all
    await problem(await call('PATCH', `/v1/libraries/${lib.id}/projects/P1`, { amount: '1' }, { 'if-match': '"1"' }, stranger), 404);
    await call(
      'PUT',
      `/v1/libraries/${lib.id}`,
      { visibility: 'public', projects: [project('P1'), project('P2', { status: 'planned', year: 2025 })] },
      { 'if-match': '"1"' },
    );
    await problem(await call('PATCH', `/v1/libraries/${lib.id}/projects/P1`, { amount: '1' }, { 'if-match': '"2"' }, stranger), 403);
    expect(lib.head()).toBe(2);
  });

  it('If-Match: unreadable 428, revision 0 412; ?revision out of range 404; an unknown query parameter 422', async () => {
    await problem(await call('PATCH', `/v1/libraries/${lib.id}/projects/P1`, { amount: '1' }, { 'if-match': 'W/"1"' }), 428);
    const zero = await call('PATCH', `/v1/libraries/${lib.id}/projects/P1`, { amount: '1' }, { 'if-match': '"0"' });
    expect((await problem(zero, 412)).body.code).toBe('library-project-stale');
    await problem(await call('GET', `/v1/libraries/${lib.id}?revision=5`), 404);
    await problem(await call('GET', `/v1/libraries/${lib.id}?colour=red`), 422);
    nothingWritten();
  });

  it('decisions: malformed bodies are 422 at their pointers (decision word, date, an unknown field, an empty list)', async () => {
    const url = `/v1/libraries/${lib.id}/decisions`;
    const bad = await call(
      'POST',
      url,
      {
        decisions: [
          { project: 'P1', decision: 'drop', reason: 'x' },
          { project: 'P2', decision: 'keep', reason: 'x', date: '2025-13-40', extra: 1 },
        ],
      },
      { 'if-match': '"1"' },
    );
    expect((await problem(bad, 422)).errors).toEqual(
      expect.arrayContaining([
        ['/decisions/0/decision', expect.any(String)],
        ['/decisions/1/date', expect.any(String)],
        ['/decisions/1/extra', 'unknown-field'],
      ]),
    );
    await problem(await call('POST', url, { decisions: [] }, { 'if-match': '"1"' }), 422);
    const twice = await call(
      'POST',
      url,
      {
        decisions: [
          { project: 'P1', decision: 'keep', reason: 'a' },
          { project: 'P1', decision: 'keep', reason: 'b' },
        ],
      },
      { 'if-match': '"1"' },
    );
    expect((await problem(twice, 422)).errors).toEqual([['/decisions/1/project', 'decision-project-twice']]);
    await problem(await call('POST', url, { decisions: [{ project: 'P1', decision: 'keep', reason: 'a' }] }), 428);
    nothingWritten();
  });

  it('adding projects: refused entry and a bad project are 422, nothing written', async () => {
    const res = await call('POST', `/v1/libraries/${lib.id}/projects`, { projects: [project('N1', { linkage: undefined }), { id: 'N2' }] });
    const { errors } = await problem(res, 422);
    expect(errors).toEqual(
      expect.arrayContaining([
        ['/projects/0/linkage', 'entry-no-linkage'],
        ['/projects/1/name', 'required'],
      ]),
    );
    nothingWritten();
  });
});
