/**
 * API keys: `bfa_` and 32 random bytes (base64url), shown once; the store keeps the SHA-256 only (a key has
 * 256 bits of entropy, so a fast hash is enough: there is nothing to guess) and the first 8 characters, to
 * name a key in lists and messages.
 */
import type { Kysely } from 'kysely';
import { auditStatement } from './audit.js';
import type { ApiKeyTable, Database, Scope } from './schema.js';
import { newId, now, sha256Hex, type Store } from './store.js';

export const SCOPES = ['read', 'write', 'admin'] as const satisfies readonly Scope[];
export const KEY_PREFIX = 'bfa_';

/** A workspace name: the team a key works for (a province's finance department), a lower-case slug. */
export const WORKSPACE = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Does `has` include `needs`? Scopes nest: admin ⊃ write ⊃ read. */
export const scopeCovers = (has: Scope, needs: Scope): boolean => SCOPES.indexOf(has) >= SCOPES.indexOf(needs);

/** The part of a key shown in lists and messages. */
export const keyPrefix = (secret: string): string => secret.slice(0, KEY_PREFIX.length + 8);

export function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return KEY_PREFIX + btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A key as listed: never its secret, never its hash. */
export interface KeyInfo {
  readonly id: string;
  readonly name: string;
  readonly workspace: string;
  readonly scope: Scope;
  readonly prefix: string;
  readonly createdAt: string;
  readonly createdBy: string | null;
  readonly revokedAt: string | null;
}

export const keyInfo = (row: ApiKeyTable): KeyInfo => ({
  id: row.id,
  name: row.name,
  workspace: row.workspace,
  scope: row.scope,
  prefix: row.prefix,
  createdAt: row.created_at,
  createdBy: row.created_by,
  revokedAt: row.revoked_at,
});

/**
 * The hash the audit trail records for a key's create or revoke: SHA-256 of its public record as listed
 * (id, name, workspace, scope, prefix, times), never of its secret or the secret's hash.
 */
export const keyRecordHash = async (info: KeyInfo): Promise<string> =>
  `sha256:${await sha256Hex(JSON.stringify([info.id, info.name, info.workspace, info.scope, info.prefix, info.createdAt, info.createdBy, info.revokedAt]))}`;

/** Makes a key; the answer holds its secret, the only time it is ever shown. `actor` is the creating key's id or "cli". */
export async function createKey(
  store: Store,
  input: { name: string; workspace: string; scope: Scope },
  actor: string,
): Promise<KeyInfo & { secret: string }> {
  const secret = newSecret();
  const row: ApiKeyTable = {
    id: newId('key'),
    name: input.name,
    workspace: input.workspace,
    scope: input.scope,
    hash: await sha256Hex(secret),
    prefix: keyPrefix(secret),
    created_at: now(),
    created_by: actor,
    revoked_at: null,
  };
  await store.atomically([
    store.db.insertInto('api_keys').values(row),
    auditStatement(store.db, {
      actor,
      workspace: row.workspace,
      action: 'create',
      resource: 'key',
      resourceId: row.id,
      hash: await keyRecordHash(keyInfo(row)),
      detail: { name: row.name, scope: row.scope },
    }),
  ]);
  return { ...keyInfo(row), secret };
}

/** The key whose secret this is, revoked or not; undefined when none. */
export async function findKey(db: Kysely<Database>, secret: string): Promise<ApiKeyTable | undefined> {
  const hash = await sha256Hex(secret);
  return db.selectFrom('api_keys').selectAll().where('hash', '=', hash).executeTakeFirst();
}

export async function listKeys(db: Kysely<Database>): Promise<KeyInfo[]> {
  const rows = await db.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(keyInfo);
}

/** Revokes a key (idempotent: a revoked key keeps its first revocation time); undefined when no such key. */
export async function revokeKey(store: Store, id: string, actor: string): Promise<KeyInfo | undefined> {
  const row = await store.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  if (row.revoked_at) return keyInfo(row);
  const at = now();
  const revoked = keyInfo({ ...row, revoked_at: at });
  await store.atomically([
    store.db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null),
    auditStatement(store.db, { actor, workspace: row.workspace, action: 'revoke', resource: 'key', resourceId: id, hash: await keyRecordHash(revoked) }),
  ]);
  return revoked;
}
