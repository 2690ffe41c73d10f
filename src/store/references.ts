/**
 * What saved scenarios refer to (migrations/0006_scenario_references.sql), so that a saved scenario keeps
 * re-running: a dataset (or a scenario used for lastYear) that the head revision of a live scenario names may
 * not be deleted, nor made private while a public scenario or another workspace's scenario names it.
 *
 * Both sides are single atomic writes, and each carries a guard evaluated inside its own batch, so a check
 * made before the write cannot be outrun by a concurrent write on the other side:
 * - the scenario's write inserts one row per reference whose target_revision is a sub-select of the target
 *   (not deleted, visible to the scenario's readers): NULL when it is not, and the NOT NULL column fails
 *   the whole batch (referenceInserts);
 * - the target's delete (or change to private) starts with an UPDATE that sets the target's NOT NULL
 *   `head` to NULL where a live scenario's head revision names it, which fails the whole batch (inUseGuard).
 * D1 runs one batch at a time per database and SQLite one transaction at a time, so whichever commits
 * second sees the first one's rows.
 */
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { Database, Visibility } from './schema.js';
import type { Compilable, Store } from './store.js';

export type TargetKind = 'dataset' | 'scenario';

/** One reference of a saved request: where, what, which revision (pinned when the scenario was saved). */
export interface SavedReference {
  readonly pointer: string;
  readonly kind: TargetKind;
  readonly id: string;
  readonly revision: number;
}

/** Who will read the scenario: its visibility and workspace; an admin may name what its workspace cannot see. */
export interface Readers {
  readonly visibility: Visibility;
  readonly workspace: string;
  readonly admin: boolean;
}

const TABLE = { dataset: 'datasets', scenario: 'scenarios' } as const;

/**
 * The rows of a scenario revision's references, each guarded: its target_revision is selected from the
 * target, which must be live and visible to the scenario's readers (public for a public scenario; public
 * or of its workspace for a private one, unless an admin saves it), else NULL fails the batch.
 */
export function referenceInserts(
  db: Kysely<Database>,
  scenarioId: string,
  revision: number,
  refs: readonly SavedReference[],
  readers: Readers,
): Compilable[] {
  return refs.map((ref) =>
    db.insertInto('scenario_references').values({
      scenario_id: scenarioId,
      revision,
      pointer: ref.pointer,
      target_kind: ref.kind,
      target_id: ref.id,
      target_revision: (eb) => {
        let q = eb.selectFrom(TABLE[ref.kind]).select(sql<number>`${ref.revision}`.as('pinned')).where('id', '=', ref.id).where('deleted_at', 'is', null);
        if (readers.visibility === 'public') q = q.where('visibility', '=', 'public');
        else if (!readers.admin) q = q.where((w) => w.or([w('visibility', '=', 'public'), w('workspace', '=', readers.workspace)]));
        return q.limit(1);
      },
    }),
  );
}

/** Did a write fail on a reference guard (the target went away, or a scenario started naming it, meanwhile)? */
export function isReferenceGuardFailure(err: unknown): boolean {
  const text = err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? '')}` : String(err);
  return /NOT NULL constraint failed: (scenario_references\.target_revision|datasets\.head|scenarios\.head)/.test(text);
}

/**
 * The condition "a live scenario's head revision names this target" (any scenario: `outside` unset), or only
 * those that would break if the target became private (`outside`: the target's workspace; public scenarios
 * and scenarios of other workspaces).
 */
function namedBy(db: Kysely<Database>, kind: TargetKind, id: string, outside?: string) {
  let q = db
    .selectFrom('scenario_references as ref')
    .innerJoin('scenarios as user', (j) => j.onRef('user.id', '=', 'ref.scenario_id').onRef('user.head', '=', 'ref.revision'))
    .where('ref.target_kind', '=', kind)
    .where('ref.target_id', '=', id)
    .where('user.deleted_at', 'is', null);
  if (outside !== undefined) q = q.where((w) => w.or([w('user.visibility', '=', 'public'), w('user.workspace', '!=', outside)]));
  return q;
}

/**
 * The first statement of a delete (or of a change to private: `outside` = the target's workspace): fails the
 * batch (NOT NULL on head) when a live scenario names the target, so nothing of the write is kept.
 */
export function inUseGuard(db: Kysely<Database>, kind: TargetKind, id: string, outside?: string): Compilable {
  const used = namedBy(db, kind, id, outside).select(sql<number>`1`.as('one'));
  const table = TABLE[kind];
  return db
    .updateTable(table)
    .set({ head: sql<number>`NULL` })
    .where('id', '=', id)
    .where((eb) => eb.exists(used) as Expression<SqlBool>);
}

/** A scenario that names a target: its id, head title, visibility and workspace (to tell the caller only what it may see). */
export interface ScenarioUser {
  readonly id: string;
  readonly title: string;
  readonly visibility: Visibility;
  readonly workspace: string;
}

/** The live scenarios whose head revision names the target (or, with `outside`, those that would break if it became private). */
export async function scenariosNaming(store: Store, kind: TargetKind, id: string, outside?: string): Promise<ScenarioUser[]> {
  const rows = await namedBy(store.db, kind, id, outside)
    .innerJoin('scenario_revisions as rev', (j) => j.onRef('rev.scenario_id', '=', 'user.id').onRef('rev.revision', '=', 'user.head'))
    .select(['user.id', 'rev.title', 'user.visibility', 'user.workspace'])
    .distinct()
    .orderBy('user.id')
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, visibility: r.visibility, workspace: r.workspace }));
}
