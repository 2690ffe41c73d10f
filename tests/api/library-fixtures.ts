/**
 * Shared by the library API tests: a project as a planner writes it, and an app on an in-memory SQLite store
 * with keys. Each file adds its own fields to the project (an entry date, a town) where its cases need them.
 */
import { createApp } from '../../src/api/app.js';
import { createKey } from '../../src/store/keys.js';
import { sqliteStore } from '../../src/store/sqlite.js';

/** A project that passes entry review (targets, feasibility review, linkage, a related purpose): 120 万元 for 200 亩. */
export const admittedProject = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `项目${id}`,
  category: 'industry',
  purpose: 'consolidation',
  amount: '120',
  targets: { output: [{ name: '新建基地', value: '200', unit: '亩' }], effect: [{ name: '带动增收', value: '150', unit: '户' }] },
  linkage: '村集体占股20%',
  feasibilityReviewed: true,
  ...extra,
});

/**
 * An app on an in-memory store with a write key of `workspace` (`key`, and `who` as the store sees it), a read
 * key of another workspace (`stranger`), and `call`, which sends a JSON body (or a string as it is) with a key.
 */
export async function libraryApp(workspace: string) {
  const store = sqliteStore(':memory:');
  const app = createApp({ store });
  const made = await createKey(store, { name: 'planner', workspace, scope: 'write' }, 'cli');
  const stranger = (await createKey(store, { name: 'other', workspace: 'elsewhere', scope: 'read' }, 'cli')).secret;
  const who = { kind: 'key' as const, id: made.id, name: made.name, workspace, scope: 'write' as const };
  const call = (method: string, path: string, opts: { key?: string; body?: unknown } = {}) =>
    app.request(path, {
      method,
      headers: {
        ...(opts.key ? { authorization: `Bearer ${opts.key}` } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
    });
  return { store, app, key: made.secret, stranger, who, call };
}
