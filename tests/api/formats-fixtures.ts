/**
 * Fixtures of the formats-out tests (tests/api/formats-*.test.ts): every calculation route with its own
 * OpenAPI example and its tables, a CSV reader (RFC 4180) to compare with, and a strict reader of the
 * XML the service writes — written here from the XML 1.0 rules it needs, refusing anything else, so a
 * malformed document fails rather than being read leniently.
 */
import { app } from './request.js';

export const README_BODY = {
  model: 'sichuan-2024',
  total: '1000.00',
  unit: 'wan',
  regions: [
    { id: 'A', name: '甲县', indicators: { keyCounty: 'national', relocation: 1200, poverty: 52000, monitored: 3100, income: 15600, performance: 92 } },
    { id: 'B', name: '乙县', indicators: { keyCounty: 'provincial', relocation: 300, poverty: 31000, monitored: 1800, income: 17300, performance: 85 } },
    { id: 'C', name: '丙县', indicators: { keyCounty: 'other', relocation: 0, poverty: 12000, monitored: 700, income: 19800, performance: 88 } },
  ],
};

export interface RouteCase {
  /** A name for the test titles. */
  readonly name: string;
  readonly path: string;
  readonly body: unknown;
  /** The tables ?table can name; [undefined] where the answer holds one. */
  readonly tables: readonly (string | undefined)[];
}

const ROUTES = [
  '/v1/allocations',
  '/v1/allocations/compare',
  '/v1/optimizations',
  '/v1/rankings',
  '/v1/monitoring',
  '/v1/evaluations',
  '/v1/checks/industry-share',
];

/** Every calculation route's example request (the optimizations' three kinds apart), with its tables. */
export async function routeCases(): Promise<RouteCase[]> {
  const doc = (await (await app.request('/openapi.json')).json()) as any;
  const schemas = doc.components.schemas;
  const out: RouteCase[] = [];
  for (const path of ROUTES) {
    const op = doc.paths[path].post;
    const table = op.parameters.find((p: any) => p.name === 'table');
    const tables: (string | undefined)[] = table ? table.schema.enum : [undefined];
    if (path === '/v1/optimizations') {
      out.push({ name: 'optimizations (regions)', path, body: schemas.RegionsOptimization.example, tables: ['regions', 'groups'] });
      out.push({ name: 'optimizations (portfolio)', path, body: schemas.PortfolioOptimization.example, tables: ['projects', 'sources'] });
      out.push({ name: 'optimizations (sources)', path, body: schemas.SourcesOptimization.example, tables: ['projects', 'sources'] });
      continue;
    }
    const ref = op.requestBody.content['application/json'].schema.$ref?.split('/').pop();
    out.push({ name: path, path, body: schemas[ref].example, tables });
  }
  return out;
}

export function withTable(query: string, table: string | undefined): string {
  return table === undefined ? query : `${query}&table=${table}`;
}

/** RFC 4180 CSV (the service's own: CRLF, a BOM); each cell as text, a defused formula's ' kept. */
export function readCsv(text: string): string[][] {
  const s = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && s[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** A CSV cell as the table holds it: a defused formula's leading ' taken off. */
export function undefused(cell: string): string {
  return /^'[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/.test(cell) ? cell.slice(1) : cell;
}

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  readonly text: string;
}

/**
 * A strict reader of the subset of XML 1.0 the service writes: the declaration, elements with double-quoted
 * attributes, text, the five entities and character references; no comments, CDATA, DTD, processing
 * instructions or mixed content. Line endings are normalized (CR LF and CR to LF) and attribute whitespace
 * (TAB, LF) to spaces before references are expanded, as a conforming parser does — so a writer that leaves
 * a CR or TAB raw does not round-trip here either. Anything else throws.
 */
export function readXml(text: string): XmlElement {
  const decl = '<?xml version="1.0" encoding="UTF-8"?>';
  if (!text.startsWith(decl)) throw new Error('no XML declaration');
  const s = text.slice(decl.length).replace(/\r\n?/g, '\n');
  let i = 0;
  const NAME = /[^\s<>&"'=/]+/y;
  const fail = (why: string): never => {
    throw new Error(`${why} at ${i}: ${JSON.stringify(s.slice(i, i + 30))}`);
  };
  const decode = (raw: string, attribute: boolean): string => {
    if (/[<\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(raw)) fail('a character XML cannot hold');
    const spaced = attribute ? raw.replace(/[\t\n]/g, ' ') : raw;
    return spaced.replace(/&([^;]*);|&/g, (_m, ref: string | undefined) => {
      if (ref === undefined) return fail('a bare &');
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      if (Object.hasOwn(named, ref)) return named[ref];
      const n = /^#x[0-9A-Fa-f]+$/.test(ref) ? Number.parseInt(ref.slice(2), 16) : /^#\d+$/.test(ref) ? Number(ref.slice(1)) : Number.NaN;
      if (!(n === 9 || n === 10 || n === 13 || (n >= 0x20 && n <= 0xd7ff) || (n >= 0xe000 && n <= 0xfffd) || (n >= 0x10000 && n <= 0x10ffff))) {
        fail(`a bad reference &${ref};`);
      }
      return String.fromCodePoint(n);
    });
  };
  const element = (): XmlElement => {
    if (s[i] !== '<') fail('expected <');
    i++;
    NAME.lastIndex = i;
    const m = NAME.exec(s);
    if (!m) return fail('expected a name');
    const name = m[0];
    i = NAME.lastIndex;
    const attributes: Record<string, string> = {};
    for (;;) {
      if (s.startsWith('/>', i)) {
        i += 2;
        return { name, attributes, children: [], text: '' };
      }
      if (s[i] === '>') break;
      if (s[i] !== ' ') fail('expected a space before an attribute');
      i++;
      NAME.lastIndex = i;
      const a = NAME.exec(s);
      if (!a) return fail('expected an attribute name');
      i = NAME.lastIndex;
      if (s[i] !== '=' || s[i + 1] !== '"') fail('expected ="');
      const end = s.indexOf('"', i + 2);
      if (end < 0) fail('unclosed attribute');
      if (Object.hasOwn(attributes, a[0])) fail('a repeated attribute');
      attributes[a[0]] = decode(s.slice(i + 2, end), true);
      i = end + 1;
    }
    i++;
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      if (s.startsWith(`</${name}>`, i)) {
        i += name.length + 3;
        break;
      }
      if (s.startsWith('</', i)) fail(`expected </${name}>`);
      if (s[i] === '<') {
        if (text !== '') fail('mixed content');
        children.push(element());
        continue;
      }
      if (i >= s.length) fail(`unclosed <${name}>`);
      const next = s.indexOf('<', i);
      if (next < 0) fail('unclosed text');
      if (children.length > 0) fail('mixed content');
      text += decode(s.slice(i, next), false);
      i = next;
    }
    return { name, attributes, children, text };
  };
  const root = element();
  if (i !== s.length) fail('content after the root element');
  return root;
}

/** The XML table as cells by column id: <id>…</id>, or <cell column="…">. */
export function xmlCells(row: XmlElement): { column: string; text: string }[] {
  return row.children.map((c) => ({ column: c.name === 'cell' && 'column' in c.attributes ? c.attributes.column : c.name, text: c.text }));
}
