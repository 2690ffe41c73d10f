/**
 * Who is asking, and what may they do: the store of this deployment and the caller (anonymous, or an API
 * key's id, workspace and scope) are put on the context once per request by `memory()`, and every route
 * that reads or writes the memory asks `requireScope` / `visibleTo` / `writableBy` here, so the rules live
 * in one file:
 * - stateless calculations and public datasets, scenarios and models: anyone, no key;
 * - writes: a key with the write scope (admin covers write, write covers read);
 * - private resources: keys of their workspace (and admin keys) only; to others they do not exist (404),
 *   so a private id leaks nothing;
 * - a key that is sent must be valid wherever it is sent: an unknown or revoked key is a 401, never
 *   silently anonymous;
 * - a key may come in the query (?key=, for spreadsheet functions such as WEBSERVICE that cannot send
 *   headers) on GET and HEAD only, and only a read key: a URL in a workbook is seen by everyone who opens
 *   it and lands in logs and browser history. The GET door's inner request (src/api/sheets/) carries the
 *   key in Authorization and marks it with KEY_FROM_QUERY_HEADER, so the same rule holds there;
 * - a save token (`bft_…`, src/store/tokens.ts: short-lived, made by a write key for a page that embeds the
 *   widget) is a read key of its workspace plus its grants: requireScope lets it through where the route
 *   names one of its grants (POST /v1/scenarios: save-scenario), and refuses every other write (403
 *   token-not-granted). Expired, revoked or unknown: 401 saying so; in a URL: 403, never used.
 */
import type { D1Database } from '@cloudflare/workers-types';
import type { Context, MiddlewareHandler } from 'hono';
import { issue, message } from '../../messages/index.js';
import { problem } from '../problem.js';
import { d1Store } from '../../store/d1.js';
import { findKey, keyPrefix, scopeCovers } from '../../store/keys.js';
import { findToken, type Grant, isTokenSecret, tokenPrefix } from '../../store/tokens.js';
import { limiterOf, type RateLimiterSource, tooManyRequests } from './rateLimit.js';
import type { Scope, Visibility } from '../../store/schema.js';
import type { Store } from '../../store/store.js';

export type Principal =
  | { readonly kind: 'anonymous'; readonly client: string }
  | {
      readonly kind: 'key';
      readonly id: string;
      readonly name: string;
      readonly workspace: string;
      readonly scope: Scope;
      /** Set on a save token only (src/store/tokens.ts; its scope is then read): what else it may do, who issued it. */
      readonly token?: { readonly prefix: string; readonly grants: readonly Grant[]; readonly issuedBy: string };
    };

declare module 'hono' {
  interface ContextVariableMap {
    store: Store | undefined;
    principal: Principal;
  }
}

/** Where a deployment's store comes from: given (Node, tests), or the D1 binding DB on Workers. */
export type StoreSource = Store | ((c: Context) => Store | undefined);

const fromBinding = (c: Context): Store | undefined => {
  const db = (c.env as { DB?: D1Database } | undefined)?.DB;
  return db ? d1Store(db) : undefined;
};

/** Marks an internal request whose Authorization came from a ?key= (the GET door): read keys only. */
export const KEY_FROM_QUERY_HEADER = 'x-key-from-query';

/** Methods that change something: a ?key= there is refused (GET, HEAD and OPTIONS read it). */
const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const WWW_AUTHENTICATE = { 'www-authenticate': 'Bearer realm="bridging-fund-allocator"' };

/**
 * Middleware: puts the store and the principal on the context; a bad key answers 401 here. A request whose
 * key is malformed, unknown or revoked counts against its address's bucket (the anonymous client's) of the
 * rate limit `limiters` (the same source rateLimit() is given) and is a 429 once that bucket is spent, so
 * keys cannot be guessed faster than anonymous requests are allowed.
 */
export function memory(source: StoreSource | undefined, limiters?: RateLimiterSource): MiddlewareHandler {
  const storeFor = typeof source === 'function' ? source : source ? () => source : fromBinding;
  const limiterFor = limiterOf(limiters);
  return async (c, next) => {
    const store = storeFor(c);
    c.set('store', store);
    const header = c.req.header('authorization');
    const queryKeys = c.req.queries('key');
    if (queryKeys !== undefined) {
      const method = c.req.method.toUpperCase();
      if (CHANGES.has(method))
        return problem(c, 'bad-request', message('key-in-query-get-only', { method }), [issue('?key', 'key-in-query-get-only', { method })]);
      if (header !== undefined || queryKeys.length > 1) return problem(c, 'bad-request', message('two-keys'), [issue('?key', 'two-keys')]);
    }
    // here a ?key= is the only key sent, on a read; the door's inner request carries one in Authorization, marked
    const fromQuery = queryKeys !== undefined || c.req.header(KEY_FROM_QUERY_HEADER) === '1';
    if (header === undefined && queryKeys === undefined) {
      c.set('principal', { kind: 'anonymous', client: clientOf(c) });
      return next();
    }
    const refuse = async (detail: { en: string; zh: string; code?: string }) => {
      const limiter = limiterFor(c);
      if (limiter) {
        const verdict = await limiter.take(bucketOfClient(clientOf(c)));
        if (!verdict.ok) return tooManyRequests(c, limiter, verdict.retryAfter);
      }
      return unauthorized(c, detail);
    };
    let secret: string;
    if (header !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!m) return refuse(message('malformed-authorization'));
      secret = m[1];
    } else secret = queryKeys![0].trim();
    if (!store) return problem(c, 'storage-unavailable', message('storage-not-configured'));
    if (isTokenSecret(secret)) {
      const found = await findToken(store.db, secret);
      if (found.status === 'unknown') return refuse(message('token-unknown', { prefix: tokenPrefix(secret) }));
      if (found.status === 'revoked') return refuse(message('token-revoked', { prefix: found.token.prefix, at: found.token.revokedAt ?? '' }));
      if (found.status === 'expired') return refuse(message('token-expired', { prefix: found.token.prefix, at: found.token.expiresAt }));
      // a token in a URL is not used (it may write): 403, as a write key there
      if (fromQuery)
        return problem(c, 'forbidden', message('token-in-query', { prefix: found.token.prefix }), [
          issue('?key', 'token-in-query', { prefix: found.token.prefix }),
        ]);
      const { token } = found;
      c.set('principal', {
        kind: 'key',
        id: token.id,
        name: `save token ${token.prefix}…`,
        workspace: token.workspace,
        scope: 'read',
        token: { prefix: token.prefix, grants: token.grants, issuedBy: token.issuedBy },
      });
      return next();
    }
    const key = await findKey(store.db, secret);
    if (!key) return refuse(message('unknown-key', { prefix: keyPrefix(secret) }));
    if (key.revoked_at) return refuse(message('revoked-key', { prefix: key.prefix, at: key.revoked_at }));
    // a write or admin key in a URL is not used: 403, saying why and what to make instead
    if (fromQuery && key.scope !== 'read') {
      const detail = message('key-in-query-not-read-only', { scope: key.scope, prefix: key.prefix });
      return problem(c, 'forbidden', detail, [issue('?key', 'key-in-query-not-read-only', { scope: key.scope, prefix: key.prefix })]);
    }
    c.set('principal', { kind: 'key', id: key.id, name: key.name, workspace: key.workspace, scope: key.scope });
    return next();
  };
}

/** The rate limit's bucket of an anonymous client (and of a request with a bad key from that address). */
export const bucketOfClient = (client: string): string => `client:${client}`;

function unauthorized(c: Context, detail: { en: string; zh: string; code?: string }) {
  for (const [k, v] of Object.entries(WWW_AUTHENTICATE)) c.header(k, v);
  return problem(c, 'unauthorized', detail);
}

/**
 * The anonymous caller's address (for the rate limit): on Node the socket's peer (a header there is the
 * client's own word), on Workers Cloudflare's cf-connecting-ip, else the first forwarded-for, else "local".
 */
function clientOf(c: Context): string {
  const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket;
  return socket?.remoteAddress ?? c.req.header('cf-connecting-ip') ?? c.req.header('x-forwarded-for')?.split(',')[0].trim() ?? 'local';
}

/** The store, or the 503 answer when this deployment has none. */
export function storeOr503(c: Context): { store: Store } | { response: Response } {
  const store = c.get('store');
  return store ? { store } : { response: problem(c, 'storage-unavailable', message('storage-not-configured')) };
}

/** What a caller tried, named in each language for the key-required message. */
export type Action = { readonly en: string; readonly zh: string };

/**
 * An action as the routes write it: {en, zh}, or one string "English (中文)" split at its last parenthesis.
 * A string without a Chinese part says "此操作" (this operation) in Chinese: never English inside Chinese.
 */
export function actionOf(action: Action | string): Action {
  if (typeof action !== 'string') return action;
  const m = /^(.*?)\s*[(（]([^()（）]*[\u4e00-\u9fff][^()（）]*)[)）]\s*$/.exec(action);
  return m ? { en: m[1], zh: m[2] } : { en: action, zh: '此操作' };
}

/**
 * undefined when the caller's key covers `needed`; else the 401 (no key) or 403 (a narrower scope) to answer.
 * `action` names what was tried, in English and Chinese, for the message ({en: 'Creating a dataset', zh: '创建数据集'}).
 */
export function requireScope(c: Context, needed: Scope, action: Action | string, grant?: Grant): Response | undefined {
  const who = c.get('principal');
  if (!who || who.kind === 'anonymous') return unauthorized(c, message('key-required', { action: actionOf(action) }));
  // a save token: what its grants allow (the route names the grant that stands for `needed`), nothing else that writes
  if (who.token) {
    if (grant !== undefined && who.token.grants.includes(grant)) return undefined;
    if (scopeCovers(who.scope, needed)) return undefined;
    return problem(c, 'forbidden', message('token-not-granted', { prefix: who.token.prefix, grants: who.token.grants, needed: { grant, scope: needed } }));
  }
  if (!scopeCovers(who.scope, needed)) return problem(c, 'forbidden', message('scope-too-narrow', { scope: who.scope, needed }));
  return undefined;
}

/** Is `who` a save token (src/store/tokens.ts) rather than an API key? */
export const isToken = (who: Principal): boolean => who.kind === 'key' && who.token !== undefined;

/** Who wrote: the key's id ("anonymous" never writes). */
export function actorOf(who: Principal): string {
  return who.kind === 'key' ? who.id : 'anonymous';
}

/** The workspace a new resource belongs to: the writing key's. */
export function workspaceOf(who: Principal): string | null {
  return who.kind === 'key' ? who.workspace : null;
}

/** May `who` read a resource of this workspace and visibility? */
export function visibleTo(who: Principal, row: { workspace: string; visibility: Visibility }): boolean {
  if (row.visibility === 'public') return true;
  return who.kind === 'key' && (who.scope === 'admin' || who.workspace === row.workspace);
}

/** May `who` change it? A write key of its workspace, or an admin. */
export function writableBy(who: Principal, row: { workspace: string }): boolean {
  return who.kind === 'key' && (who.scope === 'admin' || (scopeCovers(who.scope, 'write') && who.workspace === row.workspace));
}
