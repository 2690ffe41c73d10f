/**
 * ?format=value: one cell as bare text (text/plain, no newline), for =WEBSERVICE(url) in a cell:
 *   ?column=<id>             the column, as its JSON field / CSV header without the unit ("amount"); required
 *   ?region=<id> | ?project=<id>  the row whose id is <id> ("city/county" for a second-level region; the
 *                            table's first column where it has no id column); without one, the total row's
 *                            cell, the column's exact sum
 * A column or row not in the table is a 422 naming the ones there are.
 */
import type { Issue } from '../../core/errors.js';
import { issue } from '../../messages/index.js';
import { sumColumn } from '../respond.js';

export interface ValueAsk {
  readonly column?: string;
  readonly region?: string;
  readonly project?: string;
}

export interface ValueTable {
  readonly columns: readonly { readonly id: string; readonly text?: boolean }[];
  readonly rows: readonly (readonly string[])[];
  /** The total row; a dataset has none: its number columns are summed, a text column needs a row. */
  readonly total?: readonly string[];
}

const PLAIN_DECIMAL = /^-?\d+(?:\.\d+)?$/;

/** The cell asked for, or the issues saying why there is none. */
export function valueOf(table: ValueTable, ask: ValueAsk): { value: string } | { issues: Issue[] } {
  if (ask.column === undefined) return { issues: [issue('?column', 'column-required')] };
  const ids = table.columns.map((c) => c.id);
  const j = ids.indexOf(ask.column);
  if (j < 0) return { issues: [issue('?column', 'unknown-column', { column: ask.column, columns: ids })] };
  const selector = ask.region !== undefined ? { at: '?region', id: ask.region } : ask.project !== undefined ? { at: '?project', id: ask.project } : undefined;
  if (!selector) {
    if (table.total) return { value: table.total[j] ?? '' };
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
