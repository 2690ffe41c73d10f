/**
 * /v1/keys — API keys, managed by admins: make one (its secret shown once), list them (never a secret or a
 * hash), read one, revoke one (at once: its next request is a 401 revoked-key). Every change is in the audit
 * trail (src/store/keys.ts writes the key and its audit row in one batch).
 *
 * Rules: only an admin key reaches these routes; a key never makes a key wider than itself (with admin-only
 * routes that holds by construction, and is checked anyway, 403 scope-wider-than-own); an admin may make
 * keys for any workspace (default its own). An admin may revoke any key, its own too (npm run keys on the
 * server can always make a new one).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { message } from '../../messages/index.js';
import { Problem } from '../../schema/common.js';
import { createKey, keyInfo, listKeys, revokeKey, scopeCovers } from '../../store/keys.js';
import { KEY_REQUIRED } from '../access/openapi.js';
import { type Action, actorOf, requireScope, storeOr503 } from '../access/principal.js';
import { problem, problemResponses } from '../problem.js';
import { strictQuery } from '../queryOptions.js';
import { CreatedKey, CreateKeyRequest, KEY_EXAMPLE, KeyInfo, Workspace } from './schema.js';

const ADMIN_PROBLEMS = {
  unauthorized: 'No key, or a key that is unknown or revoked (WWW-Authenticate: Bearer).',
  forbidden: 'A key without the admin scope.',
  'too-many-requests': 'Over the rate limit (Retry-After).',
  'storage-unavailable': 'This deployment has no database.',
} as const;

const KeyId = z.object({ id: z.string().max(200).openapi({ example: KEY_EXAMPLE.id }) });

const createRouteDef = createRoute({
  method: 'post',
  path: '/v1/keys',
  tags: ['Access'],
  summary: 'Make an API key (admin); its secret is in this answer only',
  description:
    'Only the SHA-256 of the secret is stored: copy `secret` now, it is never shown again (a lost key is revoked and replaced). A key cannot make a key wider than itself; an admin may make keys for any workspace (default its own). Audited (action create, resource key). 新建密钥：secret 只在本次应答中出现一次。',
  security: KEY_REQUIRED,
  request: {
    query: strictQuery({}),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: CreateKeyRequest,
          examples: {
            write: { summary: 'A write key for a workspace', value: { name: '绵阳市财政局 budget office', scope: 'write', workspace: 'sichuan' } },
            read: { summary: "A read key for the admin's own workspace", value: { name: 'dashboard (read only)', scope: 'read' } },
          },
        },
      },
    },
  },
  responses: {
    201: {
      description: 'The key, with its secret (shown once). Location: /v1/keys/{id}.',
      headers: { Location: { schema: { type: 'string' }, description: '/v1/keys/{id}' } },
      content: {
        'application/json': {
          schema: CreatedKey,
          example: { ...KEY_EXAMPLE, secret: 'bfa_Q3h9xk2LtW0m5Yp8cR1vN7sD4fG6hJ2kL9zX3bV5nM0' },
        },
      },
    },
    ...problemResponses(
      {
        ...ADMIN_PROBLEMS,
        forbidden: 'A key without the admin scope, or a scope wider than the creating key’s (scope-wider-than-own).',
        'invalid-request': 'A missing or bad name, a scope other than read/write/admin, a workspace that is not a lower-case slug, an unknown field.',
        'malformed-json': 'Malformed JSON.',
        'unsupported-media-type': 'Body not sent as application/json.',
      },
      Problem,
    ),
  },
});

const listRouteDef = createRoute({
  method: 'get',
  path: '/v1/keys',
  tags: ['Access'],
  summary: 'List the API keys (admin): never a secret, never a hash',
  description: 'Oldest first, revoked keys too (with revokedAt). ?workspace= narrows the list to one workspace.',
  security: KEY_REQUIRED,
  request: { query: strictQuery({ workspace: Workspace.optional() }) },
  responses: {
    200: {
      description: 'The keys',
      content: { 'application/json': { schema: z.object({ keys: z.array(KeyInfo) }), example: { keys: [KEY_EXAMPLE] } } },
    },
    ...problemResponses({ ...ADMIN_PROBLEMS, 'invalid-request': 'An unknown query parameter or a bad workspace.' }, Problem),
  },
});

const getRouteDef = createRoute({
  method: 'get',
  path: '/v1/keys/{id}',
  tags: ['Access'],
  summary: 'One API key (admin), without its secret',
  security: KEY_REQUIRED,
  request: { params: KeyId, query: strictQuery({}) },
  responses: {
    200: { description: 'The key', content: { 'application/json': { schema: KeyInfo, example: KEY_EXAMPLE } } },
    ...problemResponses({ ...ADMIN_PROBLEMS, 'not-found': 'No key with that id (unknown-key-id).' }, Problem),
  },
});

const revokeRouteDef = createRoute({
  method: 'delete',
  path: '/v1/keys/{id}',
  tags: ['Access'],
  summary: 'Revoke an API key (admin): refused from its next request on',
  description:
    'The key stays in the list with revokedAt; its next request is a 401 revoked-key. Revoking a revoked key changes nothing and answers the same (its first revocation time). Audited (action revoke, resource key). 吊销即时生效。',
  security: KEY_REQUIRED,
  request: { params: KeyId, query: strictQuery({}) },
  responses: {
    200: {
      description: 'The key as revoked',
      content: { 'application/json': { schema: KeyInfo, example: { ...KEY_EXAMPLE, revokedAt: '2026-03-09T10:02:11.481Z' } } },
    },
    ...problemResponses({ ...ADMIN_PROBLEMS, 'not-found': 'No key with that id (unknown-key-id).' }, Problem),
  },
});

/** The admin check and the store, or the problem to answer. */
function admin(c: Context, action: Action) {
  const refused = requireScope(c, 'admin', action);
  if (refused) return { response: refused };
  return storeOr503(c);
}

const notFound = (c: Context, id: string) => problem(c, 'not-found', message('unknown-key-id', { id: JSON.stringify(id) }));

/**
 * The admin check before the request's validation: a caller without an admin key learns nothing about the
 * body or query it sent (401/403, not 422). Only on the routes' own methods, so a wrong one stays a 405.
 */
export function adminFirst(action: Action): MiddlewareHandler {
  return async (c, next) => requireScope(c, 'admin', action) ?? next();
}

export function keyRoutes(app: OpenAPIHono): void {
  app.on(['GET', 'POST'], '/v1/keys', adminFirst({ en: 'Managing API keys', zh: '管理 API 密钥' }));
  app.on(['GET', 'DELETE'], '/v1/keys/:id', adminFirst({ en: 'Managing API keys', zh: '管理 API 密钥' }));
  app.openapi(createRouteDef, async (c) => {
    const ready = admin(c, { en: 'Making an API key', zh: '创建 API 密钥' });
    if ('response' in ready) return ready.response as never;
    const who = c.get('principal');
    const body = c.req.valid('json');
    if (who.kind !== 'key') throw new Error('unreachable: requireScope lets only keys through');
    if (!scopeCovers(who.scope, body.scope))
      return problem(c, 'forbidden', message('scope-wider-than-own', { scope: who.scope, requested: body.scope })) as never;
    const made = await createKey(ready.store, { name: body.name, scope: body.scope, workspace: body.workspace ?? who.workspace }, actorOf(who));
    c.header('location', `/v1/keys/${made.id}`);
    c.header('cache-control', 'no-store');
    return c.json(made, 201);
  });

  app.openapi(listRouteDef, async (c) => {
    const ready = admin(c, { en: 'Listing API keys', zh: '列出 API 密钥' });
    if ('response' in ready) return ready.response as never;
    const { workspace } = c.req.valid('query');
    const keys = await listKeys(ready.store.db);
    return c.json({ keys: workspace === undefined ? keys : keys.filter((k) => k.workspace === workspace) }, 200);
  });

  app.openapi(getRouteDef, async (c) => {
    const ready = admin(c, { en: 'Reading an API key', zh: '查看 API 密钥' });
    if ('response' in ready) return ready.response as never;
    const { id } = c.req.valid('param');
    const row = await ready.store.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return notFound(c, id) as never;
    return c.json(keyInfo(row), 200);
  });

  app.openapi(revokeRouteDef, async (c) => {
    const ready = admin(c, { en: 'Revoking an API key', zh: '吊销 API 密钥' });
    if ('response' in ready) return ready.response as never;
    const { id } = c.req.valid('param');
    const revoked = await revokeKey(ready.store, id, actorOf(c.get('principal')));
    if (!revoked) return notFound(c, id) as never;
    return c.json(revoked, 200);
  });
}
