/**
 * A dataset revision's number and hash as a reference names it (the rows themselves are read by
 * src/store/datasets.ts readDatasetRevision). The same rules (deleted or not visible = missing), split so that
 * a caller can tell "no such dataset" from "no such revision", and so that pinning and the cache key, which
 * need only the revision's number and hash, do not read and parse the rows.
 */
import type { Principal } from '../access/principal.js';
import { visibleTo } from '../access/principal.js';
import type { DatasetTable } from '../../store/schema.js';
import type { Store } from '../../store/store.js';

export type DatasetLookup =
  | { readonly found: 'none' }
  | { readonly found: 'no-revision'; readonly head: number }
  | { readonly found: 'yes'; readonly dataset: DatasetTable; readonly revision: number; readonly hash: string };

/** The dataset `id` at `revision` (head when undefined) as `who` may see it: its row, the revision and its hash. */
export async function lookupDataset(store: Store, who: Principal, id: string, revision: number | undefined): Promise<DatasetLookup> {
  const dataset = await store.db.selectFrom('datasets').selectAll().where('id', '=', id).executeTakeFirst();
  if (!dataset || dataset.deleted_at !== null || !visibleTo(who, dataset)) return { found: 'none' };
  const n = revision ?? dataset.head;
  if (n < 1 || n > dataset.head) return { found: 'no-revision', head: dataset.head };
  const row = await store.db.selectFrom('dataset_revisions').select(['hash']).where('dataset_id', '=', id).where('revision', '=', n).executeTakeFirst();
  if (!row) return { found: 'no-revision', head: dataset.head };
  return { found: 'yes', dataset, revision: n, hash: row.hash };
}
