/**
 * The store on local D1 inside workerd: migrations applied, a write is one batch (a failing statement in the
 * middle leaves nothing), a unique-key collision is recognised, and a key sent to the Worker is checked.
 */
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { d1Store } from '../../src/store/d1.js';
import { createKey } from '../../src/store/keys.js';
import { isUniqueViolation } from '../../src/store/store.js';
import { sql } from 'kysely';

describe('D1 store in workerd', () => {
  it('has every table of the migrations', async () => {
    const store = d1Store(env.DB);
    const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`.execute(store.db);
    const names = tables.rows.map((r) => r.name);
    for (const t of ['api_keys', 'datasets', 'dataset_revisions', 'scenarios', 'scenario_revisions', 'results', 'models', 'audit_log']) {
      expect(names).toContain(t);
    }
  });

  it('a batch with a failing statement in the middle writes nothing', async () => {
    const store = d1Store(env.DB);
    const before = await store.db
      .selectFrom('audit_log')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const entry = { at: 'now', actor: 'test', action: 'create', resource: 'dataset', resource_id: 'ds_x' };
    await expect(
      store.atomically([
        store.db.insertInto('audit_log').values(entry),
        store.db
          .insertInto('api_keys')
          .values({ id: 'k', name: 'n', workspace: 'w', scope: 'nonsense' as 'read', hash: 'h', prefix: 'p', created_at: 'now' }),
        store.db.insertInto('audit_log').values(entry),
      ]),
    ).rejects.toThrow();
    const after = await store.db
      .selectFrom('audit_log')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('recognises a primary-key collision', async () => {
    const store = d1Store(env.DB);
    const row = { id: 'key_dup', name: 'n', workspace: 'w', scope: 'read' as const, hash: 'h-dup', prefix: 'p', created_at: 'now' };
    await store.atomically([store.db.insertInto('api_keys').values(row)]);
    const err = await store.atomically([store.db.insertInto('api_keys').values(row)]).catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
  });

  it('an unknown key is a 401 problem, a valid one passes, a revoked one is a 401', async () => {
    const store = d1Store(env.DB);
    const made = await createKey(store, { name: 'test', workspace: 'sichuan', scope: 'read' }, 'cli');
    const get = (key: string) => exports.default.fetch('http://allocator.test/v1/models', { headers: { authorization: `Bearer ${key}` } });
    const unknown = await get('bfa_nosuchkeyatall');
    expect(unknown.status).toBe(401);
    expect(((await unknown.json()) as { code: string }).code).toBe('unknown-key');
    expect((await get(made.secret)).status).toBe(200);
  });
});

describe('D1 store: updates', () => {
  it('counts the rows an update changed', async () => {
    const store = d1Store(env.DB);
    const row = { id: 'key_upd', name: 'n', workspace: 'w', scope: 'read' as const, hash: 'h-upd', prefix: 'p', created_at: 'now' };
    await store.atomically([store.db.insertInto('api_keys').values(row)]);
    const result = await store.db.updateTable('api_keys').set({ name: 'renamed' }).where('id', '=', 'key_upd').executeTakeFirst();
    expect(result.numUpdatedRows).toBe(1n);
  });
});
