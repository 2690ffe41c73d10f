/**
 * The store on a SQLite file, for the Node entry (offices hosting the service themselves) and the Node tests.
 * Migrations are the same files wrangler applies to D1 (migrations/*.sql), recorded in the same
 * `d1_migrations` table, applied when the store opens.
 */
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';
import { type Store, compiled } from './store.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

export interface SqliteStore extends Store {
  /** The better-sqlite3 handle (tests use it to prove what is on disk). */
  readonly sqlite: SQLite.Database;
  close(): Promise<void>;
}

/** Opens (creating if need be) the SQLite file at `path` (":memory:" for a private one) and migrates it. */
export function sqliteStore(path: string): SqliteStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  migrate(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    engine: 'sqlite',
    db,
    sqlite,
    async atomically(statements) {
      if (statements.length === 0) return;
      const run = sqlite.transaction(() => {
        for (const s of statements) {
          const q = compiled(s);
          sqlite.prepare(q.sql).run(...(q.parameters as unknown[]));
        }
      });
      run.immediate();
    },
    async close() {
      await db.destroy();
    },
  };
}

/** Applies each migrations/*.sql not yet recorded in d1_migrations, each in its own transaction, in name order. */
export function migrate(sqlite: SQLite.Database, dir = MIGRATIONS_DIR): string[] {
  sqlite.exec(
    'CREATE TABLE IF NOT EXISTS d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)',
  );
  const done = new Set((sqlite.prepare('SELECT name FROM d1_migrations').all() as { name: string }[]).map((r) => r.name));
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const applied: string[] = [];
  for (const name of files) {
    if (done.has(name)) continue;
    const sql = readFileSync(join(dir, name), 'utf8');
    sqlite.transaction(() => {
      sqlite.exec(sql);
      sqlite.prepare('INSERT INTO d1_migrations (name) VALUES (?)').run(name);
    })();
    applied.push(name);
  }
  return applied;
}
