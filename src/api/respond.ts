/**
 * The one responder of every calculation route: the JSON envelope, or one table in a spreadsheet's format.
 *
 *   JSON: { model: {id, version} | null, unit, summary, rows, …the route's other parts, provenance }
 *   CSV/TSV: the chosen table (?table=, else the first), money columns named with the unit
 *            ("amount (wan)"), then a total row ("total · 合计") summing the columns marked `sum`, exactly.
 *   XML (format/xml.ts), XLSX (format/xlsx.ts): the same table, the same total row.
 *   value (format/value.ts): one cell of it, ?column= and ?region= / ?project= (else the total row).
 *
 * A route builds an Answer from its result; the responder does the rest, the same way everywhere.
 */
import DecimalJs from 'decimal.js';
import type { Context } from 'hono';
import { MEDIA_TYPE, toDelimited } from './format.js';
import { valueOf } from './format/value.js';
import { findUnrepresentable, toXml } from './format/xml.js';
import { headerOf, sheetName, type SummaryLine, toXlsx, XLSX_TYPE } from './format/xlsx.js';
import { headerText } from './references/middleware.js';
import type { ReferenceUsed } from './references/resolve.js';
import { invalid } from './problem.js';
import { jsonUtf8 } from './jsonBytes.js';
import { type ModelUsed, provenance } from './provenance.js';
import type { QueryOptions } from './queryOptions.js';

/** One column of a spreadsheet table. */
export interface Column {
  /** The header: the JSON field's name, so a column maps back to the answer. */
  readonly id: string;
  /** Holds money in the answer's unit: the header says the unit, "amount (wan)". */
  readonly money?: boolean;
  /** Summed (exactly) in the total row; money columns are summed unless `sum: false`. */
  readonly sum?: boolean;
  /** The header's title in XLSX where the column is named by the request or model (src/messages/columns.ts has the rest). */
  readonly title?: { readonly zh: string; readonly en: string };
  /** Its cells stay text in XLSX even where they look like numbers (the dictionary marks the fixed ones). */
  readonly text?: boolean;
}

export interface Table {
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly string[])[];
  /** The total row's cells where the sum of a column is not the total (a share of the whole …); by column id. */
  readonly total?: Readonly<Record<string, string>>;
}

export interface Answer {
  /** The model as used (after overrides), or null on routes that take none. */
  readonly model: ModelUsed | null;
  /** The unit of every amount in the answer ("wan", "yuan"), or null where there is none. */
  readonly unit: string | null;
  readonly summary: unknown;
  readonly rows: readonly unknown[];
  /** The answer's other parts, after rows: books, groups, other tables, the trace … */
  readonly extra?: Readonly<Record<string, unknown>>;
  /** The tables CSV/TSV can give, by ?table name; the first is the default. Built only when asked. */
  readonly tables: () => Readonly<Record<string, Table>>;
}

/** The request as the route read it, for the provenance hash. */
export interface Asked {
  readonly route: string;
  readonly body: unknown;
}

/** Sums of up to 10,000 amounts of ≤ 10^15 with ≤ 12 decimals need ~32 digits: 100 keeps every one exact. */
const Decimal = DecimalJs.clone({ precision: 100 });

export const TOTAL_LABEL = 'total · 合计';

/**
 * The body goes to the Response as UTF-8 bytes, not as a string: undici converts a string body to a
 * well-formed string first (a copy of the whole 1.1 MB answer at 2,900 regions) before encoding it. The
 * texts here are always well formed (JSON.stringify escapes lone surrogates; names refuse them), so the
 * bytes are the same. They are written with encodeInto into a buffer of the worst-case size (3 bytes per
 * UTF-16 unit): on Node that is ~5× faster than encode (0.6 ms against 3.1 ms for the 1.1 MB answer).
 */
const encoder = new TextEncoder();
export function utf8(text: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(text.length * 3); // a fresh buffer, never shared
  const { written } = encoder.encodeInto(text, bytes);
  return bytes.subarray(0, written);
}

export async function respond(c: Context, asked: Asked, answer: Answer, options: QueryOptions): Promise<Response> {
  if (options.format !== 'json') {
    const tables = answer.tables();
    const name = options.table ?? Object.keys(tables)[0];
    return respondTable(c, asked, answer, name, tables[name], options);
  }
  const envelope = {
    model: answer.model ? { id: answer.model.id, version: answer.model.version } : null,
    unit: answer.unit,
    summary: answer.summary,
    rows: answer.rows,
    ...answer.extra,
    provenance: await provenance(asked.route, hashedQuery(c, false), asked.body, answer.model),
  };
  return c.body(jsonUtf8(envelope), 200, { 'content-type': 'application/json' });
}

/**
 * The query as the provenance hashes it: every parameter but ?key (a secret, and who asks does not change the
 * answer) and ?errors (how a problem is shown); without ?format too for the XLSX summary, so its request
 * hash is the JSON answer's (asked without ?format).
 */
function hashedQuery(c: Context, withoutFormat: boolean): Record<string, string> {
  const query = c.req.queries();
  const flat: Record<string, string> = {};
  for (const key of Object.keys(query).sort()) {
    if (key === 'key' || key === 'errors' || (withoutFormat && key === 'format')) continue;
    flat[key] = query[key].join(',');
  }
  return flat;
}

/** One table of the answer in the format asked: CSV/TSV, XML, XLSX, or one of its cells. */
async function respondTable(c: Context, asked: Asked, answer: Answer, name: string, table: Table, options: QueryOptions): Promise<Response> {
  if (options.format === 'csv' || options.format === 'tsv') {
    return c.body(utf8(toDelimited(tableCells(table, answer.unit), options.format)), 200, { 'content-type': MEDIA_TYPE[options.format] });
  }
  const cells = tableCells(table, answer.unit);
  const total = cells[cells.length - 1];
  const date = today();
  // set by the references middleware (src/api/references/middleware.ts) when the request named datasets or scenarios
  const used = c.get('references') ?? [];
  return respondCells(c, options, {
    name,
    unit: answer.unit,
    columns: table.columns,
    rows: table.rows,
    total,
    model: answer.model?.content,
    file: `${asked.route.replace(/^\/v1\//, '').replace(/\//g, '-')}-${date}`,
    references: used.length > 0 ? used.map(headerText).join(', ') : undefined,
    title: `${sheetName(name)} · ${asked.route}`,
    date,
    summary: async () => {
      // the summary sheet names what made the answer, as the JSON's provenance does, and what a person
      // needs to ask it again: the overrides asked and the datasets (or scenarios) read, at which revision
      const made = await provenance(asked.route, hashedQuery(c, true), asked.body, answer.model);
      const firstMoney = table.columns.findIndex((col) => col.money);
      const overrides = (asked.body as { overrides?: unknown } | null)?.overrides;
      return [
        ['表 · table', name],
        ['单位 · unit', answer.unit ?? ''],
        ...(firstMoney >= 0
          ? [[`合计 · total: ${headerOf(table.columns[firstMoney], answer.unit, answer.model?.content)}`, total[firstMoney], true] as const]
          : []),
        ['模型 · model', answer.model?.id ?? ''],
        ['模型版本 · model version', answer.model?.version ?? ''],
        ...(overrides !== undefined ? [['调整 · overrides', JSON.stringify(overrides)] as const] : []),
        ...used.flatMap(referenceLines),
        ['服务版本 · service version', made.service],
        ['模型哈希 · model hash', made.model?.hash ?? ''],
        ['请求哈希 · request hash', made.request],
        ['日期 · date (UTC)', date],
      ];
    },
  });
}

/** A reference read, as summary lines: which dataset (or scenario) at which pointer, its revision and content hash. */
function referenceLines(r: ReferenceUsed): SummaryLine[] {
  const what: SummaryLine = 'dataset' in r ? [`数据集 · dataset ${r.pointer}`, r.dataset] : [`情景 · scenario ${r.pointer}`, r.scenario];
  return [what, [`版本 · revision ${r.pointer}`, String(r.revision), true], [`内容哈希 · content hash ${r.pointer}`, r.hash]];
}

/** The day of the answer, in UTC: the XLSX's file name and summary. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** A table as XML, XLSX or one cell: the calculation routes' answers and the table-shaped GETs alike. */
export interface CellsOut {
  readonly name: string;
  readonly unit: string | null;
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly string[])[];
  /** The total row's cells; a dataset has none. */
  readonly total?: readonly string[];
  /** XLSX's header row as written, where it is not titled from the dictionary (a dataset's, which maps back on upload). */
  readonly header?: readonly string[];
  /** The model used, for the titles of its factors. */
  readonly model?: unknown;
  /** The XLSX file's name, without ".xlsx". */
  readonly file: string;
  /** The references read, as X-References writes them: XML's root attribute `references`. */
  readonly references?: string;
  /** The workbook's title and date (its document properties); the date defaults to today. */
  readonly title?: string;
  readonly date?: string;
  /** XLSX's summary sheet. */
  readonly summary: () => Promise<readonly SummaryLine[]>;
}

export async function respondCells(
  c: Context,
  options: { format: string; column?: string; region?: string; project?: string },
  out: CellsOut,
): Promise<Response> {
  if (options.format === 'value') {
    const picked = valueOf(out, options);
    if ('issues' in picked) return invalid(c, picked.issues);
    return c.body(utf8(picked.value), 200, { 'content-type': 'text/plain; charset=utf-8' });
  }
  if (options.format === 'xml') {
    const written = toXml({
      name: out.name,
      unit: out.unit,
      references: out.references,
      columns: out.columns.map((col) => col.id),
      rows: out.rows,
      total: out.total,
    });
    if ('issue' in written) return invalid(c, [written.issue]);
    return c.body(utf8(written.xml), 200, { 'content-type': 'application/xml; charset=utf-8' });
  }
  // a workbook's sheets are XML too: what XML cannot hold would be a broken file, or a character replaced
  const bad = findUnrepresentable({
    name: out.name,
    unit: out.unit,
    columns: out.header ?? out.columns.map((col) => col.id),
    rows: out.rows,
    total: out.total,
  });
  if (bad) return invalid(c, [bad]);
  const bytes = await toXlsx(
    { sheet: out.name, columns: out.columns, header: out.header, unit: out.unit, rows: out.rows, total: out.total },
    await out.summary(),
    out.model,
    { title: out.title ?? `${sheetName(out.name)} · ${out.file}`, date: out.date ?? today() },
  );
  return c.body(bytes, 200, { 'content-type': XLSX_TYPE, 'content-disposition': `attachment; filename="${out.file}.xlsx"` });
}

/** The table as cells: the header (money columns with the unit), the rows, the total row. */
export function tableCells(table: Table, unit: string | null): string[][] {
  const header = table.columns.map((col) => (col.money && unit ? `${col.id} (${unit})` : col.id));
  const total = table.columns.map((col, j) => {
    if (table.total && Object.hasOwn(table.total, col.id)) return table.total[col.id];
    if (j === 0) return TOTAL_LABEL;
    return (col.sum ?? col.money) ? sumColumn(table.rows, j) : '';
  });
  if (total[0] === '') total[0] = TOTAL_LABEL;
  return [header, ...table.rows.map((r) => [...r]), total];
}

/** The exact sum of a column of decimal strings, with as many decimals as its most precise cell. */
export function sumColumn(rows: readonly (readonly string[])[], j: number): string {
  let sum = new Decimal(0);
  let places = 0;
  for (const row of rows) {
    const cell = row[j];
    if (cell === undefined || cell === '') continue;
    sum = sum.plus(cell);
    const dot = cell.indexOf('.');
    if (dot >= 0) places = Math.max(places, cell.length - dot - 1);
  }
  return sum.toFixed(places);
}
