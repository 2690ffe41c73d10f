/** The store on Cloudflare D1: Kysely through kysely-d1 for reads, D1's batch (one implicit transaction) for writes. */
import type { D1Database } from '@cloudflare/workers-types';
import { type DatabaseConnection, type Driver, Kysely, type QueryResult } from 'kysely';
import { D1Dialect } from 'kysely-d1';
import type { Database } from './schema.js';
import { type Store, compiled } from './store.js';

const STORES = new WeakMap<D1Database, Store>();

/**
 * kysely-d1 0.4 also answers the field kysely renamed in 0.23 (numUpdatedOrDeletedRows), and kysely 0.28
 * logs "outdated driver" on every update or delete that has it: its connections answer without it here.
 */
class D1DialectFor028 extends D1Dialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    const acquire = driver.acquireConnection.bind(driver);
    driver.acquireConnection = async (): Promise<DatabaseConnection> => {
      const conn = await acquire();
      const execute = conn.executeQuery.bind(conn);
      conn.executeQuery = async <R>(query: Parameters<DatabaseConnection['executeQuery']>[0]): Promise<QueryResult<R>> => {
        const { numUpdatedOrDeletedRows: _old, ...result } = (await execute(query)) as QueryResult<R> & { numUpdatedOrDeletedRows?: bigint };
        return result;
      };
      return conn;
    };
    return driver;
  }
}

/** One store per binding (the binding object lives as long as the isolate's env). */
export function d1Store(d1: D1Database): Store {
  let store = STORES.get(d1);
  if (!store) {
    const db = new Kysely<Database>({ dialect: new D1DialectFor028({ database: d1 }) });
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
