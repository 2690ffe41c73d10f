/**
 * CSV/TSV injection (OWASP): a cell a spreadsheet would read as a formula is neutralised, numbers stay
 * numbers, byte for byte. Cells are read back the way a spreadsheet reads them (RFC 4180 unquoting).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toDelimited, type Delimited } from '../../src/api/format.js';
import { SAMPLE_REQUEST } from '../helpers.js';
import { post } from './request.js';

/** Characters that make a spreadsheet evaluate the cell (OWASP CSV injection), and their full-width forms. */
const FORMULA_START = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

/** One table of one row, written and read back: the cells as a spreadsheet sees them. */
function roundTrip(cells: string[], kind: Delimited): string[] {
  const text = toDelimited([cells], kind);
  expect(text.startsWith('\uFEFF')).toBe(true);
  return parseRow(text.slice(1).replace(/\r\n$/, ''), kind === 'csv' ? ',' : '\t');
}

/** RFC 4180 reader for one record (quoted cells may hold separators, quotes and line breaks). */
function parseRow(text: string, sep: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') (cell += '"'), (i += 2);
        else if (text[i] === '"') {
          i++;
          break;
        } else cell += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== sep) cell += text[i++];
    }
    out.push(cell);
    if (i >= text.length) return out;
    expect(text[i]).toBe(sep);
    i++;
  }
}

/** What a spreadsheet would run: text starting with a formula character that is not a plain number. */
const isFormula = (cell: string) => FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell);

describe('CSV/TSV cells cannot become formulas', () => {
  it.each(['-1+1', "-2+3+cmd|' /C calc'!A0", '-1e5', '-0x1', '-', '=1+1', '+1', '@SUM(A1)', '\t=1', '\r=1', '＝1+1', "-2+3+cmd|' /C calc'!A0,x"])(
    '%j is neutralised with a leading quote',
    (cell) => {
      for (const kind of ['csv', 'tsv'] as const) {
        const [read] = roundTrip([cell], kind);
        expect(read).toBe("'" + cell);
        expect(isFormula(read)).toBe(false);
      }
    },
  );

  it.each(['-1', '-12.50', '0', '416.40', '-0.000001', '1134'])('the number %j stays raw', (cell) => {
    expect(toDelimited([[cell]], 'csv')).toBe('\uFEFF' + cell + '\r\n');
  });

  it('property: no random text reads back as a formula; the text is kept after the quote', () => {
    const chars = fc.constantFrom(...'=+-@\t\r\n"\',;|!0123456789.eE AbC甲县＝＋－＠');
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ unit: chars, maxLength: 12 }), fc.string({ maxLength: 12 })), { minLength: 1, maxLength: 4 }),
        fc.constantFrom<Delimited>('csv', 'tsv'),
        (cells, kind) => {
          const read = roundTrip(cells, kind);
          expect(read).toHaveLength(cells.length);
          read.forEach((r, i) => {
            expect(isFormula(r)).toBe(false);
            expect(r === cells[i] || r === "'" + cells[i]).toBe(true);
          });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('property: decimal numbers stay byte-identical', () => {
    const decimal = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.option(fc.stringMatching(/^\d{1,12}$/), { nil: undefined }))
      .map(([neg, int, frac]) => `${neg ? '-' : ''}${int}${frac === undefined ? '' : '.' + frac}`);
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        expect(toDelimited([[a, b]], 'csv')).toBe(`\uFEFF${a},${b}\r\n`);
        expect(toDelimited([[a, b]], 'tsv')).toBe(`\uFEFF${a}\t${b}\r\n`);
      }),
      { numRuns: 1000 },
    );
  });

  it('a region named "-2+3+cmd|…" reaches the CSV neutralised', async () => {
    const evil = structuredClone(SAMPLE_REQUEST) as any;
    evil.regions[0].name = "-2+3+cmd|' /C calc'!A0";
    const res = await post('/v1/allocations?format=csv', evil);
    expect(res.status).toBe(200);
    const line = (await res.text()).split('\r\n')[1];
    expect(line).toContain(`"'-2+3+cmd|' /C calc'!A0"`);
  });
});
