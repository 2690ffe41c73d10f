/**
 * The project library inside workerd, through the real Worker with its local D1 (migrations/0009 applied by
 * tests/workers/setup.ts): create, read (ETag, 304), PATCH and decisions under the per-project If-Match rule,
 * PUT (428/412), delete; bad input a 4xx problem with pointers and nothing written; and the races on D1:
 * 20 concurrent PATCHes of 20 projects with one If-Match all land (lost D1 batches retried on the new head),
 * 20 of one project: exactly one lands, 19 × 412.
 */
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { d1Store } from '../../src/store/d1.js';
import { createKey } from '../../src/store/keys.js';
import { MAX_LIBRARY_BYTES } from '../../src/store/libraries.js';

const BASE = 'http://allocator.test';
const project = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `项目${id}`,
  category: 'industry',
  purpose: 'consolidation',
  amount: '100',
  sources: ['central'],
  targets: { output: [{ name: '新建基地', value: '200', unit: '亩' }], effect: [{ name: '带动增收', value: '150', unit: '户' }] },
  linkage: '村集体占股20%',
  feasibilityReviewed: true,
  ...extra,
});

async function writerKey(workspace = 'lufeng') {
  return (await createKey(d1Store(env.DB), { name: 'planner', workspace, scope: 'write' }, 'cli')).secret;
}

const call = (method: string, path: string, key: string | undefined, body?: unknown, headers: Record<string, string> = {}) =>
  exports.default.fetch(`${BASE}${path}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });

async function make(key: string, ids: string[]) {
  const res = await call('POST', '/v1/libraries', key, { name: '禄丰市项目库', county: '禄丰市', projects: ids.map((id) => project(id)) });
  const body = (await res.json()) as { id: string };
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body.id;
}

const audits = async (id: string, action: string) =>
  (
    await d1Store(env.DB)
      .db.selectFrom('audit_log')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .where('resource_id', '=', id)
      .where('action', '=', action)
      .executeTakeFirstOrThrow()
  ).n;

describe('project libraries in workerd (local D1)', () => {
  it('create 201 ETag "1"; GET 304 on it; private → 404 anonymous; PATCH, decisions, PUT 428/412/200; delete → 404', async () => {
    const key = await writerKey();
    const id = await make(key, ['P1', 'P2']);
    const got = await call('GET', `/v1/libraries/${id}`, key);
    expect(got.headers.get('etag')).toBe('"1"');
    await got.arrayBuffer();
    expect((await call('GET', `/v1/libraries/${id}`, key, undefined, { 'if-none-match': '"1"' })).status).toBe(304);
    expect((await call('GET', `/v1/libraries/${id}`, undefined)).status).toBe(404);
    const patched = await call('PATCH', `/v1/libraries/${id}/projects/P1`, key, { status: 'planned', year: 2025 }, { 'if-match': '"1"' });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { status: string }).status).toBe('planned');
    const decided = await call(
      'POST',
      `/v1/libraries/${id}/decisions`,
      key,
      // a decision is dated neither after today nor before its project entered (today here)
      { decisions: [{ project: 'P2', decision: 'remove', reason: '重复申报', date: new Date().toISOString().slice(0, 10) }] },
      { 'if-match': '"1"' },
    );
    const d = (await decided.json()) as { revision: number; projects: { status: string; decisions: { reason: string }[] }[] };
    expect(decided.status, JSON.stringify(d)).toBe(200);
    expect(d.revision).toBe(3);
    expect(d.projects[0]).toMatchObject({ status: 'removed', decisions: [{ reason: '重复申报' }] });
    expect(await audits(id, 'decide')).toBe(1);
    const put = (ifMatch?: string) =>
      call(
        'PUT',
        `/v1/libraries/${id}`,
        key,
        { projects: [project('P1', { status: 'planned', year: 2025, amount: '90' }), project('P2', { status: 'removed' })] },
        ifMatch ? { 'if-match': ifMatch } : {},
      );
    expect((await put()).status).toBe(428);
    expect((await put('"2"')).status).toBe(412);
    const ok = await put('"3"');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('"4"');
    // the same content again: the head answers, no revision 5 (D1 keeps four)
    const same = await put('"4"');
    expect(same.status).toBe(200);
    expect(same.headers.get('etag')).toBe('"4"');
    expect(((await same.json()) as { revision: number }).revision).toBe(4);
    expect((await call('DELETE', `/v1/libraries/${id}`, key)).status).toBe(204);
    const gone = await call('GET', `/v1/libraries/${id}`, key);
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { code: string }).code).toBe('unknown-library');
  });

  it('bad input: a 4xx problem naming each field, never a 5xx, nothing written', async () => {
    const key = await writerKey();
    const id = await make(key, ['P1']);
    const jump = await call('PATCH', `/v1/libraries/${id}/projects/P1`, key, { status: '完工', year: 2025 }, { 'if-match': '"1"' });
    expect(jump.status).toBe(422);
    expect(((await jump.json()) as { errors: { pointer: string; code: string }[] }).errors).toEqual([
      expect.objectContaining({ pointer: '/status', code: 'status-jump' }),
    ]);
    const entry = await call('POST', `/v1/libraries/${id}/projects`, key, { projects: [project('P2', { targets: undefined, sources: ['mars'] })] });
    expect(entry.status).toBe(422);
    const codes = ((await entry.json()) as { errors: { pointer: string; code: string }[] }).errors.map((e) => [e.pointer, e.code]);
    // every independent issue at once: entry review runs beside an unknown fund source
    expect(codes).toEqual([
      ['/projects/0/sources/0', 'unknown-fund-source'],
      ['/projects/0/targets', 'entry-no-targets'],
    ]);
    const refused = await call('POST', `/v1/libraries/${id}/projects`, key, { projects: [project('P2', { targets: undefined })] });
    expect(((await refused.json()) as { errors: { pointer: string; code: string }[] }).errors.map((e) => [e.pointer, e.code])).toEqual([
      ['/projects/0/targets', 'entry-no-targets'],
    ]);
    const malformed = await call('POST', '/v1/libraries', key, '{"name":');
    expect(malformed.status).toBe(400);
    await malformed.arrayBuffer();
    const head = (await (await call('GET', `/v1/libraries/${id}`, key)).json()) as { revision: number };
    expect(head.revision).toBe(1);
  });

  it('a library just under MAX_LIBRARY_BYTES is stored by D1 and patched; just over it is a 422, nothing written', async () => {
    const key = await writerKey();
    const content = '建'.repeat(1700);
    const projects = (n: number) => Array.from({ length: n }, (_, i) => project(`B${i}`, { content }));
    const bytes = (n: number) => new TextEncoder().encode(JSON.stringify(projects(n))).length;
    expect(bytes(330)).toBeGreaterThan(1_700_000);
    expect(bytes(330)).toBeLessThan(MAX_LIBRARY_BYTES);
    const made = await call('POST', '/v1/libraries', key, { name: '大库', county: '禄丰市', projects: projects(330) });
    const body = (await made.json()) as { id: string; projectCount: number };
    expect(made.status, JSON.stringify(body).slice(0, 300)).toBe(201);
    expect(body.projectCount).toBe(330);
    const patched = await call('PATCH', `/v1/libraries/${body.id}/projects/B7`, key, { amount: '99' }, { 'if-match': '"1"' });
    expect(patched.status).toBe(200);
    await patched.arrayBuffer();
    const over = await call('POST', '/v1/libraries', key, { name: '太大', county: '禄丰市', projects: projects(400) });
    expect(over.status).toBe(422);
    expect(((await over.json()) as { errors: { code: string }[] }).errors[0].code).toBe('library-too-large');
  });

  it('20 concurrent PATCHes of 20 projects with If-Match "1" all land (revision 21, 20 audit entries); 20 of one project: one lands, 19 × 412', async () => {
    const key = await writerKey();
    const ids = Array.from({ length: 20 }, (_, i) => `P${String(i).padStart(2, '0')}`);
    const id = await make(key, ids);
    const answers = await Promise.all(
      ids.map((pid, i) => call('PATCH', `/v1/libraries/${id}/projects/${pid}`, key, { amount: String(200 + i) }, { 'if-match': '"1"' })),
    );
    const statuses = await Promise.all(answers.map(async (r) => [r.status, await r.text()] as const));
    expect(
      statuses.map(([s]) => s),
      JSON.stringify(statuses.filter(([s]) => s !== 200)),
    ).toEqual(Array(20).fill(200));
    const after = (await (await call('GET', `/v1/libraries/${id}`, key)).json()) as { revision: number; projects: { amount: string }[] };
    expect(after.revision).toBe(21);
    expect(after.projects.map((p) => p.amount)).toEqual(ids.map((_, i) => String(200 + i)));
    expect(await audits(id, 'update-project')).toBe(20);

    const one = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call('PATCH', `/v1/libraries/${id}/projects/P00`, key, { amount: String(500 + i) }, { 'if-match': '"21"' })),
    );
    const s = one.map((r) => r.status);
    await Promise.all(one.map((r) => r.arrayBuffer()));
    expect(s.filter((x) => x === 200)).toHaveLength(1);
    expect(s.filter((x) => x === 412)).toHaveLength(19);
    const final = (await (await call('GET', `/v1/libraries/${id}`, key)).json()) as { revision: number; projects: { amount: string }[] };
    expect(final.revision).toBe(22);
    expect(final.projects[0].amount).toBe(String(500 + s.indexOf(200)));
    expect(await audits(id, 'update-project')).toBe(21);
  });
});
