/**
 * GET /v1/audit — the audit trail (admin): one row per write (who, when, what, the content hash), newest
 * first, filtered by ?resource=, ?id= (the resource's id), ?actor= (a key id, or "cli"), ?since= (a date or
 * ISO-8601 UTC time), paged by ?cursor= (the nextCursor of the page before: rows with a smaller seq) and
 * ?limit= (1–1000, default 100); ?format=csv|tsv gives the page as a table (the next page's address in a
 * Link header). Every write adds its row in its own batch (src/store/audit.ts), so the trail has no gaps.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { zodMessage } from '../../messages/index.js';
import { Problem } from '../../schema/common.js';
import { AUDITED_RESOURCES, type AuditRow, readAudit } from '../../store/audit.js';
import { KEY_REQUIRED } from '../access/openapi.js';
import { requireScope, storeOr503 } from '../access/principal.js';
import { MEDIA_TYPE, toDelimited } from '../format.js';
import { problemResponses } from '../problem.js';
import { LIST_FORMATS, strictQuery } from '../queryOptions.js';
import { utf8 } from '../respond.js';
import { adminFirst } from '../keys/route.js';

export const MAX_PAGE = 1000;
const DEFAULT_PAGE = 100;

/** `2026-01-31` or an ISO-8601 time with a zone → the stored form (UTC, milliseconds); undefined when it is neither. */
export function sinceValue(text: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(text)) return undefined;
  const t = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(t)) return undefined;
  const iso = new Date(t).toISOString();
  // Date.parse rolls 2026-02-30 over to March: a date that is not on the calendar is refused
  if (text.length === 10 && iso.slice(0, 10) !== text) return undefined;
  return iso;
}

const text = (max: number) => z.string().min(1).max(max);

const AuditQuery = strictQuery({
  resource: z
    .string()
    .superRefine((v, ctx) => {
      if (!(AUDITED_RESOURCES as readonly string[]).includes(v))
        ctx.addIssue({ code: 'custom', ...zodMessage('unknown-audit-resource', { shown: JSON.stringify(v.slice(0, 40)), known: AUDITED_RESOURCES }) });
    })
    .optional()
    .openapi({ description: `One of ${AUDITED_RESOURCES.join(', ')}.`, enum: [...AUDITED_RESOURCES], example: 'key' }),
  id: text(200).optional().openapi({ description: "The resource's id." }),
  actor: text(200).optional().openapi({ description: 'Who wrote: a key id, or "cli" (npm run keys).' }),
  since: z
    .string()
    .superRefine((v, ctx) => {
      if (!sinceValue(v)) ctx.addIssue({ code: 'custom', ...zodMessage('bad-since', { shown: JSON.stringify(v.slice(0, 40)) }) });
    })
    .optional()
    .openapi({ description: 'Rows at or after this date (UTC midnight) or ISO-8601 time.' }),
  cursor: z
    .string()
    .superRefine((v, ctx) => {
      if (!/^[1-9]\d{0,14}$/.test(v)) ctx.addIssue({ code: 'custom', ...zodMessage('bad-cursor', { shown: JSON.stringify(v.slice(0, 40)) }) });
    })
    .optional()
    .openapi({
      description: "The page after the one that answered this nextCursor (rows with a smaller seq). No example: /docs' Try it out sends every example.",
    }),
  limit: z
    .string()
    .superRefine((v, ctx) => {
      if (!/^\d{1,4}$/.test(v) || Number(v) < 1 || Number(v) > MAX_PAGE)
        ctx.addIssue({ code: 'custom', ...zodMessage('bad-page-size', { shown: JSON.stringify(v.slice(0, 40)), maximum: MAX_PAGE }) });
    })
    .optional()
    .openapi({ description: `Rows per page, 1–${MAX_PAGE}; default ${DEFAULT_PAGE}.`, example: '100' }),
  format: z.enum(LIST_FORMATS).optional().openapi({ description: 'json (default), or the page as CSV/TSV (UTF-8 with BOM, for Excel).', example: 'json' }),
});

const EXAMPLE_ROW: AuditRow = {
  seq: 42,
  at: '2026-03-02T08:15:30.120Z',
  actor: 'key_admin7xw2m4p6r8t0v2x4z6b8',
  workspace: 'sichuan',
  action: 'create',
  resource: 'key',
  resourceId: 'key_5n3kq7xw2m4p6r8t0v2x4z6b8d',
  revision: null,
  hash: 'sha256:5d41c3e0a7b9f2c4e6d8a0b2c4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1',
  detail: { name: '绵阳市财政局 budget office', scope: 'write' },
};

const AuditRowSchema = z
  .object({
    seq: z.number().int().openapi({ description: 'The row’s place in the trail: larger is newer.' }),
    at: z.string().openapi({ description: 'ISO-8601 UTC.' }),
    actor: z.string().openapi({ description: 'A key id, or "cli".' }),
    workspace: z.string().nullable(),
    action: z.string().openapi({ description: 'create, update, delete, revoke …' }),
    resource: z.string().openapi({ description: AUDITED_RESOURCES.join(', ') }),
    resourceId: z.string(),
    revision: z.number().int().nullable().openapi({ description: 'The revision written (datasets, scenarios, models), or null.' }),
    hash: z.string().nullable().openapi({
      description:
        "SHA-256 of the content written: a create's or update's content, a delete's deleted revision, a key's public record (never its secret). Null only on rows written before this was recorded.",
    }),
    detail: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .nullable()
      .openapi({ description: 'What else a reader needs: plain fields (a title, a scope, a row count, the visibility).' }),
  })
  .openapi('AuditRow');

const auditRoute = createRoute({
  method: 'get',
  path: '/v1/audit',
  tags: ['Access'],
  summary: 'The audit trail (admin): every write, newest first',
  description:
    'Filters combine (AND). Paged by seq: pass the answer’s nextCursor as ?cursor= for the next (older) page; nextCursor is null on the last. ?format=csv|tsv gives the page as a table, the next page in a Link header. 审计记录：每次写入的操作者、时间、内容与内容哈希。',
  security: KEY_REQUIRED,
  request: { query: AuditQuery },
  responses: {
    200: {
      description: 'A page of the trail',
      content: {
        'application/json': {
          schema: z.object({
            rows: z.array(AuditRowSchema),
            nextCursor: z.string().nullable().openapi({ description: 'Pass as ?cursor= for the next page; null on the last.' }),
            next: z.string().nullable().openapi({ description: 'The next page’s address, this page’s filters kept; null on the last.' }),
          }),
          example: { rows: [EXAMPLE_ROW], nextCursor: '42', next: '/v1/audit?resource=key&cursor=42' },
        },
        'text/csv': { schema: { type: 'string' } },
        'text/tab-separated-values': { schema: { type: 'string' } },
      },
    },
    ...problemResponses(
      {
        unauthorized: 'No key, or a key that is unknown or revoked.',
        forbidden: 'A key without the admin scope.',
        'invalid-request': 'A bad since, cursor or limit, a resource the trail does not record (unknown-audit-resource), or an unknown query parameter.',
        'too-many-requests': 'Over the rate limit (Retry-After).',
        'storage-unavailable': 'This deployment has no database.',
      },
      Problem,
    ),
  },
});

const COLUMNS = ['seq', 'at', 'actor', 'workspace', 'action', 'resource', 'resourceId', 'revision', 'hash', 'detail'] as const;

const cells = (r: AuditRow): string[] => [
  String(r.seq),
  r.at,
  r.actor,
  r.workspace ?? '',
  r.action,
  r.resource,
  r.resourceId,
  r.revision === null ? '' : String(r.revision),
  r.hash ?? '',
  r.detail === null ? '' : JSON.stringify(r.detail),
];

export function auditRoutes(app: OpenAPIHono): void {
  app.on('GET', '/v1/audit', adminFirst({ en: 'Reading the audit trail', zh: '查看审计记录' }));
  app.openapi(auditRoute, async (c) => {
    const refused = requireScope(c, 'admin', { en: 'Reading the audit trail', zh: '查看审计记录' });
    if (refused) return refused as never;
    const ready = storeOr503(c);
    if ('response' in ready) return ready.response as never;
    const q = c.req.valid('query');
    const { rows, nextCursor } = await readAudit(ready.store.db, {
      resource: q.resource,
      resourceId: q.id,
      actor: q.actor,
      since: q.since === undefined ? undefined : sinceValue(q.since),
      before: q.cursor === undefined ? undefined : Number(q.cursor),
      limit: q.limit === undefined ? DEFAULT_PAGE : Number(q.limit),
    });
    let next: string | null = null;
    if (nextCursor !== null) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(q)) if (typeof v === 'string' && k !== 'cursor') params.set(k, v);
      params.set('cursor', String(nextCursor));
      next = `/v1/audit?${params}`;
    }
    const format = q.format ?? 'json';
    if (format === 'json') return c.json({ rows, nextCursor: nextCursor === null ? null : String(nextCursor), next }, 200);
    if (next) c.header('link', `<${next}>; rel="next"`);
    return c.body(utf8(toDelimited([[...COLUMNS], ...rows.map(cells)], format)), 200, { 'content-type': MEDIA_TYPE[format] }) as never;
  });
}
