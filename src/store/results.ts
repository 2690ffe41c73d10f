/**
 * The result cache: answers by the hash of everything that makes them (src/api/scenarios/result.ts
 * resultKey: service version, route, query, the request with its references as content hashes, the model's
 * hash). A key names one answer only, so an entry is never replaced: a second writer of the same key (two
 * misses at once) keeps the first, which holds the same bytes.
 */
import type { ResultTable } from './schema.js';
import { now, type Store } from './store.js';

export type CachedResult = Pick<ResultTable, 'status' | 'content_type' | 'body'>;

export function readResult(store: Store, key: string): Promise<CachedResult | undefined> {
  return store.db.selectFrom('results').select(['status', 'content_type', 'body']).where('key', '=', key).executeTakeFirst();
}

export async function writeResult(store: Store, key: string, result: CachedResult): Promise<void> {
  await store.atomically([
    store.db
      .insertInto('results')
      .values({ key, status: result.status, content_type: result.content_type, body: result.body, created_at: now() })
      .onConflict((oc) => oc.column('key').doNothing()),
  ]);
}
