/**
 * The one set of query options every calculation route reads (issue 11, "one set of options"):
 *
 *   ?format=json|csv|tsv   json by default; csv/tsv give the answer's rows for a spreadsheet.
 *   ?explain=true|false    the trace (only true and false: one spelling, no 1/0/yes). On a route or a
 *                          problem kind without a trace, explain=true is a 422 saying so, never a no-op;
 *                          the trace is JSON only, so explain=true with csv/tsv is a 422 too.
 *   ?table=<name>          which table csv/tsv gives, on routes whose answer holds several; with json
 *                          (which holds them all) it is a 422.
 *   ?region=<id>           only on routes with a trace, and only with explain=true: the trace (and rows) of
 *                          that one region. Whether the id is one of the request's regions is the route's
 *                          check (code unknown-region), made once the body is read.
 *
 * Any other parameter is a 422 naming it (`?name`) and listing the accepted ones, in both languages.
 */
import { z } from '@hono/zod-openapi';
import { issue, zodMessage } from '../messages/index.js';

export const FORMATS = ['json', 'csv', 'tsv'] as const;
export type Format = (typeof FORMATS)[number];

export interface QueryOptionsSpec<T extends string> {
  /** What the rows of csv/tsv are, for the OpenAPI description. */
  readonly rows: string;
  /** What the trace holds, or undefined when the route has none (explain=true is then refused). */
  readonly trace?: string;
  /** The tables csv/tsv can give, the first by default; only where an answer holds several. */
  readonly tables?: readonly [T, ...T[]];
}

/** The route's options as its handler reads them. */
export interface QueryOptions<T extends string = string> {
  format: Format;
  explain: boolean;
  table?: T;
  /** ?region=<id>: narrow the trace (and rows) to this region; only given with explain=true. */
  region?: string;
}

/** The query schema of one calculation route: strict, with the shared grammar and rules above. */
export function queryOptions<T extends string = never>(spec: QueryOptionsSpec<T>) {
  const accepted = ['format', 'explain', ...(spec.trace ? ['region'] : []), ...(spec.tables ? ['table'] : [])];
  const shape = {
    format: z
      .enum(FORMATS)
      .optional()
      .openapi({ description: `json (default), or ${spec.rows} as CSV/TSV (UTF-8 with BOM, for Excel).`, example: 'json' }),
    explain: z
      .enum(['true', 'false'])
      .optional()
      .openapi({
        description: spec.trace
          ? `true adds the trace: ${spec.trace} JSON only (with format=csv or tsv it is a 422).`
          : 'This route has no trace: explain=true is a 422 saying so (false is accepted and changes nothing).',
        example: 'false',
      }),
    ...(spec.trace
      ? {
          // no example: /docs' Try it out sends every example, and ?region needs explain=true and one of the body's ids
          region: z
            .string()
            .min(1)
            .max(200)
            .optional()
            .openapi({ description: "With explain=true: the trace (and rows) of this one region only; one of the request's region ids." }),
        }
      : {}),
    ...(spec.tables
      ? {
          // no example: /docs' Try it out sends every example, and ?table beside the JSON default is a 422
          table: z
            .enum(spec.tables)
            .optional()
            .openapi({ description: `Which table CSV/TSV gives (default ${spec.tables[0]}); JSON holds them all.` }),
        }
      : {}),
  };
  return z.looseObject(shape).superRefine((q, ctx) => {
    for (const key of Object.keys(q)) {
      if (accepted.includes(key)) continue;
      ctx.addIssue({ code: 'custom', path: [key], ...zodMessage('unknown-query-parameter', { name: key, accepted }) });
    }
    if (q.explain === 'true' && !spec.trace) {
      ctx.addIssue({ code: 'custom', path: ['explain'], ...zodMessage('no-trace') });
    } else if (q.explain === 'true' && q.format !== undefined && q.format !== 'json') {
      ctx.addIssue({ code: 'custom', path: ['explain'], ...zodMessage('trace-json-only', { format: q.format }) });
    }
    if (spec.trace && 'region' in q && q.region !== undefined && q.explain !== 'true') {
      ctx.addIssue({ code: 'custom', path: ['region'], ...zodMessage('region-needs-explain') });
    }
    if (spec.tables && 'table' in q && q.table !== undefined && (q.format ?? 'json') === 'json') {
      ctx.addIssue({ code: 'custom', path: ['table'], ...zodMessage('table-needs-csv') });
    }
  });
}

/**
 * The query schema of a route that takes only the given parameters (GET /v1/models?kind= …): any other is a
 * 422 naming it and listing the accepted ones, as on the calculation routes (code unknown-query-parameter).
 */
export function strictQuery<S extends z.ZodRawShape>(shape: S) {
  const accepted = Object.keys(shape);
  return z.looseObject(shape).superRefine((q, ctx) => {
    for (const key of Object.keys(q)) {
      if (!accepted.includes(key)) ctx.addIssue({ code: 'custom', path: [key], ...zodMessage('unknown-query-parameter', { name: key, accepted }) });
    }
  });
}

/** The options as a handler reads them (the schema stays a plain object so the OpenAPI document shows it). */
export function readOptions<T extends string = never>(
  query: { format?: Format; explain?: 'true' | 'false'; table?: unknown; region?: unknown },
  tables?: readonly [T, ...T[]],
): QueryOptions<T> {
  const out: QueryOptions<T> = { format: query.format ?? 'json', explain: query.explain === 'true' };
  // the schema has already checked ?table against these names
  if (tables) out.table = (query.table as T | undefined) ?? tables[0];
  // …and that ?region comes with explain=true on a traced route
  if (typeof query.region === 'string') out.region = query.region;
  return out;
}

/** explain=true where the route has a trace but this problem kind has none (an optimization's portfolio …). */
export function noTraceFor(what: { en: string; zh: string }) {
  return issue('?explain', 'no-trace-for-kind', what);
}
