/**
 * The first sheet of an .xlsx workbook as the records a CSV of it would give (src/domain/datasets/delimited.ts):
 * each record's `line` is the sheet's row number, cells are the text a planner sees —
 * - numbers as the shortest decimal of their 15 significant digits (what Excel shows and stores:
 *   0.1 + 0.2 typed as a formula reads "0.3", 12345 reads "12345"), never in exponent notation;
 * - dates as ISO dates (2024-03-01; with the time when there is one), booleans TRUE/FALSE, empty cells "",
 *   a formula's error as the text the cell shows (#DIV/0!), so the row checks name it.
 *
 * The workbook is unzipped here, before read-excel-file sees it: every entry read is inflated with the
 * platform's DecompressionStream and stopped once the XML read passes MAX_XLSX_XML_BYTES (a zip bomb costs
 * nothing), and the parts are handed on stored (uncompressed), so read-excel-file's unzipper (fflate) never
 * inflates — fflate starts a Web Worker for a large part, which workerd does not have.
 * Runs in workerd and Node alike ('read-excel-file/universal').
 */
import { readSheet } from 'read-excel-file/universal';
import { readCapped } from '../../core/bytes.js';
import type { DelimitedRecord } from './delimited.js';

/**
 * XML (sheet, shared strings, styles …) read out of one workbook at most. A 10,000-row sheet of 20 columns is
 * about 8 MB; the cap keeps the copies made while reading (the XML, the repacked zip, the parsed text) well
 * inside a Worker's 128 MB.
 */
export const MAX_XLSX_XML_BYTES = 16 * 1024 * 1024;

/** Why a body is not a workbook this service can read. */
export type XlsxFailure = 'xls' | 'not-xlsx' | 'too-large';

export type XlsxRead = { readonly records: DelimitedRecord[] } | { readonly failure: XlsxFailure; readonly detail?: string };

/** The first sheet's rows (rows with no cell at all are left out, as a CSV's blank lines are). */
export async function readXlsx(bytes: Uint8Array): Promise<XlsxRead> {
  if (bytes.length >= 8 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return { failure: 'xls' };
  const unpacked = await unpack(bytes);
  if ('failure' in unpacked) return unpacked;
  let data: unknown[][];
  try {
    // a number cell comes as its stored text, marked, so "007" typed as text stays text
    data = (await readSheet<StoredNumber>(unpacked.stored.buffer as ArrayBuffer, 1, {
      trim: false,
      parseNumber: (stored: string) => ({ stored }),
    })) as unknown[][];
  } catch (e) {
    return { failure: 'not-xlsx', detail: e instanceof Error ? e.message.slice(0, 200) : undefined };
  }
  // a formula's error (#DIV/0!, #N/A …) reads as the text the sheet shows, as a CSV export would have it, so the
  // row checks name it; read-excel-file alone would make the cell empty and a number silently go missing
  for (const e of unpacked.errors) {
    while (data.length < e.row) data.push([]);
    const row = data[e.row - 1];
    while (row.length <= e.column) row.push(null);
    row[e.column] = e.shown;
  }
  const records: DelimitedRecord[] = [];
  data.forEach((row, i) => {
    const cells = row.map(cellText);
    if (cells.some((c) => c !== '')) records.push({ line: i + 1, cells });
  });
  return { records };
}

/** The spreadsheet's column letter of a 0-based column index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

interface StoredNumber {
  readonly stored: string;
}

/** A cell as text: read-excel-file gives numbers (as StoredNumber), Dates, booleans and strings. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return '';
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace(/\.000Z$/, 'Z');
  }
  if (typeof v === 'object' && typeof (v as StoredNumber).stored === 'string') return numberText((v as StoredNumber).stored);
  if (typeof v === 'number') return numberText(String(v));
  return String(v);
}

/** A stored number as the decimal Excel shows: 15 significant digits, trailing zeros dropped, no exponent. */
export function numberText(stored: string): string {
  const n = Number(stored);
  if (!Number.isFinite(n)) return stored;
  if (n === 0) return '0';
  return plainDecimal(n.toPrecision(15));
}

/** "1.23450000000000e-7" → "0.00000012345"; "12345.0000000000" → "12345". */
function plainDecimal(text: string): string {
  const m = /^(-?)(\d)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  if (!m) {
    // toPrecision without exponent: "12345.0000000000", "0.100000000000000"
    return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  }
  const [, sign, first, rest = '', exp = '0'] = m;
  const digits = (first + rest).replace(/0+$/, '') || '0';
  const point = 1 + Number(exp); // digits before the decimal point
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return sign + out;
}

/* ── the zip, read here ── */

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;

/** A cell holding a formula's error value: its sheet row (1-based), column (0-based) and what it shows. */
interface ErrorCell {
  readonly row: number;
  readonly column: number;
  readonly shown: string;
}

type Unpacked = { stored: Uint8Array; errors: ErrorCell[] } | { failure: XlsxFailure; detail?: string };

/** The workbook's XML parts, inflated under the cap, repacked as a stored zip. */
async function unpack(bytes: Uint8Array): Promise<Unpacked> {
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) return { failure: 'not-xlsx' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let e = bytes.length - 22; e >= 0 && e >= bytes.length - 22 - 65535; e--) {
    if (view.getUint32(e, true) === END) {
      end = e;
      break;
    }
  }
  if (end < 0) return { failure: 'not-xlsx', detail: 'no zip directory' };
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const parts: { name: Uint8Array; data: Uint8Array }[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) return { failure: 'not-xlsx', detail: 'broken zip directory' };
    const method = view.getUint16(at + 10, true);
    const compressed = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = bytes.subarray(at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    const path = new TextDecoder().decode(name);
    // what read-excel-file reads; images, printer settings … are left behind
    if (!path.endsWith('.xml') && !path.endsWith('.xml.rels')) continue;
    if (local + 30 > bytes.length || view.getUint32(local, true) !== LOCAL) return { failure: 'not-xlsx', detail: 'broken zip entry' };
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (compressed === 0xffffffff || start + compressed > bytes.length) return { failure: 'not-xlsx', detail: 'broken zip entry' };
    const raw = bytes.subarray(start, start + compressed);
    let data: Uint8Array | 'too-large' | 'broken';
    if (method === 0) data = raw;
    else if (method === 8) data = await inflate(raw, MAX_XLSX_XML_BYTES - total);
    else return { failure: 'not-xlsx', detail: `zip method ${method}` };
    if (data === 'too-large') return { failure: 'too-large' };
    if (data === 'broken') return { failure: 'not-xlsx', detail: 'broken deflate data' };
    total += data.length;
    if (total > MAX_XLSX_XML_BYTES) return { failure: 'too-large' };
    parts.push({ name: name.slice(), data });
  }
  return { stored: storedZip(parts), errors: errorCells(parts) };
}

/** The error cells (t="e") of the workbook's first sheet, found through workbook.xml and its relationships. */
function errorCells(parts: readonly { name: Uint8Array; data: Uint8Array }[]): ErrorCell[] {
  const text = (path: string) => {
    const part = parts.find((p) => new TextDecoder().decode(p.name) === path);
    return part ? new TextDecoder().decode(part.data) : undefined;
  };
  const rid = /<(?:\w+:)?sheet\b[^>]*\br:id="([^"]+)"/.exec(text('xl/workbook.xml') ?? '')?.[1];
  if (!rid) return [];
  const rels = text('xl/_rels/workbook.xml.rels') ?? '';
  const rel = [...rels.matchAll(/<Relationship\b[^>]*>/g)].map((m) => m[0]).find((r) => r.includes(`Id="${rid}"`));
  const target = rel && /Target="([^"]+)"/.exec(rel)?.[1];
  if (!target) return [];
  const sheet = text(target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  if (!sheet?.includes('t="e"')) return [];
  const out: ErrorCell[] = [];
  for (const m of sheet.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    if (!/\bt="e"/.test(m[1])) continue;
    const ref = /\br="([A-Z]+)(\d+)"/.exec(m[1]);
    const shown = /<v>([^<]*)<\/v>/.exec(m[2] ?? '')?.[1];
    if (!ref || !shown) continue;
    const column = [...ref[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    out.push({ row: Number(ref[2]), column, shown });
  }
  return out;
}

/** Inflates raw deflate data, giving up past `room` bytes. */
async function inflate(raw: Uint8Array, room: number): Promise<Uint8Array | 'too-large' | 'broken'> {
  try {
    return await readCapped(new Blob([raw]).stream().pipeThrough(new DecompressionStream('deflate-raw')), room);
  } catch {
    return 'broken';
  }
}

/** A zip of stored (method 0) entries, with their CRC-32. */
function storedZip(parts: readonly { name: Uint8Array; data: Uint8Array }[]): Uint8Array {
  const size = parts.reduce((s, p) => s + 30 + p.name.length + p.data.length + 46 + p.name.length, 0) + 22;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  const offsets: number[] = [];
  const crcs = parts.map((p) => crc32(p.data));
  parts.forEach((p, i) => {
    offsets.push(at);
    view.setUint32(at, LOCAL, true);
    view.setUint16(at + 4, 20, true);
    view.setUint16(at + 8, 0, true);
    view.setUint32(at + 14, crcs[i], true);
    view.setUint32(at + 18, p.data.length, true);
    view.setUint32(at + 22, p.data.length, true);
    view.setUint16(at + 26, p.name.length, true);
    out.set(p.name, at + 30);
    out.set(p.data, at + 30 + p.name.length);
    at += 30 + p.name.length + p.data.length;
  });
  const directory = at;
  parts.forEach((p, i) => {
    view.setUint32(at, CENTRAL, true);
    view.setUint16(at + 4, 20, true);
    view.setUint16(at + 6, 20, true);
    view.setUint32(at + 16, crcs[i], true);
    view.setUint32(at + 20, p.data.length, true);
    view.setUint32(at + 24, p.data.length, true);
    view.setUint16(at + 28, p.name.length, true);
    view.setUint32(at + 42, offsets[i], true);
    out.set(p.name, at + 46);
    at += 46 + p.name.length;
  });
  view.setUint32(at, END, true);
  view.setUint16(at + 8, parts.length, true);
  view.setUint16(at + 10, parts.length, true);
  view.setUint32(at + 12, at - directory, true);
  view.setUint32(at + 16, directory, true);
  return out;
}

let CRC_TABLE: Uint32Array | undefined;
function crc32(data: Uint8Array): number {
  if (!CRC_TABLE) {
    CRC_TABLE = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      CRC_TABLE[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
