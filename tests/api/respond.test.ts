import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sumColumn, tableCells, TOTAL_LABEL } from '../../src/api/respond.js';

describe('the responder’s tables', () => {
  const table = {
    columns: [{ id: 'id' }, { id: 'name' }, { id: 'amount', money: true }, { id: 'share' }, { id: 'rank', sum: false }],
    rows: [
      ['A', '甲县', '530.23', '0.530230000000', '1'],
      ['B', '乙县', '469.77', '0.469770000000', '2'],
    ],
  };

  it('names the unit in money headers and ends with a total row of the summed columns', () => {
    expect(tableCells(table, 'wan')).toEqual([['id', 'name', 'amount (wan)', 'share', 'rank'], ...table.rows, [TOTAL_LABEL, '', '1000.00', '', '']]);
  });

  it('takes the total cells a route gives where a column’s sum is not its total', () => {
    const cells = tableCells(
      { ...table, columns: [...table.columns.slice(0, 3), { id: 'share', sum: true }, table.columns[4]], total: { share: '1' } },
      'yuan',
    );
    expect(cells.at(-1)).toEqual([TOTAL_LABEL, '', '1000.00', '1', '']);
  });

  it('sums exactly, to the most precise cell’s decimals (fast-check against BigInt cents)', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }), { maxLength: 200 }), (cents) => {
        const cells = cents.map((c) => [
          (c < 0n ? '-' : '') + ((c < 0n ? -c : c) / 100n).toString() + '.' + ((c < 0n ? -c : c) % 100n).toString().padStart(2, '0'),
        ]);
        const total = cents.reduce((a, b) => a + b, 0n);
        const abs = total < 0n ? -total : total;
        const expected = (total < 0n ? '-' : '') + (abs / 100n).toString() + '.' + (abs % 100n).toString().padStart(2, '0');
        expect(sumColumn(cells, 0)).toBe(cells.length === 0 ? '0' : expected);
      }),
    );
  });
});

describe('a column named like an Object.prototype member', () => {
  it('is summed or left blank as any column, never read from the prototype', () => {
    for (const id of ['toString', '__proto__', 'constructor', 'valueOf']) {
      const cells = tableCells(
        {
          columns: [{ id: 'id' }, { id, money: true }],
          rows: [
            ['A', '1.50'],
            ['B', '2.50'],
          ],
          total: {},
        },
        'wan',
      );
      expect(cells.at(-1)).toEqual([TOTAL_LABEL, '4.00']);
    }
  });
});
