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

/** The grammar, said for one route: the options its POST takes (`options`), the body names it reads first (`names`). */
const grammar = (route: string, options: readonly string[], names: readonly string[]) =>
  [
    'The same calculation as the POST, for spreadsheets that can only fetch a URL (WEBSERVICE, IMPORTDATA, Power Query): the query is the request.',
    `- The request's own fields by name${names.length > 0 ? ` (first ${names.map((n) => `\`${n}\``).join(', ')})` : ''}: every name that is not an option is a dotted path into the request body, a number a list index: \`overrides.weights.policy=0.40\`, \`regions.0.id=A\`.${
      route === '/v1/allocations'
        ? ' `weights.X` is `overrides.weights.X` (a factor id of the model, e.g. `weights.policy=0.40`).'
        : route === '/v1/allocations/compare'
          ? " Names are the baseline's unless they start with `baseline.` or `variants.` (`variants.0.weights.X` is `variants.0.overrides.weights.X`; `weights.X` the baseline's)."
          : ''
    }`,
    `- Options stay options: ${options.join(', ')}; \`key\` is a read-only API key (for clients that cannot send headers; a write key there is a 403); \`errors=text\` answers a 4xx as 200 text/plain, one line \`#ERROR <status> <code>: …\` for a cell.`,
    ...(REFERENCE_SPOTS[route]?.rows.length
      ? [
          `- \`dataset=<id>\` (+ \`revision=<n>\`) is the rows of the request's ${REFERENCE_SPOTS[route].rows[0].path.join('.')}${REFERENCE_SPOTS[route].rows.length > 1 ? ' (or the list `rows=regions|projects` names)' : ''}; ${REFERENCE_SPOTS[route].rows.map((r) => `\`${r.kind}=<id>[@n]\``).join(', ')} name${REFERENCE_SPOTS[route].rows.length > 1 ? '' : 's'} a list by dataset${REFERENCE_SPOTS[route].lastYear ? "; `lastYear=<scenario>[@n]` last year's amounts" : ''}.`,
        ]
      : []),
    ...GRAMMAR_TAIL,
  ].join('\n');

const GRAMMAR_TAIL = [
  '- Values: `true`, `false`, `null`; JSON when it starts with `{`, `[` or `"` (`"123"` is a string); a number when its shortest text is itself (`5000`; `0.40` stays the exact decimal string); else the text.',
  '- A name given twice, or two names for one place (`a.b=1&a=2`), is a 422 naming both.',
  '- A 200 carries a strong ETag (SHA-256 of the answer) and Cache-Control: no-cache; If-None-Match → 304. HEAD answers the same without a body.',
];

/** The options of the answer a route's POST takes (its query schema), in the words of the grammar. */
const ANSWER_OPTIONS = ['format', 'explain', 'table', 'region', 'project', 'column'];

type Field = z.ZodType & { def: { type: string; innerType?: Field; options?: Field[] } };

/**
 * The body's top-level fields a query can write as one value (a text, a number, a choice): documented as
 * parameters with their own schema (and its description). A field that is a model id or an inline model
 * takes its id form; objects and lists stay dotted names in the description.
 */
function scalarFields(body: unknown): Record<string, z.ZodType> {
  const shape = (body as { shape?: Record<string, Field> } | undefined)?.shape ?? {};
  const out: Record<string, z.ZodType> = {};
  const scalar = (t: string) => ['string', 'number', 'enum', 'boolean', 'literal'].includes(t);
  for (const [name, field] of Object.entries(shape)) {
    const optional = field.def.type === 'optional';
    const inner = optional && field.def.innerType ? field.def.innerType : field;
    let schema: z.ZodType | undefined;
    if (scalar(inner.def.type)) schema = inner;
    else if (inner.def.type === 'union' && inner.def.options) {
      const options = inner.def.options;
      if (options.every((o) => scalar(o.def.type))) schema = inner;
      else if (name === 'model' && options.some((o) => o.def.type === 'string')) {
        schema = z
          .string()
          .openapi({ description: 'The model by id (e.g. sichuan-2024; GET /v1/models lists them); an inline model is sent in a POST body.' });
      }
    }
    if (schema) out[name] = optional ? schema.optional() : schema;
  }
  return out;
}

export function documentForms(registry: OpenAPIHono['openAPIRegistry']): void {
  const posts = (registry.definitions as { type?: string; route?: RouteEntry }[])
    .filter((d) => d.type === 'route' && d.route?.method === 'post' && CALCULATION_ROUTES.includes(d.route.path))
    .map((d) => d.route!);
  for (const post of posts) {
    const spots = REFERENCE_SPOTS[post.path];
    const options = (post.request?.query as { shape?: Record<string, z.ZodType> } | undefined)?.shape ?? {};
    const body = (post.request as { body?: { content?: Record<string, { schema?: unknown }> } } | undefined)?.body?.content?.['application/json']?.schema;
    // on /v1/allocations/compare a name outside baseline./variants. is the baseline's (formQuery.ts)
    const named = post.path === '/v1/allocations/compare' ? (body as { shape?: { baseline?: unknown } } | undefined)?.shape?.baseline : body;
    const fields = scalarFields(named);
    const ref = (what: string) => z.string().min(1).optional().openapi({ description: what });
    const query = z.object({
      ...fields,
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
      description: `${grammar(
        post.path,
        ANSWER_OPTIONS.filter((o) => o in options),
        [...Object.keys(fields), ...(post.path.startsWith('/v1/allocations') ? ['weights.X'] : [])],
      )}\n\nExample: \`${exampleOf(post.path)}\``,
      ...(post.operationId ? { operationId: `${post.operationId}Form` } : {}),
      request: { query },
      responses: responses as never,
    });
  }
}
