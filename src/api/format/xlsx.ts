/**
 * ?format=xlsx: a real workbook (write-excel-file, which runs in workerd and Node alike):
 *   sheet 1, the table: a header row "金额（万元） · amount (wan)" (src/messages/columns.ts), the rows, the total row;
 *   sheet 2 "摘要 · summary": the total, unit, model id and version, provenance (service version, model hash,
 *   request hash) and the answer's date.
 *
 * Numbers are stored as numbers, formatted with the decimals they were written with ("530.23" → 530.23 shown
 * "0.00"; "51.60%" → 0.516 shown "0.00%"), so a planner can sum them; the double stored is the one nearest
 * the decimal, which Excel shows exactly at those decimals. A decimal no double shows exactly (more than
 * ~15 significant digits) stays TEXT: it is never rounded on its way into the workbook. Ids, names and every
 * column the dictionary marks as text stay text, even "510121" (a number would lose a leading zero).
 */
import writeXlsxFile from 'write-excel-file/universal';
import type { Cell } from 'write-excel-file/universal';
import { COLUMN_TITLES, type ColumnTitle, UNIT_TITLES } from '../../messages/columns.js';

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
      if (t && typeof t.zh === 'string' && typeof t.en === 'string') return { zh: t.zh, en: t.en };
    }
  }
  return undefined;
}

function textCell(value: string): Cell {
  // "@": Excel keeps "510121" as the text it is, not a number it guesses
  return { value, type: String, format: '@' };
}

function cellOf(text: string, asText: boolean): Cell {
  if (text === '') return null;
  if (!asText) {
    const n = numberCell(text);
    if (n) return { value: n.value, type: Number, format: n.format };
  }
  return textCell(text);
}

/** The workbook's bytes. */
export async function toXlsx(table: XlsxTable, summary: readonly SummaryLine[], model: unknown): Promise<Uint8Array<ArrayBuffer>> {
  const asText = table.columns.map(isTextColumn);
  const header = table.header ?? table.columns.map((c) => headerOf(c, table.unit, model));
  const data: Cell[][] = [header.map((h) => ({ value: h, type: String, fontWeight: 'bold' }) as Cell)];
  for (const row of table.rows) data.push(row.map((v, j) => cellOf(v ?? '', asText[j])));
  if (table.total) data.push(table.total.map((v, j) => (j === 0 ? ({ value: v, type: String, fontWeight: 'bold' } as Cell) : cellOf(v ?? '', asText[j]))));
  const facts: Cell[][] = summary.map(([label, value, number]) => [textCell(label), cellOf(value, !number)]);
  const widths = header.map((h, j) => ({ width: Math.min(60, Math.max(8, width(h), ...table.rows.slice(0, 200).map((r) => width(r[j] ?? ''))) + 2) }));
  const blob = await writeXlsxFile([
    { data, sheet: sheetName(table.sheet), columns: widths, stickyRowsCount: 1 },
    { data: facts, sheet: '摘要 · summary', columns: [{ width: 30 }, { width: 70 }] },
  ]).toBlob();
  return new Uint8Array(await blob.arrayBuffer());
}

/** Display width: a CJK character takes two columns. */
function width(s: string): number {
  let n = 0;
  for (const ch of s) n += /[\u2E80-\uFFEF]/.test(ch) ? 2 : 1;
  return n;
}

/** A sheet name Excel accepts: ≤ 31 characters, none of : \ / ? * [ ]. */
function sheetName(name: string): string {
  const clean = name.replace(/[:\\/?*[\]]/g, '_').slice(0, 31);
  return clean === '' || clean === '摘要 · summary' ? 'table' : clean;
}
