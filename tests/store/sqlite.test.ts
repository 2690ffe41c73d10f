/**
 * The store on SQLite in Node: migrations are applied once and recorded where wrangler records them, a
 * write is one transaction (a failing statement in the middle leaves nothing), collisions are recognised,
 * and keys are kept as hashes only.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, sqliteStore } from '../../src/store/sqlite.js';
import { createKey, findKey, revokeKey } from '../../src/store/keys.js';
import { isUniqueViolation } from '../../src/store/store.js';

const fresh = () => sqliteStore(join(mkdtempSync(join(tmpdir(), 'store-')), 'allocator.sqlite'));

describe('SQLite store', () => {
  it('migrates once, recording each file in d1_migrations', () => {
    const store = fresh();
    const names = (store.sqlite.prepare('SELECT name FROM d1_migrations').all() as { name: string }[]).map((r) => r.name);
    expect(names).toContain('0001_memory.sql');
    expect(migrate(store.sqlite)).toEqual([]);
  });

  it('a transaction with a failing statement in the middle writes nothing', async () => {
    const store = fresh();
    const entry = { at: 'now', actor: 'test', action: 'create', resource: 'dataset', resource_id: 'ds_x' };
    await expect(
      store.atomically([
        store.db.insertInto('audit_log').values(entry),
        store.db
          .insertInto('api_keys')
          .values({ id: 'k', name: 'n', workspace: 'w', scope: 'nonsense' as 'read', hash: 'h', prefix: 'p', created_at: 'now' }),
      ]),
    ).rejects.toThrow(/CHECK constraint/);
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 0 });
  });

  it('recognises a primary-key collision', async () => {
    const store = fresh();
    const row = { id: 'key_dup', name: 'n', workspace: 'w', scope: 'read' as const, hash: 'h', prefix: 'p', created_at: 'now' };
    await store.atomically([store.db.insertInto('api_keys').values(row)]);
    const err = await store.atomically([store.db.insertInto('api_keys').values(row)]).catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    expect(isUniqueViolation(new Error('no such table: x'))).toBe(false);
  });

  it('keeps a key as its hash only, finds it by its secret, audits its creation and revocation', async () => {
    const store = fresh();
    const made = await createKey(store, { name: 'planner', workspace: 'sichuan', scope: 'write' }, 'cli');
    expect(made.secret).toMatch(/^bfa_[A-Za-z0-9_-]{43}$/);
    const raw = JSON.stringify(store.sqlite.prepare('SELECT * FROM api_keys').all());
    expect(raw).not.toContain(made.secret);
    expect((await findKey(store.db, made.secret))?.id).toBe(made.id);
    expect(await findKey(store.db, made.secret + 'x')).toBeUndefined();
    await revokeKey(store, made.id, 'cli');
    expect((await findKey(store.db, made.secret))?.revoked_at).toMatch(/^\d{4}-/);
    const trail = store.sqlite.prepare('SELECT action, resource, resource_id FROM audit_log ORDER BY seq').all();
    expect(trail).toEqual([
      { action: 'create', resource: 'key', resource_id: made.id },
      { action: 'revoke', resource: 'key', resource_id: made.id },
    ]);
  });
});
