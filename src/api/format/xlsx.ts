/**
 * ?format=xlsx: a real workbook, written by SheetJS (@e965/xlsx, the registry build of SheetJS 0.20): its
 * write is synchronous, plain JavaScript. write-excel-file was tried first, but it zips through fflate's
 * asynchronous zip, which compresses any part of 160 kB or more in a Web Worker: workerd has none, so a table
 * of ~3,000 rows was a 500 there ("Worker is not defined"). The workbook holds:
 *   sheet 1, the table: a header row "金额（万元） · amount (wan)" (src/messages/columns.ts), the rows, the total row;
 *   sheet 2 "摘要 · summary": the total, unit, model id and version, the overrides asked, the references read
 *   (dataset, revision, content hash), provenance (service version, model hash, request hash) and the answer's date.
 * Sheet 1 is named in both languages like sheet 2 ("分配结果 · rows", src/messages/columns.ts TABLE_TITLES). A
 * model's factor titles are capitalised ("Policy"): a header writes them lower case like every other
 * ("政策因素（万元） · policy (wan)"); an all-capital word (an acronym, "GDP") is kept. The workbook's document
 * properties say what it is (title, the service as author, created = the answer's date).
 *
 * Numbers are stored as numbers, formatted with the decimals they were written with ("530.23" → 530.23 shown
 * "0.00"; "51.60%" → 0.516 shown "0.00%"), so a planner can sum them; the double stored is the one nearest
 * the decimal, which Excel shows exactly at those decimals. A decimal no double shows exactly (more than
 * ~15 significant digits) stays TEXT: it is never rounded on its way into the workbook. Ids, names and every
 * column the dictionary marks as text stay text, even "510121" (a number would lose a leading zero).
 */
import * as XLSX from '@e965/xlsx';
import { COLUMN_TITLES, type ColumnTitle, TABLE_TITLES, UNIT_TITLES } from '../../messages/columns.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface XlsxColumn {
  readonly id: string;
  readonly money?: boolean;
  /** Its title where the table builder knows it (a column named by the request …). */
  readonly title?: { readonly zh: string; readonly en: string };
  /** Its cells stay text. */
  readonly text?: boolean;
}

export interface XlsxTable {
  /** Sheet 1's name (the table's name). */
  readonly sheet: string;
  readonly columns: readonly XlsxColumn[];
  /** The header row as written; where undefined, titled from the dictionary. */
  readonly header?: readonly string[];
  readonly unit: string | null;
  readonly rows: readonly (readonly string[])[];
  readonly total?: readonly string[];
}

/** One line of the summary sheet: a label and its value (a number where `number`). */
export type SummaryLine = readonly [label: string, value: string, number?: boolean];

const PLAIN = /^(-?)(\d+)(?:\.(\d+))?(%?)$/;

/** A decimal text as a number cell with its own decimals, or undefined where it is not a plain decimal or no double shows it exactly. */
export function numberCell(text: string): { value: number; format: string } | undefined {
  const m = PLAIN.exec(text);
  if (!m) return undefined;
  const [, sign, whole, fraction = '', percent] = m;
  const decimals = fraction.length;
  const places = decimals === 0 ? '0' : `0.${'0'.repeat(decimals)}`;
  if (percent) {
    // 51.60% → 0.5160: the decimal point moved by text, so the double is the one nearest 0.516, not 51.6 / 100
    const digits = (whole + fraction).padStart(decimals + 3, '0');
    const shifted = `${sign}${digits.slice(0, digits.length - decimals - 2)}.${digits.slice(digits.length - decimals - 2)}`;
    const value = Number(shifted);
    if (!showsExactly(value, shifted, decimals + 2)) return undefined;
    return { value, format: `${places}%` };
  }
  const value = Number(text);
  if (!showsExactly(value, text, decimals)) return undefined;
  return { value, format: places };
}

/** Whether the double, shown at these decimals, is the decimal text again (so nothing is lost). */
function showsExactly(value: number, text: string, decimals: number): boolean {
  if (!Number.isFinite(value) || decimals > 20) return false;
  const shown = value.toFixed(decimals);
  const canonical = text.replace(/^(-?)0+(?=\d)/, '$1');
  return shown === canonical || (shown === canonical.slice(1) && /^-0(?:\.0*)?$/.test(canonical));
}

/** A column's title: the table's own, the dictionary's, a model's factor or kind, else its id. */
export function titleOf(column: XlsxColumn, model: unknown): { zh: string; en: string } {
  if (column.title) return column.title;
  if (Object.hasOwn(COLUMN_TITLES, column.id)) return COLUMN_TITLES[column.id];
  const fromModel = modelTitle(model, column.id);
  if (fromModel) return fromModel;
  return { zh: column.id, en: column.id };
}

/** Whether a column's cells stay text. */
export function isTextColumn(column: XlsxColumn): boolean {
  if (column.text !== undefined) return column.text;
  const known: ColumnTitle | undefined = Object.hasOwn(COLUMN_TITLES, column.id) ? COLUMN_TITLES[column.id] : undefined;
  return known?.text === true;
}

/** "金额（万元） · amount (wan)"; one language when both say the same. */
export function headerOf(column: XlsxColumn, unit: string | null, model: unknown): string {
  const title = titleOf(column, model);
  const u = column.money && unit ? (UNIT_TITLES[unit] ?? { zh: unit, en: unit }) : undefined;
  const zh = u ? `${title.zh}（${u.zh}）` : title.zh;
  const en = u ? `${title.en} (${u.en})` : title.en;
  return title.zh === title.en ? en : `${zh} · ${en}`;
}

/** A factor's or a ranking kind's title in the model used ({factors|kinds: [{id, title: {zh, en}}]}). */
function modelTitle(model: unknown, id: string): { zh: string; en: string } | undefined {
  if (typeof model !== 'object' || model === null) return undefined;
  for (const list of ['factors', 'kinds', 'indicators']) {
    const items = (model as Record<string, unknown>)[list];
    if (!Array.isArray(items)) continue;
    for (const item of items as { id?: unknown; title?: unknown; name?: unknown }[]) {
      if (item?.id !== id) continue;
      const t = (item.title ?? item.name) as { zh?: unknown; en?: unknown } | undefined;
      if (t && typeof t.zh === 'string' && typeof t.en === 'string') return { zh: t.zh, en: lowerFirst(t.en) };
    }
  }
  return undefined;
}

/** "Policy" → "policy", as the dictionary's titles are written; "GDP" (an acronym) stays. */
function lowerFirst(title: string): string {
  return /^\p{Lu}(?!\p{Lu})/u.test(title) ? title.charAt(0).toLowerCase() + title.slice(1) : title;
}

/** A cell as SheetJS writes it: text, or a number with its number format. */
type Cell = XLSX.CellObject | null;

function textCell(value: string): Cell {
  // "@": Excel keeps "510121" as the text it is, not a number it guesses
  return { t: 's', v: value, z: '@' };
}

function cellOf(text: string, asText: boolean): Cell {
  if (text === '') return null;
  if (!asText) {
    const n = numberCell(text);
    if (n) return { t: 'n', v: n.value, z: n.format };
  }
  return textCell(text);
}

/** A sheet from rows of cells (null: an empty cell), with its column widths. */
function sheetOf(data: readonly (readonly Cell[])[], widths: readonly number[]): XLSX.WorkSheet {
  const sheet: XLSX.WorkSheet = {};
  let columns = 0;
  data.forEach((row, r) => {
    columns = Math.max(columns, row.length);
    row.forEach((cell, j) => {
      if (cell) sheet[XLSX.utils.encode_cell({ r, c: j })] = cell;
    });
  });
  sheet['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(0, data.length - 1), c: Math.max(0, columns - 1) } });
  sheet['!cols'] = widths.map((wch) => ({ wch }));
  return sheet;
}

/** What the workbook is, for its document properties (docProps/core.xml, app.xml). */
export interface XlsxAbout {
  readonly title: string;
  /** The answer's date, YYYY-MM-DD (UTC). */
  readonly date: string;
}

/**
 * The number formats the workbook may name: SheetJS's built-in table, but for its id 56, a Japanese/Chinese
 * date-time format ("上午/下午 "hh"時"mm"分"ss"秒 ") its table carries and its writer puts into every styles.xml
 * as an unused <numFmt> (it writes ids 50 and up). A workbook given its own table (wb.SSF) writes that instead;
 * the formats of the cells ("0.00", "0.00%") are added to it as they are met.
 */
function numberFormats(): Record<number, string> {
  const table = XLSX.SSF.get_table() as Record<number, string>;
  const out: Record<number, string> = {};
  // the built-ins are below 50 (custom formats are put at 60 and up on each write)
  for (let id = 0; id < 50; id++) if (table[id] !== undefined) out[id] = table[id];
  return out;
}

/** The workbook's bytes. */
export async function toXlsx(table: XlsxTable, summary: readonly SummaryLine[], model: unknown, about?: XlsxAbout): Promise<Uint8Array<ArrayBuffer>> {
  const asText = table.columns.map(isTextColumn);
  const header = table.header ?? table.columns.map((c) => headerOf(c, table.unit, model));
  const data: Cell[][] = [header.map((h) => ({ t: 's', v: h }))];
  for (const row of table.rows) data.push(row.map((v, j) => cellOf(v ?? '', asText[j])));
  if (table.total) data.push(table.total.map((v, j) => (j === 0 ? { t: 's', v } : cellOf(v ?? '', asText[j]))));
  const facts: Cell[][] = summary.map(([label, value, number]) => [textCell(label), cellOf(value, !number)]);
  const widths = header.map((h, j) => Math.min(60, Math.max(8, width(h), ...table.rows.slice(0, 200).map((r) => width(r[j] ?? ''))) + 2));
  // SheetJS reads a workbook's own format table (untyped in its .d.ts) when writing
  const book: XLSX.WorkBook & { SSF?: Record<number, string> } = XLSX.utils.book_new();
  book.SSF = numberFormats();
  if (about) {
    book.Props = { Title: about.title, Author: SERVICE_NAME, Company: SERVICE_NAME, CreatedDate: new Date(`${about.date}T00:00:00Z`) };
  }
  XLSX.utils.book_append_sheet(book, sheetOf(data, widths), sheetName(table.sheet));
  XLSX.utils.book_append_sheet(book, sheetOf(facts, [30, 70]), '摘要 · summary');
  const bytes = XLSX.write(book, { bookType: 'xlsx', type: 'array', compression: true, bookSST: true }) as ArrayBuffer;
  return new Uint8Array(bytes);
}

/** Display width: a CJK character takes two columns. */
function width(s: string): number {
  let n = 0;
  for (const ch of s) n += /[\u2E80-\uFFEF]/.test(ch) ? 2 : 1;
  return n;
}

/** Who wrote the workbook (its Author and Company). */
export const SERVICE_NAME = 'Bridging-fund allocation service · 衔接资金分配计算服务';

/** A sheet name Excel accepts, in both languages where the table's name is known: ≤ 31 characters, none of : \ / ? * [ ]. */
export function sheetName(table: string): string {
  const name = Object.hasOwn(TABLE_TITLES, table) ? `${TABLE_TITLES[table]} · ${table}` : table;
  const clean = name.replace(/[:\\/?*[\]]/g, '_').slice(0, 31);
  return clean === '' || clean === '摘要 · summary' ? 'table' : clean;
}
