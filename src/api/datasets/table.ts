/**
 * A table body — CSV, TSV or an .xlsx workbook's first sheet — read into rows of regions or projects, the one way
 * dataset uploads (upload.ts) and the calculation routes' table bodies (src/api/sheets/) read it: the bytes
 * decoded (UTF-8 with or without BOM, GBK, UTF-16) or unzipped, headers mapped through the model's vocabulary
 * (脱贫人口 → poverty), values normalised (国家重点县 → national) and checked by the row schema, every problem
 * at its JSON pointer with a message naming the line (a sheet's row) and the column the planner sees.
 */
import type { Context } from 'hono';
import type { Issue } from '../../core/errors.js';
import { type CsvOrigin, locate, mapHeaders, NO_MODEL, normaliseRows, rowsFromRecords, type Vocabulary } from '../../domain/datasets/columns.js';
import { decodeTable, type Encoding } from '../../domain/datasets/decode.js';
import { DELIMITERS, type DelimitedRecord, detectDelimiter, parseDelimited } from '../../domain/datasets/delimited.js';
import { columnLetter, MAX_XLSX_XML_BYTES, readXlsx } from '../../domain/datasets/xlsx.js';
import { issue, message } from '../../messages/index.js';
import { ROW_SCHEMAS } from '../../schema/dataset.js';
import { MAX_DATASET_ROWS, type DatasetKind } from '../../store/datasets.js';
import { unknownModel } from '../models/catalog.js';
import { fromZod } from '../problem.js';
import { type VocabularyLookup, vocabularies, vocabularyOf } from './vocabulary.js';

export type TableType = 'csv' | 'tsv' | 'xlsx';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The media type each table type is sent in. */
export const TABLE_MEDIA_TYPES: Readonly<Record<TableType, string>> = {
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  xlsx: XLSX_MEDIA_TYPE,
};

const DELIMITER: Readonly<Record<'csv' | 'tsv', string>> = { csv: ',', tsv: '\t' };

/** Issues listed at most: a 10,000-row table with a bad column need not be listed cell by cell. */
export const MAX_ISSUES = 200;

/** The table type of a Content-Type, or undefined when it is no table. */
export function tableTypeOf(contentType: string | undefined): TableType | undefined {
  const essence = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (essence === 'text/csv') return 'csv';
  if (essence === 'text/tab-separated-values') return 'tsv';
  if (essence === XLSX_MEDIA_TYPE) return 'xlsx';
  return undefined;
}

/** The records of a table body (header first), or the problems that stop it being read at all. */
export type TableRecords =
  | { readonly ok: true; readonly records: DelimitedRecord[]; readonly issues: Issue[]; readonly encoding?: Encoding; readonly sheet: boolean }
  | { readonly ok: false; readonly issues: Issue[] };

/** Bytes → records: a CSV/TSV's lines, or the first sheet's rows. Fewer than a header and a row: csv-no-rows. */
export async function recordsOf(bytes: Uint8Array, type: TableType): Promise<TableRecords> {
  if (type === 'xlsx') {
    const read = await readXlsx(bytes);
    if ('failure' in read) {
      const problem =
        read.failure === 'too-large'
          ? issue('', 'xlsx-too-large', { maximumMegabytes: MAX_XLSX_XML_BYTES / 1024 / 1024 })
          : issue('', 'unreadable-xlsx', { xls: read.failure === 'xls', bytes: bytes.length });
      return { ok: false, issues: [problem] };
    }
    if (read.records.length < 2) return { ok: false, issues: [issue('/rows', 'csv-no-rows')] };
    return { ok: true, records: read.records, issues: [], sheet: true };
  }
  const decoded = decodeTable(bytes);
  if ('problem' in decoded) return { ok: false, issues: [{ path: '', ...decoded.problem }] };
  const text = decoded.text;
  const expected = DELIMITER[type];
  const found = detectDelimiter(text);
  const { records, issues } = parseDelimited(text, expected);
  if (found !== undefined && found !== expected && !(records[0]?.cells.length > 1)) {
    issues.push(issue('', 'wrong-delimiter', { found: DELIMITERS[found], expected: DELIMITERS[expected], mediaType: TABLE_MEDIA_TYPES[type] }));
    return { ok: false, issues };
  }
  if (records.length < 2) return { ok: false, issues: [...issues, issue('/rows', 'csv-no-rows')] };
  return { ok: true, records, issues, encoding: decoded.encoding, sheet: false };
}

/** Rows made from the records, before they are normalised and checked (checkRows). */
export interface MadeRows {
  readonly rows: Record<string, unknown>[];
  /** Header and cell problems, located. */
  readonly issues: Issue[];
  /** Puts a row problem's line and column in its message. */
  readonly locate: (i: Issue) => Issue;
  /** Regions whose indicator columns are all unknown: the header is the problem, said once, not per row. */
  readonly noIndicators: boolean;
}

/** The header mapped through the vocabulary, each record a row; `sheet`: the records are a sheet's rows. */
export function rowsOfRecords(records: readonly DelimitedRecord[], kind: DatasetKind, vocab: Vocabulary, sheet: boolean): MadeRows {
  const header = records[0];
  const { targets, issues: headerIssues } = mapHeaders(kind, vocab, header.cells, header.line);
  const made = rowsFromRecords(records.slice(1), header.cells, targets);
  const where = sheet ? sheetLocator(made.origin, header.cells, targets.length) : (i: Issue) => locate(i, made.origin);
  const noIndicators = kind === 'regions' && headerIssues.some((i) => i.code === 'unknown-header') && !targets.some((t) => 'indicator' in t);
  const headerAt = sheet ? headerIssues.map(sheetHeaderIssue) : headerIssues;
  return { rows: made.rows, issues: [...headerAt, ...made.issues.map(where)], locate: where, noIndicators };
}

/**
 * A header problem of a sheet names the column by its letter, as the sheet shows it: "line 1, column 3" (a
 * text file's words, from mapHeaders) becomes "row 1, column C".
 */
function sheetHeaderIssue(at: Issue): Issue {
  const en = /^line (\d+), column (\d+)/.exec(at.en);
  const zh = /^第 (\d+) 行第 (\d+) 列/.exec(at.zh);
  if (!en || !zh) return at;
  return {
    ...at,
    en: `row ${en[1]}, column ${columnLetter(Number(en[2]) - 1)}${at.en.slice(en[0].length)}`,
    zh: `第 ${zh[1]} 行 ${columnLetter(Number(zh[2]) - 1)} 列${at.zh.slice(zh[0].length)}`,
  };
}

/**
 * A sheet's problem located as the planner finds it: row 7, column C "脱贫人口". The column is found by the
 * header the pointer came from (origin.headers), its letter by that header's place in the header row.
 */
function sheetLocator(origin: CsvOrigin, headerCells: readonly string[], columns: number): (i: Issue) => Issue {
  const letterOf = new Map<string, string>();
  for (let j = 0; j < columns; j++) {
    const h = headerCells[j].trim();
    if (!letterOf.has(h)) letterOf.set(h, columnLetter(j));
  }
  return (at: Issue) => {
    const m = /^\/rows\/(\d+)(?:\/(.*))?$/.exec(at.path);
    if (!m) return at;
    const line = origin.lines[Number(m[1])];
    if (line === undefined) return at;
    const header = m[2] !== undefined ? (origin.headers.get(m[2]) ?? origin.headers.get(m[2].split('/').slice(0, 2).join('/'))) : undefined;
    const where = message('xlsx-location', { row: line, header, letter: header !== undefined ? letterOf.get(header) : undefined });
    return { ...at, en: `${where.en}: ${at.en}`, zh: `${where.zh}：${at.zh}` };
  };
}

/**
 * Rows (from JSON or a table) normalised and checked as a dataset's rows are: categories and levels written
 * in Chinese become ids, numbers must be decimals, at most MAX_DATASET_ROWS rows, then the row schema. The
 * issues come sorted by row, located by `where` when the rows came from a table.
 */
export function checkRows(
  kind: DatasetKind,
  vocab: Vocabulary,
  rows: readonly unknown[],
  where?: (i: Issue) => Issue,
  noIndicatorColumns = false,
): { rows: unknown[]; issues: Issue[] } {
  const normal = normaliseRows(kind, vocab, rows, MAX_DATASET_ROWS);
  const issues = [...normal.issues];
  if (rows.length <= MAX_DATASET_ROWS) {
    const checked = ROW_SCHEMAS[kind].safeParse(normal.rows);
    if (!checked.success) issues.push(...fromZod(checked.error.issues, ['rows']));
  }
  issues.sort((a, b) => rowIndex(a) - rowIndex(b));
  const kept = noIndicatorColumns ? issues.filter((i) => !(i.code === 'required' && /^\/rows\/\d+\/indicators$/.test(i.path))) : issues;
  return { rows: normal.rows, issues: where ? kept.map(where) : kept };
}

function rowIndex(i: Issue): number {
  const m = /^\/rows\/(\d+)/.exec(i.path);
  return m ? Number(m[1]) : -1;
}

/**
 * A table body as rows of `kind`, read with `model`'s vocabulary (null: indicators by id), exactly as a dataset
 * upload of it would store them. An unknown model is an issue at ?model (every Chinese header would be unknown
 * without it, so nothing else is said).
 */
export async function readRowsTable(
  bytes: Uint8Array,
  type: TableType,
  kind: DatasetKind,
  model: string | null,
  lookup: VocabularyLookup,
): Promise<{ ok: true; rows: unknown[] } | { ok: false; issues: Issue[] }> {
  const read = await recordsOf(bytes, type);
  if (!read.ok) return read;
  let vocab: Vocabulary = NO_MODEL;
  if (model !== null && kind === 'regions') {
    const found = await lookup(model);
    if (!found) return { ok: false, issues: [...read.issues, unknownModel('allocation', model, '?model')] };
    vocab = found;
  }
  const made = rowsOfRecords(read.records, kind, vocab, read.sheet);
  const checked = checkRows(kind, vocab, made.rows, made.locate, made.noIndicators);
  const issues = [...read.issues, ...made.issues, ...checked.issues];
  if (issues.length > 0) return { ok: false, issues: issues.slice(0, MAX_ISSUES) };
  return { ok: true, rows: checked.rows };
}

/** The vocabularies this request may read: built-in models, and saved ones the caller sees when there is a store. */
export function lookupOf(c: Context): VocabularyLookup {
  const store = c.get('store');
  if (store) return vocabularies(store, c.get('principal') ?? { kind: 'anonymous', client: 'local' });
  return async (modelId) => vocabularyOf(modelId);
}
