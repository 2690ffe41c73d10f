/**
 * Datasets in the store: a table of regions or projects for a jurisdiction and a year, every change a new
 * immutable revision. Each write is ONE store.atomically([...]) (a D1 batch / a SQLite transaction) with its
 * audit entry, so a failure or a crash at any statement leaves nothing of it.
 *
 * Two writers with the same If-Match: both insert revision n+1 into dataset_revisions, whose primary key is
 * (dataset_id, revision); the second batch fails as a whole (isUniqueViolation) and is answered 412. The
 * head is checked against If-Match before writing, so a revision is never skipped.
 *
 * The statements of each write are built by plan…() and run by the write function: the crash tests run the
 * very same statements with a crash between them (tests/store/datasets-crash.test.ts).
 */
import type { CompiledQuery } from 'kysely';
import { type Principal, visibleTo } from '../api/access/principal.js';
import { auditStatement } from './audit.js';
import type { DatasetRevisionTable, DatasetTable, Visibility } from './schema.js';
import { type Compilable, isUniqueViolation, newId, now, type Store, sha256Hex } from './store.js';
import { inUseGuard, isReferenceGuardFailure } from './references.js';

export type DatasetKind = 'regions' | 'projects';

/** What a revision holds besides its rows: the part of the content a planner writes. */
export interface DatasetMeta {
  readonly title: string;
  readonly jurisdiction: string;
  /** The data's vintage (the year the figures describe). */
  readonly year: number;
  /** The model whose vocabulary the rows use (indicator ids, categories), or null. */
  readonly model: string | null;
  /** Where the figures come from (统计年鉴, a notice …), or null. */
  readonly source: string | null;
}

/** One revision's content: what its hash covers. */
export interface DatasetContent extends DatasetMeta {
  readonly kind: DatasetKind;
  readonly rows: readonly unknown[];
}

/** A dataset at one revision, as the routes answer it. */
export interface DatasetView extends DatasetContent {
  readonly id: string;
  readonly revision: number;
  readonly head: number;
  readonly workspace: string;
  readonly visibility: Visibility;
  readonly rowCount: number;
  readonly hash: string;
  readonly createdAt: string;
  readonly createdBy: string | null;
  readonly updatedAt: string;
  readonly updatedBy: string | null;
}

/** A revision as listed (no rows). */
export interface RevisionSummary {
  readonly revision: number;
  readonly title: string;
  readonly jurisdiction: string;
  readonly year: number;
  readonly model: string | null;
  readonly source: string | null;
  readonly rowCount: number;
  readonly hash: string;
  readonly createdAt: string;
  readonly createdBy: string | null;
}

/** The largest table a dataset holds. */
export const MAX_DATASET_ROWS = 10_000;

/** JSON with object keys sorted, arrays in order: one text per content, whatever the key order it came in. */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return '[' + value.map((v) => (v === undefined ? 'null' : canonical(v))).join(',') + ']';
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonical(o[k])).join(',') + '}';
}

/** "sha256:<hex>" of the canonical content (kind, metadata and rows; not the visibility, which is access, not content). */
export async function datasetHash(content: DatasetContent): Promise<string> {
  const { kind, title, jurisdiction, year, model, source, rows } = content;
  return 'sha256:' + (await sha256Hex(canonical({ kind, title, jurisdiction, year, model, source, rows })));
}

const actorOf = (who: Principal) => (who.kind === 'key' ? who.id : 'anonymous');

function revisionRow(id: string, revision: number, content: DatasetContent, hash: string, at: string, by: string): DatasetRevisionTable {
  return {
    dataset_id: id,
    revision,
    title: content.title,
    jurisdiction: content.jurisdiction,
    year: content.year,
    model: content.model,
    source: content.source,
    rows: JSON.stringify(content.rows),
    row_count: content.rows.length,
    hash,
    created_at: at,
    created_by: by,
  };
}

/** A write's statements, its id, revision and hash: run by atomically (the crash tests run the same ones). */
export interface WritePlan {
  readonly id: string;
  readonly revision: number;
  readonly hash: string;
  readonly statements: readonly (Compilable | CompiledQuery)[];
}

/** The statements that create a dataset at revision 1 (dataset, revision, audit). */
export async function planCreate(store: Store, who: Principal, content: DatasetContent, visibility: Visibility): Promise<WritePlan> {
  if (who.kind !== 'key') throw new Error('planCreate: only a key writes');
  const id = newId('ds');
  const hash = await datasetHash(content);
  const at = now();
  const actor = actorOf(who);
  const dataset: DatasetTable = {
    id,
    workspace: who.workspace,
    visibility,
    kind: content.kind,
    head: 1,
    created_at: at,
    created_by: actor,
    deleted_at: null,
    deleted_by: null,
  };
  return {
    id,
    revision: 1,
    hash,
    statements: [
      store.db.insertInto('datasets').values(dataset),
      store.db.insertInto('dataset_revisions').values(revisionRow(id, 1, content, hash, at, actor)),
      auditStatement(store.db, {
        actor,
        workspace: who.workspace,
        action: 'create',
        resource: 'dataset',
        resourceId: id,
        revision: 1,
        hash,
        detail: { title: content.title, kind: content.kind, rows: content.rows.length, visibility },
      }),
    ],
  };
}

/**
 * The statements that make revision `expected + 1` the head: the revision (whose primary key makes a second
 * writer with the same If-Match fail as a whole), the head (and visibility), the audit entry.
 */
export async function planUpdate(
  store: Store,
  who: Principal,
  dataset: { id: string; workspace: string },
  expected: number,
  content: DatasetContent,
  visibility: Visibility,
): Promise<WritePlan> {
  const hash = await datasetHash(content);
  const at = now();
  const actor = actorOf(who);
  const revision = expected + 1;
  return {
    id: dataset.id,
    revision,
    hash,
    statements: [
      store.db.insertInto('dataset_revisions').values(revisionRow(dataset.id, revision, content, hash, at, actor)),
      store.db.updateTable('datasets').set({ head: revision, visibility }).where('id', '=', dataset.id).where('head', '=', expected),
      auditStatement(store.db, {
        actor,
        workspace: dataset.workspace,
        action: 'update',
        resource: 'dataset',
        resourceId: dataset.id,
        revision,
        hash,
        detail: { title: content.title, rows: content.rows.length, visibility },
      }),
    ],
  };
}

export async function createDataset(store: Store, who: Principal, content: DatasetContent, visibility: Visibility): Promise<WritePlan> {
  const plan = await planCreate(store, who, content, visibility);
  await store.atomically(plan.statements);
  return plan;
}

/**
 * Writes revision expected + 1, or answers `stale` when another writer got there first, or `in-use` when it
 * makes the dataset private while a public scenario or another workspace's names it (nothing written).
 */
export async function updateDataset(
  store: Store,
  who: Principal,
  dataset: { id: string; workspace: string },
  expected: number,
  content: DatasetContent,
  visibility: Visibility,
): Promise<WritePlan | 'stale' | 'in-use'> {
  const plan = await planUpdate(store, who, dataset, expected, content, visibility);
  // private: not while a saved scenario that others read names it (src/store/references.ts)
  const guard = visibility === 'private' ? [inUseGuard(store.db, 'dataset', dataset.id, dataset.workspace)] : [];
  try {
    await store.atomically([...guard, ...plan.statements]);
  } catch (err) {
    if (isUniqueViolation(err)) return 'stale';
    if (isReferenceGuardFailure(err)) return 'in-use';
    throw err;
  }
  return plan;
}

/**
 * Soft delete: deleted_at and deleted_by, with its audit entry, in one write; `in-use` (nothing written) while
 * the head revision of a saved scenario not deleted names the dataset (src/store/references.ts).
 */
export async function deleteDataset(store: Store, who: Principal, dataset: { id: string; workspace: string; head: number }): Promise<string | 'in-use'> {
  const at = now();
  const actor = actorOf(who);
  try {
    await store.atomically([
      inUseGuard(store.db, 'dataset', dataset.id),
      store.db.updateTable('datasets').set({ deleted_at: at, deleted_by: actor }).where('id', '=', dataset.id).where('deleted_at', 'is', null),
      auditStatement(store.db, {
        actor,
        workspace: dataset.workspace,
        action: 'delete',
        resource: 'dataset',
        resourceId: dataset.id,
        revision: dataset.head,
      }),
    ]);
  } catch (err) {
    if (isReferenceGuardFailure(err)) return 'in-use';
    throw err;
  }
  return at;
}

/** The dataset's row, deleted or not (the routes tell a deleted one apart). */
export function findDataset(store: Store, id: string): Promise<DatasetTable | undefined> {
  return store.db.selectFrom('datasets').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One revision of a dataset whose row is known, as answered. */
export async function viewOf(store: Store, dataset: DatasetTable, revision: number = dataset.head): Promise<DatasetView | undefined> {
  const r = await store.db
    .selectFrom('dataset_revisions')
    .selectAll()
    .where('dataset_id', '=', dataset.id)
    .where('revision', '=', revision)
    .executeTakeFirst();
  if (!r) return undefined;
  return {
    id: dataset.id,
    revision: r.revision,
    head: dataset.head,
    workspace: dataset.workspace,
    visibility: dataset.visibility,
    kind: dataset.kind,
    title: r.title,
    jurisdiction: r.jurisdiction,
    year: r.year,
    model: r.model,
    source: r.source,
    rows: JSON.parse(r.rows) as unknown[],
    rowCount: r.row_count,
    hash: r.hash,
    createdAt: dataset.created_at,
    createdBy: dataset.created_by,
    updatedAt: r.created_at,
    updatedBy: r.created_by,
  };
}

/** Every revision of a dataset, oldest first, without rows. */
export async function listRevisions(store: Store, id: string): Promise<RevisionSummary[]> {
  const rows = await store.db
    .selectFrom('dataset_revisions')
    .select(['revision', 'title', 'jurisdiction', 'year', 'model', 'source', 'row_count', 'hash', 'created_at', 'created_by'])
    .where('dataset_id', '=', id)
    .orderBy('revision', 'asc')
    .execute();
  return rows.map((r) => ({
    revision: r.revision,
    title: r.title,
    jurisdiction: r.jurisdiction,
    year: r.year,
    model: r.model,
    source: r.source,
    rowCount: r.row_count,
    hash: r.hash,
    createdAt: r.created_at,
    createdBy: r.created_by,
  }));
}

/** A dataset as listed: its head revision's metadata, no rows. */
export interface DatasetSummary extends RevisionSummary {
  readonly id: string;
  readonly kind: DatasetKind;
  readonly visibility: Visibility;
  readonly workspace: string;
  readonly head: number;
  /** When its head revision was written (createdAt: when the dataset was). */
  readonly updatedAt: string;
  readonly updatedBy: string | null;
}

/** The datasets `who` may see (public ones, their workspace's, every one for an admin), not deleted, newest first. */
export async function listDatasets(
  store: Store,
  who: Principal,
  filter: { kind?: DatasetKind; year?: number; page: number; pageSize: number },
): Promise<{ total: number; datasets: DatasetSummary[] }> {
  let q = store.db
    .selectFrom('datasets')
    .innerJoin('dataset_revisions', (j) =>
      j.onRef('dataset_revisions.dataset_id', '=', 'datasets.id').onRef('dataset_revisions.revision', '=', 'datasets.head'),
    )
    .where('datasets.deleted_at', 'is', null);
  if (who.kind !== 'key') q = q.where('datasets.visibility', '=', 'public');
  else if (who.scope !== 'admin') {
    const workspace = who.workspace;
    q = q.where((eb) => eb.or([eb('datasets.visibility', '=', 'public'), eb('datasets.workspace', '=', workspace)]));
  }
  if (filter.kind) q = q.where('datasets.kind', '=', filter.kind);
  if (filter.year !== undefined) q = q.where('dataset_revisions.year', '=', filter.year);
  const count = await q.select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .select([
      'datasets.id',
      'datasets.kind',
      'datasets.visibility',
      'datasets.workspace',
      'datasets.head',
      'datasets.created_at as dataset_created_at',
      'datasets.created_by as dataset_created_by',
      'dataset_revisions.revision',
      'dataset_revisions.title',
      'dataset_revisions.jurisdiction',
      'dataset_revisions.year',
      'dataset_revisions.model',
      'dataset_revisions.source',
      'dataset_revisions.row_count',
      'dataset_revisions.hash',
      'dataset_revisions.created_at',
      'dataset_revisions.created_by',
    ])
    .orderBy('datasets.created_at', 'desc')
    .orderBy('datasets.id', 'asc')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  return {
    total: Number(count.n),
    datasets: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      visibility: r.visibility,
      workspace: r.workspace,
      head: r.head,
      revision: r.revision,
      title: r.title,
      jurisdiction: r.jurisdiction,
      year: r.year,
      model: r.model,
      source: r.source,
      rowCount: r.row_count,
      hash: r.hash,
      createdAt: r.dataset_created_at,
      createdBy: r.dataset_created_by,
      updatedAt: r.created_at,
      updatedBy: r.created_by,
    })),
  };
}

/**
 * A dataset revision for a calculation that names it ({"dataset": id, "revision": n}): its rows as the
 * calculation routes take them, with the hash of the content. undefined when there is no such dataset or
 * revision, when it is deleted, or when the principal may not see it (private, another workspace).
 * `revision` omitted: the head.
 */
export async function readDatasetRevision(
  store: Store,
  principal: Principal,
  id: string,
  revision?: number,
): Promise<
  | { id: string; revision: number; kind: 'regions' | 'projects'; rows: unknown[]; hash: string; year: number; jurisdiction: string; model: string | null }
  | undefined
> {
  const dataset = await findDataset(store, id);
  if (!dataset || dataset.deleted_at !== null || !visibleTo(principal, dataset)) return undefined;
  if (revision !== undefined && (!Number.isSafeInteger(revision) || revision < 1 || revision > dataset.head)) return undefined;
  const view = await viewOf(store, dataset, revision ?? dataset.head);
  if (!view) return undefined;
  return {
    id: view.id,
    revision: view.revision,
    kind: view.kind,
    rows: view.rows as unknown[],
    hash: view.hash,
    year: view.year,
    jurisdiction: view.jurisdiction,
    model: view.model,
  };
}
