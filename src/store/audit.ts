/** The audit trail: one row per write, added to the write's own batch so the trail and the write stand or fall together. */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { now } from './store.js';

export interface AuditEntry {
  /** The key's id, or "cli" for npm run keys. */
  readonly actor: string;
  readonly workspace?: string | null;
  /** What was done: create, update, delete, revoke … */
  readonly action: string;
  /** dataset, scenario, model, key, token */
  readonly resource: string;
  readonly resourceId: string;
  readonly revision?: number | null;
  /**
   * SHA-256 of the content written (a key: of its public record, never of its secret). Left out on a
   * dataset's or scenario's delete: the deleted revision's own hash is recorded (auditStatement).
   */
  readonly hash?: string | null;
  readonly detail?: Record<string, unknown>;
}

/** The resources the trail records (GET /v1/audit?resource= takes one of these). */
export const AUDITED_RESOURCES = ['dataset', 'scenario', 'model', 'key', 'token', 'library'] as const;

/**
 * The insert that records `entry`; pass it to store.atomically with the write it records. Every entry
 * carries a content hash: an entry that names a dataset's or scenario's revision without one (a delete)
 * takes that revision's hash from its table, in the same statement, so a delete names what it deleted.
 */
export function auditStatement(db: Kysely<Database>, entry: AuditEntry) {
  const revision = entry.revision ?? null;
  const hash =
    entry.hash != null || revision === null
      ? (entry.hash ?? null)
      : entry.resource === 'dataset'
        ? db.selectFrom('dataset_revisions').select('hash').where('dataset_id', '=', entry.resourceId).where('revision', '=', revision)
        : entry.resource === 'scenario'
          ? db.selectFrom('scenario_revisions').select('hash').where('scenario_id', '=', entry.resourceId).where('revision', '=', revision)
          : null;
  return db.insertInto('audit_log').values({
    at: now(),
    actor: entry.actor,
    workspace: entry.workspace ?? null,
    action: entry.action,
    resource: entry.resource,
    resource_id: entry.resourceId,
    revision,
    hash,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
  });
}

/** One row of the trail as it is read (GET /v1/audit, npm run keys). */
export interface AuditRow {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly workspace: string | null;
  readonly action: string;
  readonly resource: string;
  readonly resourceId: string;
  readonly revision: number | null;
  readonly hash: string | null;
  readonly detail: Record<string, string | number | boolean | null> | null;
}

export interface AuditQuery {
  readonly resource?: string;
  readonly resourceId?: string;
  readonly actor?: string;
  /** ISO-8601 UTC, as stored: rows at or after it. */
  readonly since?: string;
  /** Rows with a seq below it (the nextCursor of the page before). */
  readonly before?: number;
  readonly limit: number;
}

/** A page of the trail, newest first, and the cursor of the next (older) page, if there is one. */
export async function readAudit(db: Kysely<Database>, q: AuditQuery): Promise<{ rows: AuditRow[]; nextCursor: number | null }> {
  let query = db.selectFrom('audit_log').selectAll();
  if (q.resource !== undefined) query = query.where('resource', '=', q.resource);
  if (q.resourceId !== undefined) query = query.where('resource_id', '=', q.resourceId);
  if (q.actor !== undefined) query = query.where('actor', '=', q.actor);
  if (q.since !== undefined) query = query.where('at', '>=', q.since);
  if (q.before !== undefined) query = query.where('seq', '<', q.before);
  const found = await query
    .orderBy('seq', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = found.slice(0, q.limit);
  const rows = page.map((r) => ({
    seq: Number(r.seq),
    at: r.at,
    actor: r.actor,
    workspace: r.workspace,
    action: r.action,
    resource: r.resource,
    resourceId: r.resource_id,
    revision: r.revision === null ? null : Number(r.revision),
    hash: r.hash,
    detail: r.detail === null ? null : (JSON.parse(r.detail) as Record<string, string | number | boolean | null>),
  }));
  return { rows, nextCursor: found.length > q.limit ? rows[rows.length - 1].seq : null };
}
