/**
 * CSV (RFC 4180) and TSV as spreadsheets write them: cells separated by the media type's delimiter, quoted
 * cells with "" for a quote and line breaks inside, records ending in CRLF, LF or CR. Each record keeps the
 * line it starts on, so a problem can name the line a planner sees in a text editor.
 */
import type { Issue } from '../../core/errors.js';
import { issue } from '../../messages/index.js';

export interface DelimitedRecord {
  /** 1-based line of the text the record starts on (the header is line 1 unless blank lines precede it). */
  readonly line: number;
  readonly cells: readonly string[];
}

/** Delimiters a spreadsheet export may use, each with how the messages name it. */
export const DELIMITERS: Readonly<Record<string, { en: string; zh: string }>> = {
  ',': { en: 'commas (,)', zh: '英文逗号（,）' },
  '\t': { en: 'tabs', zh: '制表符（Tab）' },
  ';': { en: 'semicolons (;)', zh: '分号（;）' },
  '|': { en: 'vertical bars (|)', zh: '竖线（|）' },
  '，': { en: 'full-width commas (，)', zh: '中文逗号（，）' },
  '；': { en: 'full-width semicolons (；)', zh: '中文分号（；）' },
};

/** Parses the text with `sep`; an unclosed quote is an issue at the line it opens on. */
export function parseDelimited(text: string, sep: string): { records: DelimitedRecord[]; issues: Issue[] } {
  const records: DelimitedRecord[] = [];
  const issues: Issue[] = [];
  let line = 1;
  let cells: string[] = [];
  let cell = '';
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let i = 0;
  const n = text.length;
  const endRecord = () => {
    cells.push(cell);
    records.push({ line: recordLine, cells });
    cells = [];
    cell = '';
  };
  while (i < n) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell === '') {
      quoted = true;
      quoteLine = line;
      i++;
      continue;
    }
    if (ch === sep) {
      cells.push(cell);
      cell = '';
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    cell += ch;
    i++;
  }
  if (quoted) issues.push(issue('', 'csv-unclosed-quote', { line: quoteLine }));
  if (cell !== '' || cells.length > 0) endRecord();
  // blank records (a trailing newline, the ",,," rows Excel leaves under a table) are not rows
  return { records: records.filter((r) => r.cells.some((c) => c !== '')), issues };
}

/** The delimiter the first line uses (outside quotes), among DELIMITERS: the one that appears most, if any. */
export function detectDelimiter(text: string): string | undefined {
  const end = text.search(/\r|\n/);
  const first = end < 0 ? text : text.slice(0, end);
  const counts = new Map<string, number>();
  let quoted = false;
  for (const ch of first) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in DELIMITERS) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [ch, count] of counts) if (best === undefined || count > (counts.get(best) ?? 0)) best = ch;
  return best;
}
