/**
 * Many planners editing one project library at once (Node, SQLite file), under the per-project If-Match rule:
 * - 20 concurrent PATCHes of 20 different projects with the same If-Match all land: each lost race is retried
 *   on the new head; the final library has all 20 changes, revision 21, and 20 audit entries;
 * - 20 concurrent PATCHes of ONE project with the same If-Match: exactly one lands, 19 get 412 naming the
 *   project, none is lost silently;
 * - concurrent decisions likewise (different projects all land, one project once).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { createKey } from '../../src/store/keys.js';
import { sqliteStore } from '../../src/store/sqlite.js';
import { admittedProject } from './library-fixtures.js';

const N = 20;
const project = (id: string) => admittedProject(id, { amount: '100' });
const ids = Array.from({ length: N }, (_, i) => `P${String(i).padStart(2, '0')}`);

async function setup() {
  const store = sqliteStore(join(mkdtempSync(join(tmpdir(), 'libraries-race-')), 'allocator.sqlite'));
  const app = createApp({ store });
  const key = (await createKey(store, { name: 'p', workspace: 'lufeng', scope: 'write' }, 'cli')).secret;
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const made = await app.request('/v1/libraries', {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: '库', county: '禄丰市', projects: ids.map(project) }),
  });
  expect(made.status).toBe(201);
  const { id } = (await made.json()) as { id: string };
  const count = (action: string) =>
    (store.sqlite.prepare('SELECT count(*) AS n FROM audit_log WHERE resource_id = ? AND action = ?').get(id, action) as { n: number }).n;
  const head = async () => (await (await app.request(`/v1/libraries/${id}`, { headers })).json()) as any;
  return { store, app, id, headers, count, head };
}

describe('concurrent project-level writes with the same If-Match', () => {
  it('20 PATCHes of 20 different projects: all land on successive heads; revision 21; every change kept; 20 audit entries', async () => {
    const { app, id, headers, count, head } = await setup();
    const answers = await Promise.all(
      ids.map((pid, i) =>
        app.request(`/v1/libraries/${id}/projects/${pid}`, {
          method: 'PATCH',
          headers: { ...headers, 'if-match': '"1"' },
          body: JSON.stringify({ amount: String(200 + i) }),
        }),
      ),
    );
    const bodies = await Promise.all(answers.map(async (r) => [r.status, await r.json()] as [number, any]));
    expect(bodies.map(([s]) => s)).toEqual(Array(N).fill(200));
    // each landed on its own revision, 2 … 21
    expect(bodies.map(([, b]) => b.changedIn).sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i + 2));
    const final = await head();
    expect(final.revision).toBe(N + 1);
    expect(final.projects.map((p: any) => p.amount)).toEqual(ids.map((_, i) => String(200 + i)));
    expect(count('update-project')).toBe(N);
  });

  it('20 PATCHes of ONE project: exactly one lands, 19 × 412 library-project-stale naming it; none lost silently', async () => {
    const { app, id, headers, count, head } = await setup();
    const answers = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        app.request(`/v1/libraries/${id}/projects/P00`, {
          method: 'PATCH',
          headers: { ...headers, 'if-match': '"1"' },
          body: JSON.stringify({ amount: String(300 + i) }),
        }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(N - 1);
    const winner = statuses.indexOf(200);
    for (const r of answers.filter((a) => a.status === 412)) {
      const p = (await r.json()) as any;
      expect(p.code).toBe('library-project-stale');
      expect(p.detail).toContain('"P00"');
      expect(r.headers.get('etag')).toBe('"2"');
    }
    const final = await head();
    expect(final.revision).toBe(2);
    expect(final.projects[0].amount).toBe(String(300 + winner));
    expect(count('update-project')).toBe(1);
  });

  it('decisions: 20 on 20 projects all land (20 decide entries); 10 on one project: exactly one lands', async () => {
    const { app, id, headers, count, head } = await setup();
    const decide = (pid: string, reason: string) =>
      app.request(`/v1/libraries/${id}/decisions`, {
        method: 'POST',
        headers: { ...headers, 'if-match': '"1"' },
        body: JSON.stringify({ decisions: [{ project: pid, decision: 'keep', reason }] }),
      });
    const many = await Promise.all(ids.map((pid) => decide(pid, `保留${pid}`)));
    expect(many.map((r) => r.status)).toEqual(Array(N).fill(200));
    const after = await head();
    expect(after.revision).toBe(N + 1);
    expect(after.projects.map((p: any) => p.decisions?.map((d: any) => d.reason))).toEqual(ids.map((pid) => [`保留${pid}`]));
    expect(count('decide')).toBe(N);
    // now each project changed after "1": ten more with If-Match "1" all 412
    const late = await Promise.all(Array.from({ length: 10 }, (_, i) => decide('P05', `again ${i}`)));
    expect(late.map((r) => r.status)).toEqual(Array(10).fill(412));
    // ten on one project with its own ETag: exactly one lands
    const tag = `"${after.projects[5].changedIn}"`;
    const one = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        app.request(`/v1/libraries/${id}/decisions`, {
          method: 'POST',
          headers: { ...headers, 'if-match': tag },
          body: JSON.stringify({ decisions: [{ project: 'P05', decision: 'keep', reason: `once ${i}` }] }),
        }),
      ),
    );
    expect(one.map((r) => r.status).filter((s) => s === 200)).toHaveLength(1);
    expect(one.map((r) => r.status).filter((s) => s === 412)).toHaveLength(9);
    const final = await head();
    expect(final.revision).toBe(N + 2);
    expect(final.projects[5].decisions).toHaveLength(2);
    expect(count('decide')).toBe(N + 1);
  });
});
