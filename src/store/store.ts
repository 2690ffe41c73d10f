/**
 * The service's memory behind one interface, on two engines: Cloudflare D1 in workerd (src/store/d1.ts) and
 * SQLite in Node (src/store/sqlite.ts). Reads go through `db`, a Kysely query builder (no SQL built by
 * concatenation); a write is a list of compiled statements run by `atomically`, as one D1 batch or one
 * SQLite transaction, so a failure (or a crash) at any statement leaves nothing half-written.
 */
import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Anything Kysely can compile: an insert, update or delete builder, or a CompiledQuery. */
export interface Compilable {
  compile(): CompiledQuery;
}

export interface Store {
  readonly engine: 'd1' | 'sqlite';
  readonly db: Kysely<Database>;
  /** Runs every statement or none. A constraint violation rejects with the engine's error (see isUniqueViolation). */
  atomically(statements: readonly (Compilable | CompiledQuery)[]): Promise<void>;
}

export function compiled(statement: Compilable | CompiledQuery): CompiledQuery {
  return 'compile' in statement && typeof statement.compile === 'function' ? statement.compile() : (statement as CompiledQuery);
}

/** Did a write fail on a UNIQUE or PRIMARY KEY constraint (a concurrent writer got there first)? Same text on D1 and SQLite. */
export function isUniqueViolation(err: unknown): boolean {
  const text = err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? '')}` : String(err);
  return /UNIQUE constraint failed|PRIMARY KEY constraint failed|SQLITE_CONSTRAINT_PRIMARYKEY|SQLITE_CONSTRAINT_UNIQUE/.test(text);
}

/** Now, as stored: ISO-8601 UTC with milliseconds. */
export const now = (): string => new Date().toISOString();

/** A new public id: a prefix and 16 random bytes in base32 (lower case, no padding): `ds_3k…`. */
export function newId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return `${prefix}_${out}`;
}

/** SHA-256 of a text, lower-case hex, with Web Crypto (the same in workerd and Node). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
