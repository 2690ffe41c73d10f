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
  /** dataset, scenario, model, key */
  readonly resource: string;
  readonly resourceId: string;
  readonly revision?: number | null;
  /** SHA-256 of the content written. */
  readonly hash?: string | null;
  readonly detail?: Record<string, unknown>;
}

/** The insert that records `entry`; pass it to store.atomically with the write it records. */
export function auditStatement(db: Kysely<Database>, entry: AuditEntry) {
  return db.insertInto('audit_log').values({
    at: now(),
    actor: entry.actor,
    workspace: entry.workspace ?? null,
    action: entry.action,
    resource: entry.resource,
    resource_id: entry.resourceId,
    revision: entry.revision ?? null,
    hash: entry.hash ?? null,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
  });
}
