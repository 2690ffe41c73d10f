/**
 * The library writes after audit 15 (findings 2, 4, 5, 11, 16, 18, 20, 21): a replacement never drops a
 * project silently, money has a maximum, every independent issue comes at once in pointer order, decision dates
 * are possible days, an If-Match beyond the head says so, dates and ?revision have their own words, and a
 * replacement that changes nothing makes no revision.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { comparePointers } from '../../src/api/libraries/route.js';
import { PROJECT_EXAMPLE } from '../../src/schema/projects.js';
import { createKey } from '../../src/store/keys.js';
import { type SqliteStore, sqliteStore } from '../../src/store/sqlite.js';
import { admittedProject } from './library-fixtures.js';

let store: SqliteStore;
let app: ReturnType<typeof createApp>;
let key: string;

const project = (id: string, extra: Record<string, unknown> = {}) => admittedProject(id, { enteredOn: '2025-01-10', ...extra });

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** A problem+json of `status`, bilingual; its errors as [pointer, code] in the order answered. */
async function problem(res: Response, status: number): Promise<{ body: any; errors: [string, string][] }> {
  const body = (await res.json()) as any;
  expect(res.status, JSON.stringify(body)).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  expect(body.detail_zh).toMatch(/[\u4e00-\u9fff]/);
  for (const e of body.errors ?? []) expect(e.detail_zh).toMatch(/[\u4e00-\u9fff]/);
  return { body, errors: (body.errors ?? []).map((e: any) => [e.pointer, e.code]) };
}

let lib: string;
const head = () => (store.sqlite.prepare('SELECT head FROM libraries WHERE id = ?').get(lib) as { head: number }).head;
const revisions = () => (store.sqlite.prepare('SELECT count(*) AS n FROM library_revisions WHERE library_id = ?').get(lib) as { n: number }).n;
const audits = () => (store.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE resource = 'library'").get() as { n: number }).n;
const today = () => new Date().toISOString().slice(0, 10);

beforeEach(async () => {
  store = sqliteStore(join(mkdtempSync(join(tmpdir(), 'libraries-a15-')), 'allocator.sqlite'));
  app = createApp({ store });
  key = (await createKey(store, { name: 'planner', workspace: 'lufeng', scope: 'write' }, 'cli')).secret;
  const res = await call('POST', '/v1/libraries', {
    name: '青岚县项目库',
    county: '青岚县',
    projects: [
      project('P1'),
      project('P2', { status: 'planned', year: 2025 }),
      project('P3', { status: 'implementing', year: 2025, startedOn: '2025-03-01' }),
    ],
  });
  expect(res.status).toBe(201);
  lib = ((await res.json()) as { id: string }).id;
});

describe('finding 2: a replacement that leaves projects out', () => {
  it('is a 422 at /projects naming each project left out and the remove decision; nothing written', async () => {
    const url = `/v1/libraries/${lib}`;
    const current = ((await (await call('GET', url)).json()) as any).projects;
    const res = await call('PUT', url, { projects: [current[0]] }, { 'if-match': '"1"' });
    const { body, errors } = await problem(res, 422);
    expect(errors).toEqual([['/projects', 'library-project-dropped']]);
    const e = body.errors[0];
    for (const text of [e.detail, e.detail_zh]) {
      expect(text).toContain('"P2"');
      expect(text).toContain('"P3"');
      expect(text).not.toContain('"P1"');
      expect(text).toContain(`/v1/libraries/${lib}/decisions`);
      expect(text).toContain('remove');
    }
    expect(head()).toBe(1);
    expect(revisions()).toBe(1);
    // removed by a decision, the project stays in the list (status removed): then a PUT sends it again
    const removed = await call('POST', `${url}/decisions`, { decisions: [{ project: 'P1', decision: 'remove', reason: '重复申报' }] }, { 'if-match': '"1"' });
    expect(removed.status).toBe(200);
    const after = ((await (await call('GET', url)).json()) as any).projects;
    expect(after.map((p: any) => [p.id, p.status])).toEqual([
      ['P1', 'removed'],
      ['P2', 'planned'],
      ['P3', 'implementing'],
    ]);
  });

  it('the projects may come back in another order; a project left out beside other mistakes is named with them', async () => {
    const url = `/v1/libraries/${lib}`;
    const res = await call('PUT', url, { projects: [project('P2', { status: 'planned', year: 2025, amount: '-1' }), project('P1')] }, { 'if-match': '"1"' });
    const { errors } = await problem(res, 422);
    expect(errors).toEqual([
      ['/projects', 'library-project-dropped'],
      ['/projects/0/amount', 'not-positive'],
    ]);
  });
});

describe('finding 4: money has a maximum (15 digits before the point, in the library unit)', () => {
  it('each money field above it is refused naming the field and 10^15; just below it is taken; the exponent grammar is kept', async () => {
    const add = (p: unknown) => call('POST', `/v1/libraries/${lib}/projects`, { projects: [p] });
    const res = await add(
      project('BIG', { amount: '1e30', approvedAmount: '1000000000000000', villageIncome: '-1e16', arranged: 1e20, paid: '1234567890123456.5' }),
    );
    const { body, errors } = await problem(res, 422);
    expect(errors).toEqual(
      expect.arrayContaining([
        ['/projects/0/amount', 'money-too-large'],
        ['/projects/0/approvedAmount', 'money-too-large'],
        ['/projects/0/villageIncome', 'money-too-large'],
        ['/projects/0/arranged', 'money-too-large'],
        ['/projects/0/paid', 'money-too-large'],
      ]),
    );
    const amount = body.errors.find((e: any) => e.pointer === '/projects/0/amount');
    expect(amount.detail).toContain('amount');
    expect(amount.detail).toContain('10^15');
    expect(amount.detail_zh).toContain('10^15');
    expect(body.errors.find((e: any) => e.pointer === '/projects/0/paid').detail).toMatch(/^paid /);
    expect(head()).toBe(1);
    // 15 digits are taken, as is an exponent the shared decimal grammar reads
    const ok = await add(project('MAX', { amount: '999999999999999.99', arranged: '1e3', villageIncome: '1e14' }));
    const okBody = (await ok.json()) as any;
    expect(ok.status, JSON.stringify(okBody)).toBe(200);
    expect(okBody.projects.find((p: any) => p.id === 'MAX').amount).toBe('999999999999999.99');
  });

  it('a PATCH of the amount to 1e15 is refused the same way', async () => {
    const res = await call('PATCH', `/v1/libraries/${lib}/projects/P1`, { amount: '1e15' }, { 'if-match': '"1"' });
    const { errors } = await problem(res, 422);
    expect(errors).toEqual([['/amount', 'money-too-large']]);
  });
});

describe('finding 5: every independent issue at once, in pointer order', () => {
  it('adding projects: the vocabulary on fields that parsed, entry review regardless of an unknown category', async () => {
    const res = await call('POST', `/v1/libraries/${lib}/projects`, {
      projects: [
        project('M-1', { amount: '-1', sources: ['mars'] }),
        project('M-2', { targets: undefined, linkage: ' ', category: 'spaceport' }),
        project('M-3', { amount: 'abc', targets: undefined }),
      ],
    });
    const { errors } = await problem(res, 422);
    expect(errors).toEqual([
      ['/projects/0/amount', 'not-positive'],
      ['/projects/0/sources/0', 'unknown-fund-source'],
      ['/projects/1/category', 'project-unknown-category'],
      ['/projects/1/linkage', 'entry-no-linkage'],
      ['/projects/1/targets', 'entry-no-targets'],
      ['/projects/2/amount', expect.any(String)],
      ['/projects/2/targets', 'entry-no-targets'],
    ]);
    expect(head()).toBe(1);
  });

  it('PATCH: a bad amount, an unknown status and an unknown fund source, all three', async () => {
    const res = await call('PATCH', `/v1/libraries/${lib}/projects/P1`, { amount: '-1', status: 'flying', sources: ['mars'] }, { 'if-match': '"1"' });
    const { errors } = await problem(res, 422);
    expect(errors).toEqual([
      ['/amount', 'not-positive'],
      ['/sources/0', 'unknown-fund-source'],
      ['/status', 'not-one-of'],
    ]);
  });

  it('PATCH: a refused amount beside a status jump and a changed number', async () => {
    const res = await call('PATCH', `/v1/libraries/${lib}/projects/P1`, { amount: '-1', status: 'completed', year: 2025, id: 'P9' }, { 'if-match': '"1"' });
    const { errors } = await problem(res, 422);
    expect(errors).toEqual([
      ['/amount', 'not-positive'],
      ['/id', 'project-id-fixed'],
      ['/status', 'status-jump'],
    ]);
  });

  it('decisions: seven mistakes, seven issues, in pointer order', async () => {
    const res = await call(
      'POST',
      `/v1/libraries/${lib}/decisions`,
      {
        decisions: [
          { project: 'P3', decision: 'remove', reason: '不再实施' },
          { project: 'P1', decision: 'adjust', reason: '调整' },
          { project: 'P2', decision: 'keep', reason: '  ' },
          { project: 'NOPE', decision: 'keep', reason: 'x' },
          { project: 'P4', decision: 'keep', reason: 'x', date: '2025-02-30' },
          { project: 'P5', decision: 'keep', reason: 'x', changes: { amount: '1' } },
          { project: 'P6', decision: 'delete', reason: 'x' },
          { project: 'P10', decision: 'keep', reason: 'x' },
        ],
      },
      { 'if-match': '"1"' },
    );
    const { errors } = await problem(res, 422);
    expect(errors.map(([p]) => p)).toEqual([...errors.map(([p]) => p)].sort(comparePointers));
    expect(errors).toEqual(
      expect.arrayContaining([
        ['/decisions/0/decision', 'status-jump'],
        ['/decisions/1/changes', 'decision-needs-changes'],
        ['/decisions/2/reason', 'decision-reason-blank'],
        ['/decisions/3/project', 'unknown-library-project'],
        ['/decisions/4/date', 'date-invalid'],
        ['/decisions/5/changes', 'decision-changes-not-adjust'],
        ['/decisions/6/decision', expect.any(String)],
        ['/decisions/7/project', 'unknown-library-project'],
      ]),
    );
    // numeric segments compare as numbers: /decisions/7 before /decisions/10 would be; here 6 before 7
    expect(errors.findIndex(([p]) => p === '/decisions/7/project')).toBe(errors.length - 1);
    expect(head()).toBe(1);
  });

  it('pointers sort with numbers as numbers', () => {
    expect(['/projects/10/id', '/projects/2/name', '/projects', '/projects/2/amount'].sort(comparePointers)).toEqual([
      '/projects',
      '/projects/2/amount',
      '/projects/2/name',
      '/projects/10/id',
    ]);
  });
});

describe('finding 11: a decision date after today or before the project entered', () => {
  it('is a 422 at /decisions/<i>/date in both languages; today and the entry day are taken', async () => {
    const res = await call(
      'POST',
      `/v1/libraries/${lib}/decisions`,
      {
        decisions: [
          { project: 'P1', decision: 'keep', reason: 'a', date: '2099-01-01' },
          { project: 'P2', decision: 'keep', reason: 'b', date: '2024-12-31' },
        ],
      },
      { 'if-match': '"1"' },
    );
    const { body, errors } = await problem(res, 422);
    expect(errors).toEqual([
      ['/decisions/0/date', 'decision-date-future'],
      ['/decisions/1/date', 'decision-date-before-entry'],
    ]);
    expect(body.errors[1].detail).toContain('2025-01-10');
    expect(body.errors[1].detail_zh).toContain('2025-01-10');
    expect(head()).toBe(1);
    const ok = await call(
      'POST',
      `/v1/libraries/${lib}/decisions`,
      {
        decisions: [
          { project: 'P1', decision: 'keep', reason: 'a', date: today() },
          { project: 'P2', decision: 'keep', reason: 'b', date: '2025-01-10' },
        ],
      },
      { 'if-match': '"1"' },
    );
    expect(ok.status, await ok.clone().text()).toBe(200);
  });
});

describe('finding 16: an If-Match beyond the head', () => {
  it('PATCH, decisions and PUT say there is no such revision and name the head', async () => {
    const patch = await call('PATCH', `/v1/libraries/${lib}/projects/P1`, { amount: '100' }, { 'if-match': '"999"' });
    const { body } = await problem(patch, 412);
    expect(body.code).toBe('library-if-match-ahead');
    expect(body.detail).toContain('there is no revision 999; the head is 1');
    expect(body.detail_zh).toContain('没有第 999 版');
    const put = await call('PUT', `/v1/libraries/${lib}`, { projects: [project('P1')] }, { 'if-match': '"7"' });
    expect((await problem(put, 412)).body.code).toBe('library-if-match-ahead');
    const decided = await call(
      'POST',
      `/v1/libraries/${lib}/decisions`,
      { decisions: [{ project: 'P1', decision: 'keep', reason: 'a' }] },
      { 'if-match': '"2"' },
    );
    expect((await problem(decided, 412)).body.code).toBe('library-if-match-ahead');
    // an older one still says someone changed it
    await call('PATCH', `/v1/libraries/${lib}/projects/P1`, { amount: '100' }, { 'if-match': '"1"' });
    const older = await call('PUT', `/v1/libraries/${lib}`, { projects: [project('P1')] }, { 'if-match': '"1"' });
    expect((await problem(older, 412)).body.code).toBe('library-stale');
  });
});

describe('finding 18: the library dates and ?revision have their own words', () => {
  it('a bad entry date or decision date answers date-invalid; ?revision=0 a revision message', async () => {
    const add = await call('POST', `/v1/libraries/${lib}/projects`, { projects: [project('D1', { enteredOn: '2025-13-01', startedOn: '2025-02-30' })] });
    expect((await problem(add, 422)).errors).toEqual([
      ['/projects/0/enteredOn', 'date-invalid'],
      ['/projects/0/startedOn', 'date-invalid'],
    ]);
    for (const path of [`/v1/libraries/${lib}?revision=0`, `/v1/libraries/${lib}/projects/P1?revision=0`]) {
      const { body, errors } = await problem(await call('GET', path), 422);
      expect(errors).toEqual([['?revision', 'library-revision-invalid']]);
      expect(body.errors[0].detail).toContain('a revision is a whole number from 1');
    }
  });
});

describe('finding 20: a replacement with the same content', () => {
  it('answers 200 with the same ETag: no new revision, no audit entry', async () => {
    const url = `/v1/libraries/${lib}`;
    const read = (await (await call('GET', url)).json()) as any;
    const before = audits();
    const res = await call('PUT', url, { projects: read.projects }, { 'if-match': '"1"' });
    const body = (await res.json()) as any;
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(body.revision).toBe(1);
    expect(body.hash).toBe(read.hash);
    expect(head()).toBe(1);
    expect(revisions()).toBe(1);
    expect(audits()).toBe(before);
    // a real change still makes revision 2; visibility alone is a change too
    const vis = await call('PUT', url, { projects: read.projects, visibility: 'public' }, { 'if-match': '"1"' });
    expect(vis.status).toBe(200);
    expect(vis.headers.get('etag')).toBe('"2"');
  });
});

describe('finding 21: one example project', () => {
  it('the schema example is the one the routes show', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as any;
    expect(doc.components.schemas.LibraryProject.example).toEqual(PROJECT_EXAMPLE);
    const created = doc.paths['/v1/libraries'].post.requestBody.content['application/json'].example.projects[0];
    expect({ ...created, enteredOn: undefined }).toEqual({ ...PROJECT_EXAMPLE, enteredOn: undefined });
  });
});
