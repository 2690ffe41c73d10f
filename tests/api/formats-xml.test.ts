/**
 * ?format=xml (issue 13): the README's allocation written exactly; every route's every table read back by a
 * strict XML reader with the same cells as its CSV; any text round-trips exactly, and what XML 1.0 cannot hold
 * is a 422 xml-cannot-hold, never a character dropped.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { toXml } from '../../src/api/format/xml.js';
import { expectProblem, post } from './request.js';
import { README_BODY, type RouteCase, readCsv, readXml, routeCases, undefused, withTable, xmlCells } from './formats-fixtures.js';

let cases: RouteCase[];
beforeAll(async () => {
  cases = await routeCases();
});

describe('format=xml', () => {
  it('the README allocation: application/xml, the rows by column id, the total row as <total>', async () => {
    const res = await post('/v1/allocations?format=xml', README_BODY);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const text = await res.text();
    expect(
      text.startsWith('<?xml version="1.0" encoding="UTF-8"?><table name="rows" unit="wan"><row><id>A</id><name>甲县</name><amount>530.23</amount>'),
    ).toBe(true);
    const root = readXml(text);
    expect(root.name).toBe('table');
    expect(root.attributes).toEqual({ name: 'rows', unit: 'wan' });
    expect(root.children.map((c) => c.name)).toEqual(['row', 'row', 'row', 'total']);
    const amount = (row: (typeof root.children)[number]) => row.children.find((c) => c.name === 'amount')?.text;
    expect(root.children.map(amount)).toEqual(['530.23', '304.88', '164.89', '1000.00']);
  });

  it('every route and table: well formed, and cell for cell the CSV of the same request', async () => {
    for (const c of cases) {
      for (const table of c.tables) {
        const xml = await post(withTable(`${c.path}?format=xml`, table), c.body);
        expect(xml.status, `${c.name} ${table}`).toBe(200);
        const csv = readCsv(await (await post(withTable(`${c.path}?format=csv`, table), c.body)).text());
        const root = readXml(await xml.text());
        if (table !== undefined) expect(root.attributes.name, c.name).toBe(table);
        const lines = root.children;
        expect(lines.map((l) => l.name)).toEqual([...csv.slice(1, -1).map(() => 'row'), 'total']);
        lines.forEach((line, i) => {
          const cells = xmlCells(line);
          // the CSV header names money columns with the unit: "amount (wan)"
          expect(cells.map((x) => x.column)).toEqual(csv[0].map((h, j) => (cells[j] && h.startsWith(`${cells[j].column} (`) ? cells[j].column : h)));
          expect(
            cells.map((x) => x.text),
            `${c.name} ${table} line ${i}`,
          ).toEqual(csv[i + 1].map(undefused));
        });
      }
    }
  });

  it('a column id that is no XML name (a variant "policy 40%") is <cell column="…">', async () => {
    const c = cases.find((x) => x.path === '/v1/allocations/compare')!;
    const root = readXml(await (await post(`${c.path}?format=xml`, c.body)).text());
    const columns = xmlCells(root.children[0]).map((x) => x.column);
    const names = root.children[0].children.map((x) => x.name);
    expect(columns.some((col) => col.includes(' '))).toBe(true);
    expect(names.filter((n) => n === 'cell').length).toBe(columns.filter((col) => !/^[A-Za-z_][\w.-]*$/.test(col)).length);
  });

  it('a table of datasets and results is XML too (tests/api/formats-tables.test.ts); a bad table name is still a 422', async () => {
    await expectProblem(await post('/v1/monitoring?format=xml&table=towns', cases.find((c) => c.path === '/v1/monitoring')!.body), 422, ['?table']);
  });
});

/** Whether XML 1.0 can hold every character of the text (its Char production). */
function xmlCanHold(s: string): boolean {
  for (const ch of s) {
    const n = ch.codePointAt(0)!;
    const ok = n === 9 || n === 10 || n === 13 || (n >= 0x20 && n <= 0xd7ff) || (n >= 0xe000 && n <= 0xfffd) || (n >= 0x10000 && n <= 0x10ffff);
    if (!ok) return false;
  }
  return true;
}

const anyText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({
    unit: fc.constantFrom('<', '>', '&', '"', "'", '\r', '\n', '\t', ' ', '\u0000', '\u001F', '\uFFFE', '\uD800', '\uDC00', 'a', '甲', '😀', ';', '#'),
  }),
  fc.constantFrom('AT&T <b>', '"quoted"', 'a\r\nb', '\r', '甲县 😀', ']]>', '&amp;', '&#13;'),
);

describe('toXml round trip (fast-check)', () => {
  it('any cell text and column name comes back exactly, or the table is refused because XML 1.0 cannot hold a character', () => {
    fc.assert(
      fc.property(fc.array(fc.array(anyText, { minLength: 2, maxLength: 2 }), { maxLength: 4 }), anyText, anyText, (rows, column, unit) => {
        const columns = ['id', column];
        const out = toXml({ name: 'rows', unit, columns, rows, total: ['total · 合计', 'x'] });
        const holdable = [column, unit, ...rows.flat()].every(xmlCanHold);
        if (!holdable) {
          expect('issue' in out).toBe(true);
          if ('issue' in out) expect(out.issue.code).toBe('xml-cannot-hold');
          return;
        }
        expect('xml' in out).toBe(true);
        if (!('xml' in out)) return;
        const root = readXml(out.xml);
        expect(root.attributes.unit).toBe(unit);
        const back = root.children.slice(0, -1).map((r) => xmlCells(r));
        expect(back.map((r) => r.map((x) => x.text))).toEqual(rows);
        for (const r of back) expect(r.map((x) => x.column)).toEqual(columns);
      }),
      { numRuns: 500 },
    );
  });
});
