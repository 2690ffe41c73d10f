/**
 * /v1/tokens — save tokens for embedded widgets (issue 14): a page's own server, holding a write key, asks for
 * a short-lived token that reads its workspace and may save a scenario there, and hands it to the page (the
 * `<fund-allocator token=…>` attribute, `el.token = …`, or a postMessage to /embed). No long-lived key ever
 * sits in a page's source. Only the token's SHA-256 is stored (src/store/tokens.ts); every create and revoke
 * is in the audit trail (resource token). The access rules themselves are src/api/access/principal.ts.
 *
 * Rules: a write (or admin) key makes tokens for its own workspace; a write key of the token's workspace, or
 * an admin, reads and revokes one; to any other key a token does not exist (404 unknown-token). A token never
 * makes or revokes a token (403 token-not-granted).
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { message } from '../../messages/index.js';
import { Problem } from '../../schema/common.js';
import { createToken, getToken, revokeToken, TOKEN_TTL, type TokenInfo as Info } from '../../store/tokens.js';
import { KEY_REQUIRED } from '../access/openapi.js';
import { type Action, actorOf, type Principal, requireScope, storeOr503 } from '../access/principal.js';
import { problem, problemResponses } from '../problem.js';
import { strictQuery } from '../queryOptions.js';
import { noContent } from '../revisions.js';
import { CreatedToken, CreateTokenRequest, TOKEN_EXAMPLE, TokenInfo } from './schema.js';

const WRITE_PROBLEMS = {
  unauthorized: 'No key, or a key or token that is unknown, revoked or expired (WWW-Authenticate: Bearer).',
  forbidden: 'A read key, or a save token (a token never makes or revokes tokens: token-not-granted).',
  'too-many-requests': 'Over the rate limit (Retry-After).',
  'storage-unavailable': 'This deployment has no database.',
} as const;

const TokenId = z.object({ id: z.string().max(200).openapi({ example: TOKEN_EXAMPLE.id }) });

const createRouteDef = createRoute({
  method: 'post',
  path: '/v1/tokens',
  tags: ['Access'],
  summary: 'Get a save token for a page that embeds the widget (write key); the token is in this answer only',
  description:
    'Called from the host page’s server side with a write key (never from the page: the key would be in its source). The token reads like a read key of the key’s workspace and may do what its grants say: save-scenario = POST /v1/scenarios (the scenario belongs to the workspace, private by default, createdBy the token’s id); every other write is a 403. It lives ttlSeconds (60–3600, default 900); expired, it is a 401 saying when it expired. Only its SHA-256 is stored; it never appears in GET /v1/keys. Audited (action create, resource token). 嵌入组件的保存令牌：由嵌入页面的服务器端用读写密钥申请，短期有效，仅可保存方案。',
  security: KEY_REQUIRED,
  request: {
    query: strictQuery({}),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: CreateTokenRequest,
          examples: {
            default: { summary: 'Save a scenario, for 15 minutes', value: { grants: ['save-scenario'], ttlSeconds: 900 } },
            short: { summary: 'The shortest: one minute', value: { grants: ['save-scenario'], ttlSeconds: TOKEN_TTL.min } },
          },
        },
      },
    },
  },
  responses: {
    201: {
      description: 'The token, with its secret (shown once). Location: /v1/tokens/{id}.',
      headers: { Location: { schema: { type: 'string' }, description: '/v1/tokens/{id}' } },
      content: { 'application/json': { schema: CreatedToken, example: { ...TOKEN_EXAMPLE, token: 'bft_Zp4t8QmWc2Lr7Xk9Nv3Bq6Hs1Dy5Fj0Ga8Ue4Ti2Kow' } } },
    },
    ...problemResponses(
      {
        ...WRITE_PROBLEMS,
        'invalid-request':
          'No grants, an unknown grant (unknown-grant, naming the known ones), a ttlSeconds outside 60–3600 (token-ttl-out-of-range), an unknown field: every problem at once.',
        'malformed-json': 'Malformed JSON.',
        'unsupported-media-type': 'Body not sent as application/json.',
      },
      Problem,
    ),
  },
});

const getRouteDef = createRoute({
  method: 'get',
  path: '/v1/tokens/{id}',
  tags: ['Access'],
  summary: 'One save token (write key of its workspace, or admin), without its secret',
  security: KEY_REQUIRED,
  request: { params: TokenId, query: strictQuery({}) },
  responses: {
    200: { description: 'The token', content: { 'application/json': { schema: TokenInfo, example: TOKEN_EXAMPLE } } },
    ...problemResponses({ ...WRITE_PROBLEMS, 'not-found': 'No token with that id in a workspace this key manages (unknown-token).' }, Problem),
  },
});

const revokeRouteDef = createRoute({
  method: 'delete',
  path: '/v1/tokens/{id}',
  tags: ['Access'],
  summary: 'Revoke a save token early (write key of its workspace, or admin)',
  description:
    'Its next request is a 401 token-revoked. Revoking a revoked or expired token changes nothing and answers the same. Audited (action revoke, resource token). 提前吊销保存令牌。',
  security: KEY_REQUIRED,
  request: { params: TokenId, query: strictQuery({}) },
  responses: {
    204: { description: 'Revoked.' },
    ...problemResponses({ ...WRITE_PROBLEMS, 'not-found': 'No token with that id in a workspace this key manages (unknown-token).' }, Problem),
  },
});

const MANAGING: Action = { en: 'Managing save tokens', zh: '管理保存令牌' };

/** The write check before the request's validation: a caller without a write key learns nothing about the body it sent. */
const writeFirst: MiddlewareHandler = async (c, next) => requireScope(c, 'write', MANAGING) ?? next();

/** The token if `who` may manage it (a write key of its workspace, or an admin); else undefined, as if there were none. */
async function managed(c: Context, who: Principal, id: string): Promise<Info | undefined> {
  const store = c.get('store');
  if (!store || who.kind !== 'key') return undefined;
  const token = await getToken(store.db, id);
  if (!token) return undefined;
  return who.scope === 'admin' || who.workspace === token.workspace ? token : undefined;
}

const notFound = (c: Context, id: string) => problem(c, 'not-found', message('unknown-token', { id: JSON.stringify(id) }));

export function tokenRoutes(app: OpenAPIHono): void {
  app.on(['POST'], '/v1/tokens', writeFirst);
  app.on(['GET', 'DELETE'], '/v1/tokens/:id', writeFirst);

  app.openapi(createRouteDef, async (c) => {
    const refused = requireScope(c, 'write', { en: 'Getting a save token', zh: '申请保存令牌' });
    if (refused) return refused as never;
    const got = storeOr503(c);
    if ('response' in got) return got.response as never;
    const who = c.get('principal');
    if (who.kind !== 'key') throw new Error('unreachable: requireScope lets only keys through');
    const body = c.req.valid('json');
    const made = await createToken(
      got.store,
      { workspace: who.workspace, grants: body.grants as Info['grants'], ttlSeconds: body.ttlSeconds ?? TOKEN_TTL.default },
      actorOf(who),
    );
    c.header('location', `/v1/tokens/${made.id}`);
    c.header('cache-control', 'no-store');
    return c.json({ ...made, grants: [...made.grants] }, 201);
  });

  app.openapi(getRouteDef, async (c) => {
    const refused = requireScope(c, 'write', MANAGING);
    if (refused) return refused as never;
    const got = storeOr503(c);
    if ('response' in got) return got.response as never;
    const { id } = c.req.valid('param');
    const token = await managed(c, c.get('principal'), id);
    if (!token) return notFound(c, id) as never;
    c.header('cache-control', 'no-store');
    return c.json({ ...token, grants: [...token.grants] }, 200);
  });

  app.openapi(revokeRouteDef, async (c) => {
    const refused = requireScope(c, 'write', { en: 'Revoking a save token', zh: '吊销保存令牌' });
    if (refused) return refused as never;
    const got = storeOr503(c);
    if ('response' in got) return got.response as never;
    const { id } = c.req.valid('param');
    const who = c.get('principal');
    if (!(await managed(c, who, id))) return notFound(c, id) as never;
    await revokeToken(got.store, id, actorOf(who));
    return noContent() as never;
  });
}
