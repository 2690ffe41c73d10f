/**
 * The GET forms in /openapi.json: one GET operation beside each calculation route's POST, with the POST's
 * options and answers (its handler is the POST's, through the door: src/api/sheets/door.ts), the door's own
 * parameters, and the grammar with an example URL in its description.
 */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { EVALUATION_EXAMPLES, MONITORING_EXAMPLES } from '../examples.js';
import { CALCULATION_ROUTES, REFERENCE_SPOTS } from '../references/resolve.js';
import { formQuery } from './formQuery.js';

interface RouteEntry {
  method: string;
  path: string;
  tags?: string[];
  summary?: string;
  description?: string;
  operationId?: string;
  security?: unknown;
  request?: { query?: unknown };
  responses: Record<string, { description: string; headers?: unknown; content?: Record<string, unknown> }>;
}

/** A short example URL per route: by dataset where the route takes rows by dataset, else inline. */
function exampleOf(route: string): string {
  if (route === '/v1/allocations')
    return '/v1/allocations?dataset=sample-20&model=sichuan-2024&total=5000&unit=wan&weights.policy=0.40&weights.performance=0&format=csv';
  if (route === '/v1/allocations/compare') {
    return '/v1/allocations/compare?dataset=sample-20&model=sichuan-2024&total=5000&unit=wan&variants.0.name=policy%2040%25&variants.0.weights.policy=0.40&format=csv';
  }
  const bodies: Record<string, unknown> = {
    '/v1/evaluations': EVALUATION_EXAMPLES.seed004.value,
    '/v1/monitoring': MONITORING_EXAMPLES.june2024.value,
  };
  const body = bodies[route];
  if (body) return `${route}?${new URLSearchParams(formQuery(route, body as Record<string, unknown>)).toString().replaceAll('+', '%20')}`;
  const spot = REFERENCE_SPOTS[route]?.rows[0];
  return spot ? `${route}?dataset=<${spot.kind} dataset id>&…` : `${route}?…`;
}

const GRAMMAR = [
  'The same calculation as the POST, for spreadsheets that can only fetch a URL (WEBSERVICE, IMPORTDATA, Power Query): the query is the request.',
  '- Options stay options: format, explain, table, region, project, column; `key` is a read-only API key (for clients that cannot send headers; a write key there is a 403); `errors=text` answers a 4xx as 200 text/plain, one line `#ERROR <status> <code>: …` for a cell.',
  "- `dataset=<id>` (+ `revision=<n>`) is the rows of the route's first row list (or the one `rows=regions|projects` names); `regions=<id>[@n]`, `projects=<id>[@n]` name a list; `lastYear=<scenario>[@n]` last year's amounts (allocations).",
  "- Every other name is a dotted path into the request body, a number a list index: `overrides.weights.policy=0.40`, `regions.0.id=A`. On /v1/allocations `weights.X` is `overrides.weights.X`; on /v1/allocations/compare names are the baseline's unless they start with `baseline.` or `variants.` (`variants.0.weights.X` is `variants.0.overrides.weights.X`).",
  '- Values: `true`, `false`, `null`; JSON when it starts with `{`, `[` or `"` (`"123"` is a string); a number when its shortest text is itself (`5000`; `0.40` stays the exact decimal string); else the text.',
  '- A name given twice, or two names for one place (`a.b=1&a=2`), is a 422 naming both.',
  '- A 200 carries a strong ETag (SHA-256 of the answer) and Cache-Control: no-cache; If-None-Match → 304. HEAD answers the same without a body.',
].join('\n');

export function documentForms(registry: OpenAPIHono['openAPIRegistry']): void {
  const posts = (registry.definitions as { type?: string; route?: RouteEntry }[])
    .filter((d) => d.type === 'route' && d.route?.method === 'post' && CALCULATION_ROUTES.includes(d.route.path))
    .map((d) => d.route!);
  for (const post of posts) {
    const spots = REFERENCE_SPOTS[post.path];
    const options = (post.request?.query as { shape?: Record<string, z.ZodType> } | undefined)?.shape ?? {};
    const ref = (what: string) => z.string().min(1).optional().openapi({ description: what });
    const query = z.object({
      ...options,
      key: z.string().optional().openapi({
        description:
          'A read-only API key, for clients that cannot send the Authorization header (a write or admin key here is a 403; both a header and ?key: 400).',
      }),
      errors: z
        .enum(['text'])
        .optional()
        .openapi({ description: 'text: a 4xx answers 200 text/plain, one line `#ERROR <status> <code>: <where>: <English> / <where>：<中文>` for a cell.' }),
      ...(spots.rows.length > 0
        ? {
            dataset: ref(`A dataset's id: its rows are the request's ${spots.rows[0].path.join('.')} (or the list ?rows names).`),
            revision: z
              .string()
              .regex(/^[1-9][0-9]*$/)
              .optional()
              .openapi({ description: "The dataset's revision (default its head)." }),
            ...(spots.rows.length > 1
              ? {
                  rows: z
                    .enum(spots.rows.map((s) => s.kind) as [string, ...string[]])
                    .optional()
                    .openapi({ description: 'Which list ?dataset fills.' }),
                }
              : {}),
            ...Object.fromEntries(
              spots.rows.map((s) => [s.kind, ref(`<id> or <id>@<revision>: a dataset of ${s.kind} as the request's ${s.path.join('.')}.`)]),
            ),
          }
        : {}),
      ...(spots.lastYear ? { lastYear: ref("<id> or <id>@<revision>: a saved scenario whose amounts are each region's last-year amount.") } : {}),
    });
    const responses: RouteEntry['responses'] = {};
    for (const [status, entry] of Object.entries(post.responses)) {
      if (status === '413' || status === '415') continue; // no body
      responses[status] = entry;
    }
    const ok = post.responses['200'];
    responses['200'] = {
      ...ok,
      headers: {
        ETag: {
          description: 'Strong: the SHA-256 of these bytes. Send it in If-None-Match to get a 304 when the answer is the same.',
          schema: { type: 'string' },
        },
        'Cache-Control': { description: 'no-cache: every refresh asks again (a dataset may have a new head revision).', schema: { type: 'string' } },
      },
      content: { ...ok.content, ...(ok.content?.['text/plain'] ? {} : { 'text/plain': { schema: { type: 'string' } } }) },
    };
    responses['304'] = { description: 'If-None-Match named the ETag: the answer is unchanged (no body).' };
    registry.registerPath({
      method: 'get',
      path: post.path,
      ...(post.tags ? { tags: post.tags } : {}),
      summary: `${post.summary ?? post.path} — as a URL (GET form, for spreadsheets)`,
      description: `${GRAMMAR}\n\nExample: \`${exampleOf(post.path)}\``,
      ...(post.operationId ? { operationId: `${post.operationId}Form` } : {}),
      request: { query },
      responses: responses as never,
    });
  }
}
