/**
 * The one set of query options every calculation route reads (issue 11, "one set of options"):
 *
 *   ?format=json|csv|tsv   json by default; csv/tsv give the answer's rows for a spreadsheet.
 *   ?explain=true|false    the trace (only true and false: one spelling, no 1/0/yes). On a route or a
 *                          problem kind without a trace, explain=true is a 422 saying so, never a no-op;
 *                          the trace is JSON only, so explain=true with csv/tsv is a 422 too.
 *   ?table=<name>          which table csv/tsv gives, on routes whose answer holds several; with json
 *                          (which holds them all) it is a 422.
 *
 * Any other parameter is a 422 naming it (`?name`) and listing the accepted ones, in both languages.
 */
import { z } from '@hono/zod-openapi';
import { bilingual } from '../schema/common.js';

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
}

/** The query schema of one calculation route: strict, with the shared grammar and rules above. */
export function queryOptions<T extends string = never>(spec: QueryOptionsSpec<T>) {
  const accepted = ['format', 'explain', ...(spec.tables ? ['table'] : [])];
  const shape = {
    format: z.enum(FORMATS).optional().openapi({ description: `json (default), or ${spec.rows} as CSV/TSV (UTF-8 with BOM, for Excel).`, example: 'json' }),
    explain: z
      .enum(['true', 'false'])
      .optional()
      .openapi({
        description: spec.trace
          ? `true adds the trace: ${spec.trace} JSON only (with format=csv or tsv it is a 422).`
          : 'This route has no trace: explain=true is a 422 saying so (false is accepted and changes nothing).',
        example: 'false',
      }),
    ...(spec.tables
      ? {
          // no example: /docs' Try it out sends every example, and ?table beside the JSON default is a 422
          table: z.enum(spec.tables).optional().openapi({ description: `Which table CSV/TSV gives (default ${spec.tables[0]}); JSON holds them all.` }),
        }
      : {}),
  };
  return z
    .looseObject(shape)
    .superRefine((q, ctx) => {
      const list = accepted.map((k) => `?${k}`).join(', ');
      for (const key of Object.keys(q)) {
        if (accepted.includes(key)) continue;
        ctx.addIssue({
          code: 'custom',
          path: [key],
          ...bilingual(
            `unknown query parameter "?${key}"; this route accepts ${list}.`,
            `未知查询参数 "?${key}"；本接口只接受 ${accepted.map((k) => `?${k}`).join('、')}。`,
          ),
        });
      }
      if (q.explain === 'true' && !spec.trace) {
        ctx.addIssue({ code: 'custom', path: ['explain'], ...noTrace() });
      } else if (q.explain === 'true' && q.format !== undefined && q.format !== 'json') {
        ctx.addIssue({
          code: 'custom',
          path: ['explain'],
          ...bilingual(
            `the trace is JSON only: drop ?explain or ask for format=json (format=${q.format} gives the rows without it).`,
            `计算过程仅以 JSON 提供：请去掉 ?explain，或使用 format=json（format=${q.format} 只给出数据行）。`,
          ),
        });
      }
      if (spec.tables && 'table' in q && q.table !== undefined && (q.format ?? 'json') === 'json') {
        ctx.addIssue({
          code: 'custom',
          path: ['table'],
          ...bilingual(
            '?table picks the table for format=csv or tsv; JSON holds every table: add format=csv or drop ?table.',
            '?table 用于选择 format=csv 或 tsv 导出的表；JSON 已包含全部表：请加上 format=csv 或去掉 ?table。',
          ),
        });
      }
    });
}

/** The options as a handler reads them (the schema stays a plain object so the OpenAPI document shows it). */
export function readOptions<T extends string = never>(query: { format?: Format; explain?: 'true' | 'false'; table?: unknown }, tables?: readonly [T, ...T[]]): QueryOptions<T> {
  const out: QueryOptions<T> = { format: query.format ?? 'json', explain: query.explain === 'true' };
  // the schema has already checked ?table against these names
  if (tables) out.table = (query.table as T | undefined) ?? tables[0];
  return out;
}

/** Built at each use: zod rewrites the params object it is given (see schemas.bilingual). */
const noTrace = () =>
  bilingual(
    'this route has no trace to explain its answer; drop ?explain (its rows already say how each value was found).',
    '本接口没有可展示的计算过程；请去掉 ?explain（各行已说明每个数值的由来）。',
  );

/** explain=true where the route has a trace but this problem kind has none (an optimization's portfolio …). */
export function noTraceFor(what: { en: string; zh: string }) {
  return {
    path: '?explain',
    en: `${what.en} has no trace; drop ?explain (the trace is given for regions solved by the direct method).`,
    zh: `${what.zh}没有计算过程；请去掉 ?explain（计算过程仅用于按直接法求解的地区分配）。`,
  };
}
