/**
 * ?format=value: one cell as bare text (text/plain, no newline), for =WEBSERVICE(url) in a cell:
 *   ?column=<id>             the column, as its JSON field / CSV header without the unit ("amount"); required.
 *                            Also taken: the header as a CSV or XLSX shows it ("amount (wan)", "金额（万元） · amount (wan)")
 *                            and either title alone ("金额", "金额（万元）"), where it names one column only
 *   ?region=<id> | ?project=<id>  the row whose id is <id> ("city/county" for a second-level region; the
 *                            table's first column where it has no id column); without one, the total row's
 *                            cell, the column's exact sum; where that cell holds no value (a text column, a
 *                            rank, the "total · 合计" label) the row is required (422 row-required)
 * A column or row not in the table is a 422 naming the ones there are.
 */
import type { Issue } from '../../core/errors.js';
import { issue } from '../../messages/index.js';
import { sumColumn, TOTAL_LABEL } from '../respond.js';
import { headerOf, titleOf, type XlsxColumn } from './xlsx.js';

export interface ValueAsk {
  readonly column?: string;
  readonly region?: string;
  readonly project?: string;
}

export interface ValueTable {
  readonly columns: readonly XlsxColumn[];
  readonly rows: readonly (readonly string[])[];
  /** The total row; a dataset has none: its number columns are summed, a text column needs a row. */
  readonly total?: readonly string[];
  /** The unit of money columns, for the headers ?column may name ("amount (wan)"). */
  readonly unit?: string | null;
  /** The XLSX/CSV header row as written where it is not titled from the dictionary (a dataset's). */
  readonly header?: readonly string[];
  /** The model used, for its factors' titles. */
  readonly model?: unknown;
}

const PLAIN_DECIMAL = /^-?\d+(?:\.\d+)?$/;

/** The cell asked for, or the issues saying why there is none. */
export function valueOf(table: ValueTable, ask: ValueAsk): { value: string } | { issues: Issue[] } {
  if (ask.column === undefined) return { issues: [issue('?column', 'column-required')] };
  const ids = table.columns.map((c) => c.id);
  const j = columnAt(table, ask.column);
  if (j < 0) return { issues: [issue('?column', 'unknown-column', { column: ask.column, columns: ids })] };
  const selector = ask.region !== undefined ? { at: '?region', id: ask.region } : ask.project !== undefined ? { at: '?project', id: ask.project } : undefined;
  if (!selector) {
    if (table.total) {
      // the total row's cell counts only where it holds a value: not an empty cell, not the row's label
      const cell = table.total[j] ?? '';
      if (cell === '' || cell === TOTAL_LABEL) return { issues: [issue('?column', 'row-required', { column: ask.column })] };
      return { value: cell };
    }
    const cells = table.rows.map((r) => r[j] ?? '');
    if (table.columns[j].text || !cells.every((c) => c === '' || PLAIN_DECIMAL.test(c))) {
      return { issues: [issue('?column', 'row-required', { column: ask.column })] };
    }
    return { value: sumColumn(table.rows, j) };
  }
  const idAt = ids.includes('id') ? ids.indexOf('id') : 0;
  const pathAt = ids.indexOf('path');
  // a second-level row by "city/county" first, then by its own id (which two cities may share)
  let found = pathAt >= 0 ? table.rows.filter((r) => r[pathAt] === selector.id) : [];
  if (found.length === 0) found = table.rows.filter((r) => r[idAt] === selector.id);
  if (found.length > 1) {
    return { issues: [issue(selector.at, 'ambiguous-row', { id: selector.id, paths: found.map((r) => (pathAt >= 0 ? r[pathAt] : r[idAt])) })] };
  }
  if (found.length === 0) {
    const known = table.rows.map((r) => (pathAt >= 0 && r[pathAt].includes('/') ? r[pathAt] : r[idAt]));
    const code = selector.at === '?region' ? 'unknown-region' : 'unknown-project';
    return { issues: [issue(selector.at, code, { id: selector.id, known })] };
  }
  return { value: found[0][j] ?? '' };
}

/** Blanks out, full-width brackets as ASCII (NFKC), English in lower case: "金额(万元)" is "金额（万元）". */
const fold = (name: string) => name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/**
 * The index of the column ?column names: its id; else the one column whose header as a CSV or XLSX writes it,
 * or whose Chinese or English title (with or without the unit) is that name; -1 where none or several are.
 */
export function columnAt(table: ValueTable, name: string): number {
  const exact = table.columns.findIndex((c) => c.id === name);
  if (exact >= 0) return exact;
  const wanted = fold(name);
  const unit = table.unit ?? null;
  const found = new Set<number>();
  table.columns.forEach((column, j) => {
    const title = titleOf(column, table.model);
    const withUnit = (t: string) => (column.money && unit ? [t, `${t}(${unit})`] : [t]);
    const names = [
      column.id,
      ...withUnit(column.id),
      headerOf(column, unit, table.model),
      ...headerOf(column, unit, table.model).split(' · '),
      title.zh,
      ...withUnit(title.en),
      ...(table.header?.[j] !== undefined ? [table.header[j], ...splitTitle(table.header[j])] : []),
    ];
    if (names.some((n) => fold(n) === wanted)) found.add(j);
  });
  return found.size === 1 ? [...found][0] : -1;
}

/** A dataset's header "脱贫人口 (poverty)" as its two names. */
function splitTitle(header: string): string[] {
  const m = /^(.*?)\s*[(（]([^()（）]+)[)）]$/.exec(header.trim());
  return m ? [m[1], m[2]] : [];
}
