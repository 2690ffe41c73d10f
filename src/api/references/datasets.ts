/**
 * A dataset revision as a reference reads it. The dataset's row and one revision's, straight from the
 * tables: the same rules as src/store/datasets.ts readDatasetRevision (deleted or not visible = missing),
 * split so that a caller can tell "no such dataset" from "no such revision", and so that the cache key
 * (which needs only the revision's hash) does not read and parse the rows.
 */
import type { Principal } from '../access/principal.js';
import { visibleTo } from '../access/principal.js';
import type { DatasetTable } from '../../store/schema.js';
import type { Store } from '../../store/store.js';

export type DatasetLookup =
  | { readonly found: 'none' }
  | { readonly found: 'no-revision'; readonly head: number }
  | { readonly found: 'yes'; readonly dataset: DatasetTable; readonly revision: number; readonly hash: string; readonly rows?: unknown[] };

/** The dataset `id` at `revision` (head when undefined) as `who` may see it; with its rows when `withRows`. */
export async function lookupDataset(store: Store, who: Principal, id: string, revision: number | undefined, withRows: boolean): Promise<DatasetLookup> {
  const dataset = await store.db.selectFrom('datasets').selectAll().where('id', '=', id).executeTakeFirst();
  if (!dataset || dataset.deleted_at !== null || !visibleTo(who, dataset)) return { found: 'none' };
  const n = revision ?? dataset.head;
  if (n < 1 || n > dataset.head) return { found: 'no-revision', head: dataset.head };
  const q = store.db.selectFrom('dataset_revisions').where('dataset_id', '=', id).where('revision', '=', n);
  if (withRows) {
    const row = await q.select(['hash', 'rows']).executeTakeFirst();
    if (!row) return { found: 'no-revision', head: dataset.head };
    return { found: 'yes', dataset, revision: n, hash: row.hash, rows: JSON.parse(row.rows) as unknown[] };
  }
  const row = await q.select(['hash']).executeTakeFirst();
  if (!row) return { found: 'no-revision', head: dataset.head };
  return { found: 'yes', dataset, revision: n, hash: row.hash };
}
