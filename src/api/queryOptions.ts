/**
 * The one set of query options every calculation route reads (issue 11, "one set of options"; issue 13):
 *
 *   ?format=json|csv|tsv|xlsx|xml|value   json by default; the others give one table of the answer for a
 *                          spreadsheet (src/api/respond.ts); value gives one cell of it, as bare text.
 *   ?explain=true|false    the trace (only true and false: one spelling, no 1/0/yes). On a route or a
 *                          problem kind without a trace, explain=true is a 422 saying so, never a no-op;
 *                          the trace is JSON only, so explain=true with any other format is a 422 too.
 *   ?table=<name>          which table a spreadsheet format gives, on routes whose answer holds several;
 *                          with json (which holds them all) it is a 422.
 *   ?region=<id>           with explain=true (routes with a trace): the trace (and rows) of that one region;
 *                          with format=value (routes whose rows are regions): the row of the cell. Whether the
 *                          id is one of the request's regions is the route's or the responder's check
 *                          (code unknown-region), made once the body is read.
 *   ?project=<id>          with format=value, on routes whose rows can be projects: the row of the cell.
 *   ?column=<id>           with format=value only, and required there: the cell's column ("amount").
 *   ?key=<secret>          an API key for clients that cannot send headers (WEBSERVICE); read by
 *                          src/api/access/principal.ts, accepted here on every route (strictQuery too).
 *   ?errors=text           a GET's problem as one line of text (read by the GET door); accepted everywhere.
 *
 * Any other parameter is a 422 naming it (`?name`) and listing the accepted ones, in both languages.
 */
import { z } from '@hono/zod-openapi';
import { issue, zodMessage } from '../messages/index.js';

export const FORMATS = ['json', 'csv', 'tsv', 'xlsx', 'xml', 'value'] as const;
export type Format = (typeof FORMATS)[number];
/** The formats of a list that is no table of an answer (the audit log's pages): JSON or delimited text. */
export const LIST_FORMATS = ['json', 'csv', 'tsv'] as const;

/** What each format gives, for the OpenAPI descriptions. */
export const FORMATS_SAID =
  'csv/tsv (UTF-8 with BOM, for Excel), xlsx (a workbook: the table with Chinese and English headers and numbers as numbers, and a summary sheet), xml (<table><row><id>…</id>…</row><total>…</total></table>, for FILTERXML), or value (one cell as bare text, for WEBSERVICE: with ?column=, and ?region= or ?project= for the row, else the total row)';

/** The options every query schema accepts, read by the access layer and the GET door. */
export const TRANSPORT_OPTIONS = {
  // no examples: /docs' Try it out sends every example
  key: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'A read-scope API key, for spreadsheet functions that cannot send an Authorization header (GET and HEAD only).' }),
  errors: z
    .enum(['text'])
    .optional()
    .openapi({ description: 'text: a problem of this GET is answered 200 text/plain, one line "#ERROR 422 code: English / 中文", for a spreadsheet cell.' }),
};

export interface QueryOptionsSpec<T extends string> {
  /** What the rows of csv/tsv are, for the OpenAPI description. */
  readonly rows: string;
  /** What the trace holds, or undefined when the route has none (explain=true is then refused). */
  readonly trace?: string;
  /** The tables csv/tsv can give, the first by default; only where an answer holds several. */
  readonly tables?: readonly [T, ...T[]];
  /** What the rows of its tables are, for format=value's ?region / ?project; none: only the total row. */
  readonly rowsAre?: readonly ('regions' | 'projects')[];
}

/** The route's options as its handler reads them. */
export interface QueryOptions<T extends string = string> {
  format: Format;
  explain: boolean;
  table?: T;
  /** ?region=<id>: with explain=true narrow the trace (and rows) to this region; with format=value the row. */
  region?: string;
  /** ?project=<id>: with format=value the row. */
  project?: string;
  /** ?column=<id>: with format=value the column. */
  column?: string;
}

const selector = (what: string) =>
  z
    .string()
    .min(1)
    .max(200)
    .optional()
    // no example: /docs' Try it out sends every example, and this needs format=value and one of the body's ids
    .openapi({ description: what });

/** The query schema of one calculation route: strict, with the shared grammar and rules above. */
export function queryOptions<T extends string = never>(spec: QueryOptionsSpec<T>) {
  const regions = spec.trace !== undefined || (spec.rowsAre ?? []).includes('regions');
  const projects = (spec.rowsAre ?? []).includes('projects');
  const accepted = [
    'format',
    'explain',
    ...(regions ? ['region'] : []),
    ...(projects ? ['project'] : []),
    'column',
    ...(spec.tables ? ['table'] : []),
    'key',
    'errors',
  ];
  const regionSaid = [
    ...(spec.trace ? ["with explain=true: the trace (and rows) of this one region only; one of the request's region ids"] : []),
    ...((spec.rowsAre ?? []).includes('regions') ? ['with format=value: the row of the cell (the region whose id this is)'] : []),
  ].join('; ');
  const shape = {
    format: z
      .enum(FORMATS)
      .optional()
      .openapi({ description: `json (default), or ${spec.rows} as ${FORMATS_SAID}.`, example: 'json' }),
    explain: z
      .enum(['true', 'false'])
      .optional()
      .openapi({
        description: spec.trace
          ? `true adds the trace: ${spec.trace} JSON only (with any other format it is a 422).`
          : 'This route has no trace: explain=true is a 422 saying so (false is accepted and changes nothing).',
        example: 'false',
      }),
    ...(regions ? { region: selector(`${regionSaid[0].toUpperCase()}${regionSaid.slice(1)}.`) } : {}),
    ...(projects ? { project: selector('With format=value: the row of the cell (the project whose id this is).') } : {}),
    column: selector(
      'With format=value (required there): the column of the cell, its id as in the JSON rows and the CSV header without the unit, e.g. amount.',
    ),
    ...(spec.tables
      ? {
          // no example: /docs' Try it out sends every example, and ?table beside the JSON default is a 422
          table: z
            .enum(spec.tables)
            .optional()
            .openapi({ description: `Which table CSV/TSV/XLSX/XML/value gives (default ${spec.tables[0]}); JSON holds them all.` }),
        }
      : {}),
    ...TRANSPORT_OPTIONS,
  };
  return z.looseObject(shape).superRefine((q, ctx) => {
    for (const key of Object.keys(q)) {
      if (accepted.includes(key)) continue;
      const better =
        key === 'project' && regions
          ? ('rows-are-regions' as const)
          : key === 'region' && projects
            ? ('rows-are-projects' as const)
            : key === 'table'
              ? ('one-table' as const)
              : undefined;
      const said = { name: key, accepted: shown(accepted), form: true, ...(better ? { better } : {}) } as const;
      ctx.addIssue({ code: 'custom', path: [key], ...zodMessage('unknown-query-parameter', said) });
    }
    const format = q.format ?? 'json';
    const value = format === 'value';
    if (q.explain === 'true' && !spec.trace) {
      ctx.addIssue({ code: 'custom', path: ['explain'], ...zodMessage('no-trace') });
    } else if (q.explain === 'true' && format !== 'json') {
      ctx.addIssue({ code: 'custom', path: ['explain'], ...zodMessage('trace-json-only', { format }) });
    }
    if (regions && 'region' in q && q.region !== undefined) {
      const byTrace = spec.trace !== undefined && q.explain === 'true';
      const byValue = value && (spec.rowsAre ?? []).includes('regions');
      if (!byTrace && !byValue) {
        const said = spec.trace ? zodMessage('region-needs-explain') : zodMessage('region-needs-value');
        ctx.addIssue({ code: 'custom', path: ['region'], ...said });
      }
    }
    if (projects && 'project' in q && q.project !== undefined) {
      if (!value) ctx.addIssue({ code: 'custom', path: ['project'], ...zodMessage('project-needs-value') });
      else if ('region' in q && q.region !== undefined) ctx.addIssue({ code: 'custom', path: ['project'], ...zodMessage('one-row-selector') });
    }
    if ('column' in q && q.column !== undefined && !value) {
      ctx.addIssue({ code: 'custom', path: ['column'], ...zodMessage('column-needs-value') });
    }
    if (value && (!('column' in q) || q.column === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['column'], ...zodMessage('column-required') });
    }
    if (spec.tables && 'table' in q && q.table !== undefined && format === 'json') {
      ctx.addIssue({ code: 'custom', path: ['table'], ...zodMessage('table-needs-csv') });
    }
  });
}

/** The accepted names a message lists: ?key and ?errors are everywhere, and would only crowd it. */
function shown(accepted: readonly string[]): string[] {
  return accepted.filter((k) => k !== 'key' && k !== 'errors');
}

/**
 * The query schema of a route that takes only the given parameters (GET /v1/models?kind= …): any other is a
 * 422 naming it and listing the accepted ones, as on the calculation routes (code unknown-query-parameter).
 */
export function strictQuery<S extends z.ZodRawShape>(shape: S) {
  const own = Object.keys(shape);
  const accepted = [...own, ...Object.keys(TRANSPORT_OPTIONS)];
  return z.looseObject({ ...shape, ...TRANSPORT_OPTIONS }).superRefine((q, ctx) => {
    for (const key of Object.keys(q)) {
      if (!accepted.includes(key)) ctx.addIssue({ code: 'custom', path: [key], ...zodMessage('unknown-query-parameter', { name: key, accepted: own }) });
    }
  });
}

/**
 * The query of a table-shaped GET (a dataset revision, a saved scenario's result): ?format as on the
 * calculation routes, and format=value's ?column with ?region / ?project, under the same rules; plus the
 * route's own parameters (`shape`), all strict.
 */
export function tableQuery<S extends z.ZodRawShape>(formatSaid: string, shape: S) {
  return strictQuery({
    format: z.enum(FORMATS).optional().openapi({ description: formatSaid, example: 'json' }),
    region: selector('With format=value: the row of the cell (the region whose id this is).'),
    project: selector('With format=value: the row of the cell (the project whose id this is).'),
    column: selector('With format=value (required there): the column of the cell, its id as in the JSON rows (e.g. amount, poverty).'),
    ...shape,
  }).superRefine((q, ctx) => {
    const value = q.format === 'value';
    if (q.region !== undefined && !value) ctx.addIssue({ code: 'custom', path: ['region'], ...zodMessage('region-needs-value') });
    if (q.project !== undefined && !value) ctx.addIssue({ code: 'custom', path: ['project'], ...zodMessage('project-needs-value') });
    if (q.region !== undefined && q.project !== undefined) ctx.addIssue({ code: 'custom', path: ['project'], ...zodMessage('one-row-selector') });
    if (q.column !== undefined && !value) ctx.addIssue({ code: 'custom', path: ['column'], ...zodMessage('column-needs-value') });
    if (value && q.column === undefined) ctx.addIssue({ code: 'custom', path: ['column'], ...zodMessage('column-required') });
  });
}

/** The options as a handler reads them (the schema stays a plain object so the OpenAPI document shows it). */
export function readOptions<T extends string = never>(
  query: { format?: Format; explain?: 'true' | 'false'; table?: unknown; region?: unknown; project?: unknown; column?: unknown },
  tables?: readonly [T, ...T[]],
): QueryOptions<T> {
  const out: QueryOptions<T> = { format: query.format ?? 'json', explain: query.explain === 'true' };
  // the schema has already checked ?table against these names
  if (tables) out.table = (query.table as T | undefined) ?? tables[0];
  // …and that ?region comes with explain=true on a traced route, or with format=value; ?project and ?column with format=value
  if (typeof query.region === 'string') out.region = query.region;
  if (typeof query.project === 'string') out.project = query.project;
  if (typeof query.column === 'string') out.column = query.column;
  return out;
}

/** explain=true where the route has a trace but this problem kind has none (an optimization's portfolio …). */
export function noTraceFor(what: { en: string; zh: string }) {
  return issue('?explain', 'no-trace-for-kind', what);
}
