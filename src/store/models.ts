/**
 * Saved models: a province's own models of every kind (the same shapes as models/<kind>/*.json), kept in the
 * `models` table, one row per version. A model is versioned append-only: a save inserts version n + 1, never
 * changes a version; the primary key (kind, id, version) is what makes two savers with the same If-Match
 * collide (one inserts n + 1, the other's batch fails as a whole). A delete is soft (migrations/0005): every
 * version is marked, and stays readable by its pinned address so that saved answers re-run.
 * Built-in models (models/<kind>/) are not here: they are read-only, and src/api/models/ refuses their ids.
 */
import type { Kysely } from 'kysely';
import { auditStatement } from './audit.js';
import type { Database, ModelTable, Visibility } from './schema.js';
import { now, type Store } from './store.js';

export type SavedModelRow = ModelTable;

/** The newest version of a saved model (deleted or not), or undefined when the id was never saved. */
export async function latestModel(db: Kysely<Database>, kind: string, id: string): Promise<SavedModelRow | undefined> {
  return db.selectFrom('models').selectAll().where('kind', '=', kind).where('id', '=', id).orderBy('version', 'desc').limit(1).executeTakeFirst();
}

/** One version of a saved model, or undefined. */
export async function modelVersion(db: Kysely<Database>, kind: string, id: string, version: number): Promise<SavedModelRow | undefined> {
  return db.selectFrom('models').selectAll().where('kind', '=', kind).where('id', '=', id).where('version', '=', version).executeTakeFirst();
}

/** Every version of a saved model, oldest first, without their bodies. */
export async function modelVersions(db: Kysely<Database>, kind: string, id: string): Promise<Omit<SavedModelRow, 'body'>[]> {
  return db
    .selectFrom('models')
    .select(['kind', 'id', 'version', 'workspace', 'visibility', 'hash', 'created_at', 'created_by', 'deleted_at', 'deleted_by'])
    .where('kind', '=', kind)
    .where('id', '=', id)
    .orderBy('version', 'asc')
    .execute();
}

/** The newest version of every saved model that is not deleted, of one kind or of all, by kind and id. */
export async function latestModels(db: Kysely<Database>, kind?: string): Promise<SavedModelRow[]> {
  let q = db
    .selectFrom('models as m')
    .selectAll('m')
    .where('m.deleted_at', 'is', null)
    .where(({ eb, selectFrom }) =>
      eb(
        'm.version',
        '=',
        selectFrom('models as n')
          .select(({ fn }) => fn.max('n.version').as('v'))
          .whereRef('n.kind', '=', 'm.kind')
          .whereRef('n.id', '=', 'm.id'),
      ),
    );
  if (kind !== undefined) q = q.where('m.kind', '=', kind);
  return q.orderBy('m.kind').orderBy('m.id').execute();
}

export interface NewModelVersion {
  readonly kind: string;
  readonly id: string;
  readonly version: number;
  readonly workspace: string;
  readonly visibility: Visibility;
  /** The model as stored (canonical JSON text). */
  readonly body: string;
  /** Its hash, as provenance writes a model's ("sha256:…"). */
  readonly hash: string;
  /** Who saves: the key's id. */
  readonly actor: string;
}

/**
 * Saves one version and its audit entry as one write. Rejects with the engine's unique-key error when another
 * writer inserted that version first (isUniqueViolation: answer 412). A version after earlier ones keeps the
 * model's visibility on all of them (visibility is who may read the model, not part of its content).
 */
export async function saveModelVersion(store: Store, v: NewModelVersion): Promise<SavedModelRow> {
  const row: SavedModelRow = {
    kind: v.kind,
    id: v.id,
    version: v.version,
    workspace: v.workspace,
    visibility: v.visibility,
    body: v.body,
    hash: v.hash,
    created_at: now(),
    created_by: v.actor,
    deleted_at: null,
    deleted_by: null,
  };
  const statements = [store.db.insertInto('models').values(row)];
  if (v.version > 1) {
    statements.push(
      store.db
        .updateTable('models')
        .set({ visibility: v.visibility })
        .where('kind', '=', v.kind)
        .where('id', '=', v.id)
        .where('version', '<', v.version) as never,
    );
  }
  await store.atomically([
    ...statements,
    auditStatement(store.db, {
      actor: v.actor,
      workspace: v.workspace,
      action: v.version === 1 ? 'create' : 'update',
      resource: 'model',
      resourceId: `${v.kind}/${v.id}`,
      revision: v.version,
      hash: v.hash,
      detail: { kind: v.kind, id: v.id, visibility: v.visibility },
    }),
  ]);
  return row;
}

/** Marks every version of a model deleted, with its audit entry, as one write. */
export async function deleteModel(
  store: Store,
  m: { kind: string; id: string; version: number; workspace: string; hash: string; actor: string },
): Promise<string> {
  const at = now();
  await store.atomically([
    store.db
      .updateTable('models')
      .set({ deleted_at: at, deleted_by: m.actor })
      .where('kind', '=', m.kind)
      .where('id', '=', m.id)
      .where('deleted_at', 'is', null),
    auditStatement(store.db, {
      actor: m.actor,
      workspace: m.workspace,
      action: 'delete',
      resource: 'model',
      resourceId: `${m.kind}/${m.id}`,
      revision: m.version,
      hash: m.hash,
      detail: { kind: m.kind, id: m.id },
    }),
  ]);
  return at;
}
