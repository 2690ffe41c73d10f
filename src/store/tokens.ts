/**
 * Save tokens (issue 14): what a page that embeds the widget gets from its own server, so the page can save a
 * scenario without a long-lived key in its source. `bft_` and 32 random bytes (base64url, 43 characters),
 * shown once; the store keeps its SHA-256 only (256 bits of entropy: a fast hash is enough) and its first
 * 12 characters, to name it in messages. A token lives 60 s to 1 h (default 15 min), belongs to the workspace
 * of the key that made it, reads like a read key of that workspace, and may do what its grants say and
 * nothing else that writes (src/api/access/principal.ts). Every create and revoke is audited in the same
 * batch as the write (resource "token").
 */
import type { Kysely } from 'kysely';
import { auditStatement } from './audit.js';
import type { Database, TokenTable } from './schema.js';
import { newId, sha256Hex, type Store } from './store.js';

/** What a token may do besides reading its workspace: save-scenario = POST /v1/scenarios. */
export const GRANTS = ['save-scenario'] as const;
export type Grant = (typeof GRANTS)[number];

export const TOKEN_PREFIX = 'bft_';

/** Lifetimes, in seconds: at least a minute, at most an hour, 15 minutes unless asked. */
export const TOKEN_TTL = { min: 60, max: 3600, default: 900 } as const;

/** Is this secret a token's (rather than an API key's)? */
export const isTokenSecret = (secret: string): boolean => secret.startsWith(TOKEN_PREFIX);

/** The part of a token shown in answers and messages: bft_ and 8 characters. */
export const tokenPrefix = (secret: string): string => secret.slice(0, TOKEN_PREFIX.length + 8);

export function newTokenSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return TOKEN_PREFIX + btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A token as answered and audited: never its secret, never its hash. */
export interface TokenInfo {
  readonly id: string;
  readonly prefix: string;
  readonly workspace: string;
  readonly grants: readonly Grant[];
  readonly issuedBy: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
}

const grantsOf = (text: string): Grant[] => {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((g): g is Grant => (GRANTS as readonly string[]).includes(g)) : [];
  } catch {
    return [];
  }
};

export const tokenInfo = (row: TokenTable): TokenInfo => ({
  id: row.id,
  prefix: row.prefix,
  workspace: row.workspace,
  grants: grantsOf(row.grants),
  issuedBy: row.issued_by,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
});

/** The hash the audit trail records for a token's create or revoke: SHA-256 of its public record, never of its secret. */
export const tokenRecordHash = async (info: TokenInfo): Promise<string> =>
  `sha256:${await sha256Hex(JSON.stringify([info.id, info.prefix, info.workspace, info.grants, info.issuedBy, info.createdAt, info.expiresAt, info.revokedAt]))}`;

/**
 * Makes a token for `input.workspace`; the answer holds its secret, the only time it is ever shown. `actor`
 * is the issuing key's id; `at` is the moment it is made (the clock, for tests: a token made an hour ago has
 * expired). The grants are kept in GRANTS' order, each once.
 */
export async function createToken(
  store: Store,
  input: { workspace: string; grants: readonly Grant[]; ttlSeconds: number },
  actor: string,
  at: Date = new Date(),
): Promise<TokenInfo & { token: string }> {
  const secret = newTokenSecret();
  const grants = GRANTS.filter((g) => input.grants.includes(g));
  const row: TokenTable = {
    id: newId('tok'),
    workspace: input.workspace,
    hash: await sha256Hex(secret),
    prefix: tokenPrefix(secret),
    grants: JSON.stringify(grants),
    issued_by: actor,
    created_at: at.toISOString(),
    expires_at: new Date(at.getTime() + input.ttlSeconds * 1000).toISOString(),
    revoked_at: null,
  };
  const info = tokenInfo(row);
  await store.atomically([
    store.db.insertInto('tokens').values(row),
    auditStatement(store.db, {
      actor,
      workspace: row.workspace,
      action: 'create',
      resource: 'token',
      resourceId: row.id,
      hash: await tokenRecordHash(info),
      detail: { grants: grants.join(','), ttlSeconds: input.ttlSeconds, expiresAt: row.expires_at },
    }),
  ]);
  return { token: secret, ...info };
}

/** What a secret names at a moment: a token that may be used, one that expired or was revoked, or nothing. */
export type TokenLookup =
  | { readonly status: 'valid'; readonly token: TokenInfo }
  | { readonly status: 'expired'; readonly token: TokenInfo }
  | { readonly status: 'revoked'; readonly token: TokenInfo }
  | { readonly status: 'unknown' };

/** The token whose secret this is, and whether it may be used at `at` (revoked before expired: a revocation is the stronger word). */
export async function findToken(db: Kysely<Database>, secret: string, at: Date = new Date()): Promise<TokenLookup> {
  const hash = await sha256Hex(secret);
  const row = await db.selectFrom('tokens').selectAll().where('hash', '=', hash).executeTakeFirst();
  if (!row) return { status: 'unknown' };
  const token = tokenInfo(row);
  if (row.revoked_at) return { status: 'revoked', token };
  if (Date.parse(row.expires_at) <= at.getTime()) return { status: 'expired', token };
  return { status: 'valid', token };
}

/** A token by its id (not its secret), whatever its state; undefined when none. */
export async function getToken(db: Kysely<Database>, id: string): Promise<TokenInfo | undefined> {
  const row = await db.selectFrom('tokens').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? tokenInfo(row) : undefined;
}

/** Revokes a token (idempotent: a revoked token keeps its first revocation time); undefined when no such token. */
export async function revokeToken(store: Store, id: string, actor: string, at: Date = new Date()): Promise<TokenInfo | undefined> {
  const row = await store.db.selectFrom('tokens').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  if (row.revoked_at) return tokenInfo(row);
  const when = at.toISOString();
  const revoked = tokenInfo({ ...row, revoked_at: when });
  await store.atomically([
    store.db.updateTable('tokens').set({ revoked_at: when }).where('id', '=', id).where('revoked_at', 'is', null),
    auditStatement(store.db, { actor, workspace: row.workspace, action: 'revoke', resource: 'token', resourceId: id, hash: await tokenRecordHash(revoked) }),
  ]);
  return revoked;
}
