/**
 * Project libraries in the store (SQLite), below the routes: a write is all or nothing (a failing statement
 * between a plan's own statements leaves nothing), the hash is of the content whatever its key order, and
 * writeProjects keeps the per-project rule (a touched project changed after If-Match: stale; If-Match beyond the
 * head: stale; other projects' changes: no conflict) and retries lost races on the new head.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../src/api/access/principal.js';
import type { StoredProject } from '../../src/schema/projects.js';
import { createLibrary, libraryHash, planCreateLibrary, planLibraryRevision, readLibrary, writeProjects } from '../../src/store/libraries.js';
import { sqliteStore } from '../../src/store/sqlite.js';

const who: Principal = { kind: 'key', id: 'key_w', name: 'w', workspace: 'lufeng', scope: 'write' };
const p = (id: string, changedIn = 1, amount = '100'): StoredProject => ({
  id,
  name: `项目${id}`,
  category: 'industry',
  amount,
  status: 'reserve',
  enteredOn: '2025-01-01',
  changedIn,
});
const META = { name: '库', county: '禄丰市', unit: 'wan' as const, model: 'sichuan' };

describe('library writes in the store', () => {
  it('a failing statement between a plan’s statements leaves nothing (create and a new revision)', async () => {
    const store = sqliteStore(':memory:');
    const failing = sql`SELECT no_such_column FROM libraries`.compile(store.db);
    const plan = await planCreateLibrary(store, who, { ...META, projects: [p('A')] }, 'private');
    await expect(store.atomically([plan.statements[0], failing, ...plan.statements.slice(1)])).rejects.toThrow();
    expect(
      store.sqlite
        .prepare('SELECT (SELECT count(*) FROM libraries) AS l, (SELECT count(*) FROM library_revisions) AS r, (SELECT count(*) FROM audit_log) AS a')
        .get(),
    ).toEqual({
      l: 0,
      r: 0,
      a: 0,
    });
    const made = await createLibrary(store, who, { ...META, projects: [p('A')] }, 'private');
    const next = await planLibraryRevision(store, who, { id: made.id, workspace: 'lufeng' }, 1, { ...META, projects: [p('A', 2, '90')] }, 'private', [
      { action: 'update', detail: {} },
    ]);
    await expect(store.atomically([next.statements[0], failing, ...next.statements.slice(1)])).rejects.toThrow();
    const read = await readLibrary(store, who, made.id);
    expect('view' in read && read.view.revision).toBe(1);
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM library_revisions').get()).toEqual({ n: 1 });
  });

  it('the hash is the content’s: the same projects with keys in another order hash the same; another amount does not', async () => {
    const a = await libraryHash({ ...META, projects: [p('A')] });
    const reordered = Object.fromEntries(Object.entries(p('A')).reverse()) as unknown as StoredProject;
    expect(await libraryHash({ ...META, projects: [reordered] })).toBe(a);
    expect(await libraryHash({ ...META, projects: [p('A', 1, '101')] })).not.toBe(a);
  });

  it('writeProjects: the per-project rule, and a change of another project is no conflict', async () => {
    const store = sqliteStore(':memory:');
    const made = await createLibrary(store, who, { ...META, projects: [p('A'), p('B')] }, 'private');
    const setAmount = (id: string, amount: string) => (head: { projects: StoredProject[] }, revision: number) => ({
      projects: head.projects.map((x) => (x.id === id ? { ...x, amount, changedIn: revision } : x)),
      touched: [id],
      audits: [{ action: 'update-project', detail: { project: id } }],
    });
    const first = await writeProjects(store, who, made.id, 1, setAmount('A', '90'));
    expect('written' in first && first.written.revision).toBe(2);
    // B has not changed since 1: lands on 3
    const second = await writeProjects(store, who, made.id, 1, setAmount('B', '80'));
    expect('written' in second && second.written.revision).toBe(3);
    // A changed in 2: If-Match 1 is stale for it
    expect(await writeProjects(store, who, made.id, 1, setAmount('A', '70'))).toEqual({ stale: 'project', head: 3, project: 'A', changedIn: 2 });
    expect(await writeProjects(store, who, made.id, 4, setAmount('A', '70'))).toEqual({ stale: 'library', head: 3 });
    expect(await writeProjects(store, who, 'lib_none', 1, setAmount('A', '70'))).toEqual({ gone: true });
    const head = await readLibrary(store, who, made.id);
    expect('view' in head && head.view.projects.map((x) => [x.id, x.amount, x.changedIn])).toEqual([
      ['A', '90', 2],
      ['B', '80', 3],
    ]);
  });

  it('writeProjects retries lost races: 10 concurrent writes of 10 projects from If-Match 1 all land, revisions 2–11', async () => {
    const store = sqliteStore(':memory:');
    const ids = Array.from({ length: 10 }, (_, i) => `P${i}`);
    const made = await createLibrary(store, who, { ...META, projects: ids.map((id) => p(id)) }, 'private');
    let calls = 0;
    const results = await Promise.all(
      ids.map((id) =>
        writeProjects(store, who, made.id, 1, (head, revision) => {
          calls++;
          return {
            projects: head.projects.map((x) => (x.id === id ? { ...x, amount: '1', changedIn: revision } : x)),
            touched: [id],
            audits: [{ action: 'update-project', detail: { project: id } }],
          };
        }),
      ),
    );
    expect(results.map((r) => ('written' in r ? r.written.revision : r)).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 10 }, (_, i) => i + 2),
    );
    // the change was made again on a new head after each lost race
    expect(calls).toBeGreaterThan(10);
    const head = await readLibrary(store, who, made.id);
    expect('view' in head && head.view.projects.every((x) => x.amount === '1')).toBe(true);
    expect(store.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'update-project'").get()).toEqual({ n: 10 });
  });
});
