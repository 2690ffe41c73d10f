/**
 * Saved scenarios: one calculation request (route, query, body with its references pinned) per revision,
 * immutable; `scenarios.head` is the newest. A write is one store.atomically batch with its audit row. Two
 * writers with the same If-Match both try to insert revision n + 1: the primary key lets one through and the
 * other's batch fails as a whole (isUniqueViolation → 412), and the head moves only with `head = n` held.
 */
import { auditStatement } from './audit.js';
import type { ScenarioTable, Visibility } from './schema.js';
import { newId, now, sha256Hex, type Store } from './store.js';
import { inUseGuard, referenceInserts, type SavedReference } from './references.js';
import { canonicalJson } from '../api/provenance.js';

/** The model a scenario was saved with, as its answer's provenance named it. */
export interface ModelPin {
  readonly id: string;
  readonly version: string;
  readonly hash: string;
}

/** What a revision holds. */
export interface ScenarioContent {
  readonly title: string;
  readonly route: string;
  readonly query: Record<string, string>;
  readonly request: unknown;
  readonly model: ModelPin | null;
}

export interface ScenarioRevision extends ScenarioContent {
  readonly id: string;
  readonly revision: number;
  readonly head: number;
  readonly workspace: string;
  readonly visibility: Visibility;
  readonly hash: string;
  readonly createdAt: string;
  readonly createdBy: string | null;
  readonly updatedAt: string;
  readonly updatedBy: string | null;
}

/** The content's hash: SHA-256 of its canonical JSON (what the audit trail records). */
export async function scenarioHash(content: ScenarioContent): Promise<string> {
  return `sha256:${await sha256Hex(canonicalJson({ title: content.title, route: content.route, query: content.query, request: content.request, model: content.model }))}`;
}

/** The scenario's row (deleted or not), or undefined. */
export function findScenario(store: Store, id: string): Promise<ScenarioTable | undefined> {
  return store.db.selectFrom('scenarios').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One revision of a scenario (head by default), or undefined when there is no such revision. */
export async function scenarioRevision(store: Store, scenario: ScenarioTable, revision: number = scenario.head): Promise<ScenarioRevision | undefined> {
  const row = await store.db
    .selectFrom('scenario_revisions')
    .selectAll()
    .where('scenario_id', '=', scenario.id)
    .where('revision', '=', revision)
    .executeTakeFirst();
  if (!row) return undefined;
  const head =
    revision === scenario.head
      ? row
      : await store.db
          .selectFrom('scenario_revisions')
          .select(['created_at', 'created_by'])
          .where('scenario_id', '=', scenario.id)
          .where('revision', '=', scenario.head)
          .executeTakeFirst();
  return {
    id: scenario.id,
    revision: row.revision,
    head: scenario.head,
    workspace: scenario.workspace,
    visibility: scenario.visibility,
    title: row.title,
    route: row.route,
    query: JSON.parse(row.query) as Record<string, string>,
    request: JSON.parse(row.request) as unknown,
    model: row.model ? (JSON.parse(row.model) as ModelPin) : null,
    hash: row.hash,
    createdAt: scenario.created_at,
    createdBy: scenario.created_by,
    updatedAt: head?.created_at ?? row.created_at,
    updatedBy: head?.created_by ?? row.created_by,
  };
}

export interface ScenarioSummary {
  readonly id: string;
  readonly revision: number;
  readonly title: string;
  readonly route: string;
  readonly visibility: Visibility;
  readonly workspace: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The scenarios a caller may see (public ones, its workspace's private ones; an admin sees all), newest first. */
export async function listScenarios(
  store: Store,
  filter: { workspace: string | null; admin: boolean; route?: string; page?: number; pageSize?: number },
): Promise<{ scenarios: ScenarioSummary[]; total: number }> {
  let q = store.db
    .selectFrom('scenarios as s')
    .innerJoin('scenario_revisions as r', (j) => j.onRef('r.scenario_id', '=', 's.id').onRef('r.revision', '=', 's.head'))
    .where('s.deleted_at', 'is', null);
  if (!filter.admin) {
    const workspace = filter.workspace;
    q =
      workspace === null
        ? q.where('s.visibility', '=', 'public')
        : q.where((eb) => eb.or([eb('s.visibility', '=', 'public'), eb('s.workspace', '=', workspace)]));
  }
  if (filter.route !== undefined) q = q.where('r.route', '=', filter.route);
  const pageSize = filter.pageSize ?? 50;
  const page = filter.page ?? 1;
  const counted = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const rows = await q
    .select(['s.id', 's.head', 's.visibility', 's.workspace', 's.created_at as made', 'r.title', 'r.route', 'r.created_at'])
    .orderBy('r.created_at', 'desc')
    .orderBy('s.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return {
    total: Number(counted?.n ?? 0),
    scenarios: rows.map((r) => ({
      id: r.id,
      revision: r.head,
      title: r.title,
      route: r.route,
      visibility: r.visibility,
      workspace: r.workspace,
      createdAt: r.made,
      updatedAt: r.created_at,
    })),
  };
}

function revisionInsert(store: Store, id: string, revision: number, content: ScenarioContent, hash: string, at: string, actor: string) {
  return store.db.insertInto('scenario_revisions').values({
    scenario_id: id,
    revision,
    title: content.title,
    route: content.route,
    query: JSON.stringify(content.query),
    request: JSON.stringify(content.request),
    model: content.model ? JSON.stringify(content.model) : null,
    hash,
    created_at: at,
    created_by: actor,
  });
}

/** Saves a new scenario at revision 1, audited in the same batch; its id. */
export async function createScenario(
  store: Store,
  who: { actor: string; workspace: string },
  content: ScenarioContent,
  visibility: Visibility,
  references: { readonly list: readonly SavedReference[]; readonly admin: boolean } = { list: [], admin: false },
): Promise<{ id: string; hash: string }> {
  const id = newId('sc');
  const at = now();
  const hash = await scenarioHash(content);
  await store.atomically([
    store.db
      .insertInto('scenarios')
      .values({ id, workspace: who.workspace, visibility, head: 1, created_at: at, created_by: who.actor, deleted_at: null, deleted_by: null }),
    revisionInsert(store, id, 1, content, hash, at, who.actor),
    // what it names, each row guarded: a dataset deleted meanwhile fails this whole batch (src/store/references.ts)
    ...referenceInserts(store.db, id, 1, references.list, { visibility, workspace: who.workspace, admin: references.admin }),
    auditStatement(store.db, {
      actor: who.actor,
      workspace: who.workspace,
      action: 'create',
      resource: 'scenario',
      resourceId: id,
      revision: 1,
      hash,
      detail: { title: content.title, route: content.route, visibility },
    }),
  ]);
  return { id, hash };
}

/**
 * Saves revision `expected + 1` of a scenario whose head the caller read as `expected`. Rejects with the
 * engine's unique violation when another writer saved that revision first (nothing of this write is kept).
 */
export async function updateScenario(
  store: Store,
  who: { actor: string; workspace: string | null },
  scenario: ScenarioTable,
  expected: number,
  content: ScenarioContent,
  visibility: Visibility,
  references: { readonly list: readonly SavedReference[]; readonly admin: boolean } = { list: [], admin: false },
): Promise<{ revision: number; hash: string }> {
  const revision = expected + 1;
  const at = now();
  const hash = await scenarioHash(content);
  await store.atomically([
    // made private: not while a public scenario or another workspace's takes last year's amounts from it
    ...(visibility === 'private' ? [inUseGuard(store.db, 'scenario', scenario.id, scenario.workspace)] : []),
    revisionInsert(store, scenario.id, revision, content, hash, at, who.actor),
    ...referenceInserts(store.db, scenario.id, revision, references.list, { visibility, workspace: scenario.workspace, admin: references.admin }),
    store.db.updateTable('scenarios').set({ head: revision, visibility }).where('id', '=', scenario.id).where('head', '=', expected),
    auditStatement(store.db, {
      actor: who.actor,
      workspace: scenario.workspace,
      action: 'update',
      resource: 'scenario',
      resourceId: scenario.id,
      revision,
      hash,
      detail: { title: content.title, route: content.route, visibility },
    }),
  ]);
  return { revision, hash };
}

/**
 * Marks a scenario deleted (its revisions stay, for the audit trail), audited in the same batch; refused
 * (isReferenceGuardFailure) while a live scenario takes last year's amounts from it.
 */
export async function deleteScenario(store: Store, who: { actor: string }, scenario: ScenarioTable): Promise<void> {
  const at = now();
  await store.atomically([
    inUseGuard(store.db, 'scenario', scenario.id),
    store.db.updateTable('scenarios').set({ deleted_at: at, deleted_by: who.actor }).where('id', '=', scenario.id).where('deleted_at', 'is', null),
    auditStatement(store.db, {
      actor: who.actor,
      workspace: scenario.workspace,
      action: 'delete',
      resource: 'scenario',
      resourceId: scenario.id,
      revision: scenario.head,
    }),
  ]);
}
