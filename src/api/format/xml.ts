/**
 * ?format=xml: one table as XML, for Excel's FILTERXML and any XPath reader:
 *
 *   <?xml version="1.0" encoding="UTF-8"?>
 *   <table name="rows" unit="wan"><row><id>A</id><amount>530.23</amount>…</row>…<total>…</total></table>
 *
 * Where the request read datasets, the root also says which, as X-References does:
 * <table name="rows" unit="wan" references="/regions=sample-20@1;sha256:…">.
 * Element names are the column ids (FILTERXML(x, "//row[id='A']/amount")). A column id that is not an XML
 * name (a variant called "policy 40%", a factor id with a space) is written <cell column="policy 40%">…</cell>,
 * so its cells are still found: //row[id='A']/cell[@column='policy 40%'].
 * Text round-trips exactly: & < > " are escaped, and CR (which a reader turns into LF) and TAB / LF in an
 * attribute are written as character references. XML 1.0 cannot hold most C0 control characters, U+FFFE,
 * U+FFFF or lone surrogates at all, not even as references: such a table is refused (422 xml-cannot-hold,
 * naming where), never written with the character dropped. Names and ids refuse those characters on the
 * way in (schema/common.ts plainText), so this is a guard, not a path a request normally takes.
 */
import type { Issue } from '../../core/errors.js';
import { issue } from '../../messages/index.js';

/** XML 1.0 (fifth edition) NameStartChar and NameChar, without ":" (a namespace prefix). */
const NAME_START =
  'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_REST = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
const XML_NAME = new RegExp(`^[${NAME_START}][${NAME_REST}]*$`, 'u');

/** A character XML 1.0 cannot hold: C0 controls but TAB, LF, CR; U+FFFE, U+FFFF; a lone surrogate. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isXmlName(id: string): boolean {
  return XML_NAME.test(id);
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;' };
const ATTRIBUTE_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '\n': '&#10;', '\t': '&#9;' };

function escapeText(s: string): string {
  return s.replace(/[&<>"\r]/g, (c) => TEXT_ESCAPES[c]);
}
function escapeAttribute(s: string): string {
  return s.replace(/[&<>"\r\n\t]/g, (c) => ATTRIBUTE_ESCAPES[c]);
}

export interface XmlTable {
  /** The table's name (?table, or the route's first), the root's name attribute. */
  readonly name: string;
  readonly unit: string | null;
  /** The datasets (or scenarios) read, as the X-References header writes them: the root's attribute `references`. */
  readonly references?: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** The total row's cells, as <total>; none for a dataset. */
  readonly total?: readonly string[];
}

/** The table as XML text, or the issue naming a character XML cannot hold. */
export function toXml(table: XmlTable): { xml: string } | { issue: Issue } {
  const bad = findUnrepresentable(table);
  if (bad) return { issue: bad };
  const open = table.columns.map((id) => (isXmlName(id) ? `<${id}>` : `<cell column="${escapeAttribute(id)}">`));
  const close = table.columns.map((id) => (isXmlName(id) ? `</${id}>` : '</cell>'));
  const line = (tag: string, cells: readonly string[]) => `<${tag}>${cells.map((v, j) => open[j] + escapeText(v ?? '') + close[j]).join('')}</${tag}>`;
  const unit = table.unit === null ? '' : ` unit="${escapeAttribute(table.unit)}"`;
  const references = table.references === undefined ? '' : ` references="${escapeAttribute(table.references)}"`;
  const parts = [`<?xml version="1.0" encoding="UTF-8"?><table name="${escapeAttribute(table.name)}"${unit}${references}>`];
  for (const row of table.rows) parts.push(line('row', row));
  if (table.total) parts.push(line('total', table.total));
  parts.push('</table>');
  return { xml: parts.join('') };
}

/** The first character XML 1.0 cannot hold in the table, as the issue naming where (an XLSX is XML inside too). */
export function findUnrepresentable(table: XmlTable): Issue | undefined {
  const check = (s: string, where: () => string): Issue | undefined => {
    const m = NOT_XML.exec(s);
    if (!m) return undefined;
    const codePoint = `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    return issue('?format', 'xml-cannot-hold', { codePoint, where: where() });
  };
  for (const [what, text] of [
    ['the table name', table.name],
    ['the unit', table.unit ?? ''],
  ] as const) {
    const found = check(text, () => what);
    if (found) return found;
  }
  for (const [j, id] of table.columns.entries()) {
    const found = check(id, () => `the name of column ${j + 1}`);
    if (found) return found;
  }
  for (const [i, row] of table.rows.entries()) {
    for (const [j, cell] of row.entries()) {
      const found = check(cell, () => `row ${i + 1}, column "${table.columns[j]}"`);
      if (found) return found;
    }
  }
  for (const [j, cell] of (table.total ?? []).entries()) {
    const found = check(cell, () => `the total row, column "${table.columns[j]}"`);
    if (found) return found;
  }
  return undefined;
}
