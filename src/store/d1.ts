/** The store on Cloudflare D1: Kysely through kysely-d1 for reads, D1's batch (one implicit transaction) for writes. */
import type { D1Database } from '@cloudflare/workers-types';
import { Kysely } from 'kysely';
import { D1Dialect } from 'kysely-d1';
import type { Database } from './schema.js';
import { type Store, compiled } from './store.js';

const STORES = new WeakMap<D1Database, Store>();

/** One store per binding (the binding object lives as long as the isolate's env). */
export function d1Store(d1: D1Database): Store {
  let store = STORES.get(d1);
  if (!store) {
    const db = new Kysely<Database>({ dialect: new D1Dialect({ database: d1 }) });
    store = {
      engine: 'd1',
      db,
      async atomically(statements) {
        if (statements.length === 0) return;
        const prepared = statements.map((s) => {
          const q = compiled(s);
          return d1.prepare(q.sql).bind(...(q.parameters as unknown[]));
        });
        await d1.batch(prepared);
      },
    };
    STORES.set(d1, store);
  }
  return store;
}
