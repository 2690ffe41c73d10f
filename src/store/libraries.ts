/**
 * Project libraries in the store (项目库, issue 15): a county's projects, every change a new immutable
 * revision holding the whole project list (migrations/0009_libraries.sql). Each write is ONE
 * store.atomically([...]) (a D1 batch / a SQLite transaction) with its audit entries, so a failure or a crash
 * at any statement leaves nothing of it.
 *
 * Two kinds of write:
 * - library-level (PUT, delete): If-Match must be the head, as for datasets; a lost race (the primary key of
 *   library_revisions refuses a second revision n+1) is answered `stale` (412).
 * - project-level (PATCH of a project, decisions, adding projects): If-Match "n" is accepted when n ≤ head and
 *   every project the write touches has changedIn ≤ n; writes to other projects since n are no conflict, the
 *   change lands on the newest head. A lost race is retried on the new head, re-checking the rule
 *   (writeProjects, bounded; never a 5xx).
 *
 * The statements of each write are built by plan…() and run by the write function.
 */
import type { CompiledQuery } from 'kysely';
import type { Issue } from '../core/errors.js';
import { type Principal, visibleTo } from '../api/access/principal.js';
import type { StoredProject } from '../schema/projects.js';
import { type AuditEntry, auditStatement } from './audit.js';
import { canonical } from './datasets.js';
import type { LibraryRevisionTable, LibraryTable, Visibility } from './schema.js';
import { type Compilable, isUniqueViolation, newId, now, type Store, sha256Hex } from './store.js';

/** What a revision holds besides its projects. */
export interface LibraryMeta {
  readonly name: string;
  readonly county: string;
  /** The unit of every amount in it. */
  readonly unit: 'wan' | 'yuan';
  /** The project-rules model (models/projects/<id>.json). */
  readonly model: string;
}

/** One revision's content: what its hash covers. */
export interface LibraryContent extends LibraryMeta {
  readonly projects: readonly StoredProject[];
}

/** A library at one revision, as the routes (and the checks and matching) read it. */
export interface LibraryView {
  readonly id: string;
  readonly revision: number;
  readonly head: number;
  readonly workspace: string;
  readonly visibility: Visibility;
  readonly name: string;
  readonly county: string;
  readonly unit: 'wan' | 'yuan';
  readonly model: string;
  readonly projects: StoredProject[];
  readonly hash: string;
  readonly createdAt: string;
  readonly createdBy: string | null;
  readonly updatedAt: string;
  readonly updatedBy: string | null;
}

/** A revision as listed (no projects). */
export interface LibraryRevisionSummary {
  readonly revision: number;
  readonly name: string;
  readonly county: string;
  readonly unit: 'wan' | 'yuan';
  readonly model: string;
  readonly projectCount: number;
  readonly hash: string;
  readonly createdAt: string;
  readonly createdBy: string | null;
}

/** A library as listed: its head revision's metadata, no projects. */
export interface LibrarySummary extends LibraryRevisionSummary {
  readonly id: string;
  readonly visibility: Visibility;
  readonly workspace: string;
  readonly head: number;
  readonly updatedAt: string;
  readonly updatedBy: string | null;
}

/**
 * The most bytes (UTF-8) a revision's project list may take: D1 keeps at most 2,000,000 bytes in a row, and the
 * row holds the metadata too. A write above it is refused (library-too-large), never sent to the database.
 */
export const MAX_LIBRARY_BYTES = 1_900_000;

/** The UTF-8 bytes of the project list as stored. */
export function projectsBytes(projects: readonly StoredProject[]): number {
  return new TextEncoder().encode(JSON.stringify(projects)).length;
}

/** "sha256:<hex>" of the canonical content (metadata and projects; not the visibility, which is access, not content). */
export async function libraryHash(content: LibraryContent): Promise<string> {
  const { name, county, unit, model, projects } = content;
  return 'sha256:' + (await sha256Hex(canonical({ name, county, unit, model, projects })));
}

const actorOf = (who: Principal) => (who.kind === 'key' ? who.id : 'anonymous');

function revisionRow(id: string, revision: number, content: LibraryContent, hash: string, at: string, by: string): LibraryRevisionTable {
  return {
    library_id: id,
    revision,
    name: content.name,
    county: content.county,
    unit: content.unit,
    model: content.model,
    projects: JSON.stringify(content.projects),
    project_count: content.projects.length,
    hash,
    created_at: at,
    created_by: by,
  };
}

/** A write's statements, its id, revision and hash. */
export interface LibraryWritePlan {
  readonly id: string;
  readonly revision: number;
  readonly hash: string;
  readonly statements: readonly (Compilable | CompiledQuery)[];
}

/** What an audit entry of a library write says besides who, when and which revision. */
export interface LibraryAudit {
  readonly action: string;
  readonly detail: Record<string, unknown>;
}

/** The statements that create a library at revision 1 (library, revision, audit). */
export async function planCreateLibrary(store: Store, who: Principal, content: LibraryContent, visibility: Visibility): Promise<LibraryWritePlan> {
  if (who.kind !== 'key') throw new Error('planCreateLibrary: only a key writes');
  const id = newId('lib');
  const hash = await libraryHash(content);
  const at = now();
  const actor = actorOf(who);
  const library: LibraryTable = {
    id,
    workspace: who.workspace,
    visibility,
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
      store.db.insertInto('libraries').values(library),
      store.db.insertInto('library_revisions').values(revisionRow(id, 1, content, hash, at, actor)),
      auditStatement(store.db, {
        actor,
        workspace: who.workspace,
        action: 'create',
        resource: 'library',
        resourceId: id,
        revision: 1,
        hash,
        detail: { name: content.name, county: content.county, projects: content.projects.length, visibility },
      }),
    ],
  };
}

/**
 * The statements that make revision `expected + 1` the head: the revision (whose primary key makes a second
 * writer of the same revision fail as a whole), the head (and visibility), one audit entry per `audits`.
 */
export async function planLibraryRevision(
  store: Store,
  who: Principal,
  library: { id: string; workspace: string },
  expected: number,
  content: LibraryContent,
  visibility: Visibility,
  audits: readonly LibraryAudit[],
): Promise<LibraryWritePlan> {
  const hash = await libraryHash(content);
  const at = now();
  const actor = actorOf(who);
  const revision = expected + 1;
  const entry = (a: LibraryAudit): AuditEntry => ({
    actor,
    workspace: library.workspace,
    action: a.action,
    resource: 'library',
    resourceId: library.id,
    revision,
    hash,
    detail: a.detail,
  });
  return {
    id: library.id,
    revision,
    hash,
    statements: [
      store.db.insertInto('library_revisions').values(revisionRow(library.id, revision, content, hash, at, actor)),
      store.db.updateTable('libraries').set({ head: revision, visibility }).where('id', '=', library.id).where('head', '=', expected),
      ...audits.map((a) => auditStatement(store.db, entry(a))),
    ],
  };
}

export async function createLibrary(store: Store, who: Principal, content: LibraryContent, visibility: Visibility): Promise<LibraryWritePlan> {
  const plan = await planCreateLibrary(store, who, content, visibility);
  await store.atomically(plan.statements);
  return plan;
}

/** Writes revision expected + 1 (a whole replacement, PUT), or answers `stale` when another writer got there first. */
export async function updateLibrary(
  store: Store,
  who: Principal,
  library: { id: string; workspace: string },
  expected: number,
  content: LibraryContent,
  visibility: Visibility,
  audits: readonly LibraryAudit[],
): Promise<LibraryWritePlan | 'stale'> {
  const plan = await planLibraryRevision(store, who, library, expected, content, visibility, audits);
  try {
    await store.atomically(plan.statements);
  } catch (err) {
    if (isUniqueViolation(err)) return 'stale';
    throw err;
  }
  return plan;
}

/** What a project-level change makes of the head it is given. */
export type ProjectChange =
  /** refused: nothing written (422) */
  | { readonly issues: Issue[] }
  /** the new project list; `touched`: the ids of the head's projects it changes (the per-project rule) */
  | { readonly projects: readonly StoredProject[]; readonly touched: readonly string[]; readonly audits: readonly LibraryAudit[] };

/** The outcome of writeProjects. */
export type ProjectWrite =
  | { readonly written: LibraryWritePlan }
  | { readonly issues: Issue[] }
  /** If-Match newer than the head: 412 with the head */
  | { readonly stale: 'library'; readonly head: number }
  /** a touched project changed after If-Match: 412 naming it and its ETag */
  | { readonly stale: 'project'; readonly head: number; readonly project: string; readonly changedIn: number }
  | { readonly gone: true };

/** How often a project-level write is tried again on a new head after losing a race. */
export const PROJECT_WRITE_ATTEMPTS = 64;

/**
 * A project-level write (PATCH of one project, decisions, added projects) with the per-project rule: `ifMatch`
 * (undefined: no If-Match needed, e.g. adding projects, whose ids must be new) is accepted when it is at most the
 * head and every project `change` touches has changedIn ≤ ifMatch. `change` gets the head and the revision it
 * would write (to set changedIn) and is run again on the new head after a lost race (bounded by
 * PROJECT_WRITE_ATTEMPTS; then the head's 412, never a 5xx).
 */
export async function writeProjects(
  store: Store,
  who: Principal,
  id: string,
  ifMatch: number | undefined,
  change: (head: LibraryView, revision: number) => ProjectChange | Promise<ProjectChange>,
): Promise<ProjectWrite> {
  let head = 0;
  for (let attempt = 0; attempt < PROJECT_WRITE_ATTEMPTS; attempt++) {
    const library = await findLibrary(store, id);
    if (!library || library.deleted_at !== null) return { gone: true };
    head = library.head;
    if (ifMatch !== undefined && ifMatch > head) return { stale: 'library', head };
    const view = await libraryView(store, library);
    if (!view) return { gone: true };
    const made = await change(view, head + 1);
    if ('issues' in made) return { issues: made.issues };
    if (ifMatch !== undefined) {
      for (const pid of made.touched) {
        const p = view.projects.find((x) => x.id === pid);
        if (p && p.changedIn > ifMatch) return { stale: 'project', head, project: pid, changedIn: p.changedIn };
      }
    }
    const content: LibraryContent = { name: view.name, county: view.county, unit: view.unit, model: view.model, projects: made.projects };
    const plan = await planLibraryRevision(store, who, library, head, content, library.visibility, made.audits);
    try {
      await store.atomically(plan.statements);
      return { written: plan };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // lost the race for revision head + 1: try again on the new head, after a short, random pause
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 5 * Math.min(attempt + 1, 8))));
    }
  }
  return { stale: 'library', head };
}

/** Soft delete: deleted_at and deleted_by, with its audit entry, in one write. */
export async function deleteLibrary(store: Store, who: Principal, library: { id: string; workspace: string; head: number }): Promise<string> {
  const at = now();
  const actor = actorOf(who);
  const hash = (
    await store.db.selectFrom('library_revisions').select('hash').where('library_id', '=', library.id).where('revision', '=', library.head).executeTakeFirst()
  )?.hash;
  await store.atomically([
    store.db.updateTable('libraries').set({ deleted_at: at, deleted_by: actor }).where('id', '=', library.id).where('deleted_at', 'is', null),
    auditStatement(store.db, {
      actor,
      workspace: library.workspace,
      action: 'delete',
      resource: 'library',
      resourceId: library.id,
      revision: library.head,
      hash: hash ?? null,
    }),
  ]);
  return at;
}

/** The library's row, deleted or not (the routes tell a deleted one apart). */
export function findLibrary(store: Store, id: string): Promise<LibraryTable | undefined> {
  return store.db.selectFrom('libraries').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One revision of a library whose row is known (head by default), as answered; undefined when there is no such revision. */
export async function libraryView(store: Store, library: LibraryTable, revision: number = library.head): Promise<LibraryView | undefined> {
  const r = await store.db
    .selectFrom('library_revisions')
    .selectAll()
    .where('library_id', '=', library.id)
    .where('revision', '=', revision)
    .executeTakeFirst();
  if (!r) return undefined;
  return {
    id: library.id,
    revision: r.revision,
    head: library.head,
    workspace: library.workspace,
    visibility: library.visibility,
    name: r.name,
    county: r.county,
    unit: r.unit,
    model: r.model,
    projects: JSON.parse(r.projects) as StoredProject[],
    hash: r.hash,
    createdAt: library.created_at,
    createdBy: library.created_by,
    updatedAt: r.created_at,
    updatedBy: r.created_by,
  };
}

/**
 * A library revision as `who` may read it (head when `revision` is undefined): undefined when there is no such
 * library, it is deleted or private to another workspace (`library`), or it has no such revision (`revision`).
 */
export async function readLibrary(
  store: Store,
  who: Principal,
  id: string,
  revision?: number,
): Promise<{ view: LibraryView } | { missing: 'library' } | { missing: 'revision'; head: number }> {
  const library = await findLibrary(store, id);
  if (!library || library.deleted_at !== null || !visibleTo(who, library)) return { missing: 'library' };
  if (revision !== undefined && (!Number.isSafeInteger(revision) || revision < 1 || revision > library.head))
    return { missing: 'revision', head: library.head };
  const view = await libraryView(store, library, revision ?? library.head);
  return view ? { view } : { missing: 'revision', head: library.head };
}

/** Every revision of a library, oldest first, without projects. */
export async function listLibraryRevisions(store: Store, id: string): Promise<LibraryRevisionSummary[]> {
  const rows = await store.db
    .selectFrom('library_revisions')
    .select(['revision', 'name', 'county', 'unit', 'model', 'project_count', 'hash', 'created_at', 'created_by'])
    .where('library_id', '=', id)
    .orderBy('revision', 'asc')
    .execute();
  return rows.map((r) => ({
    revision: r.revision,
    name: r.name,
    county: r.county,
    unit: r.unit,
    model: r.model,
    projectCount: r.project_count,
    hash: r.hash,
    createdAt: r.created_at,
    createdBy: r.created_by,
  }));
}

/** The libraries `who` may see (public ones, their workspace's, every one for an admin), not deleted, newest first. */
export async function listLibraries(
  store: Store,
  who: Principal,
  filter: { county?: string; page: number; pageSize: number },
): Promise<{ total: number; libraries: LibrarySummary[] }> {
  let q = store.db
    .selectFrom('libraries')
    .innerJoin('library_revisions', (j) =>
      j.onRef('library_revisions.library_id', '=', 'libraries.id').onRef('library_revisions.revision', '=', 'libraries.head'),
    )
    .where('libraries.deleted_at', 'is', null);
  if (who.kind !== 'key') q = q.where('libraries.visibility', '=', 'public');
  else if (who.scope !== 'admin') {
    const workspace = who.workspace;
    q = q.where((eb) => eb.or([eb('libraries.visibility', '=', 'public'), eb('libraries.workspace', '=', workspace)]));
  }
  if (filter.county !== undefined) q = q.where('library_revisions.county', '=', filter.county);
  const count = await q.select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .select([
      'libraries.id',
      'libraries.visibility',
      'libraries.workspace',
      'libraries.head',
      'libraries.created_at as library_created_at',
      'libraries.created_by as library_created_by',
      'library_revisions.revision',
      'library_revisions.name',
      'library_revisions.county',
      'library_revisions.unit',
      'library_revisions.model',
      'library_revisions.project_count',
      'library_revisions.hash',
      'library_revisions.created_at',
      'library_revisions.created_by',
    ])
    .orderBy('libraries.created_at', 'desc')
    .orderBy('libraries.id', 'asc')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  return {
    total: Number(count.n),
    libraries: rows.map((r) => ({
      id: r.id,
      visibility: r.visibility,
      workspace: r.workspace,
      head: r.head,
      revision: r.revision,
      name: r.name,
      county: r.county,
      unit: r.unit,
      model: r.model,
      projectCount: r.project_count,
      hash: r.hash,
      createdAt: r.library_created_at,
      createdBy: r.library_created_by,
      updatedAt: r.created_at,
      updatedBy: r.created_by,
    })),
  };
}
