/**
 * The widget's pure helpers in src/widget/api.ts: the download file name (audit #11: CSV and XLSX of the same
 * figures get the same name, differing only by extension) and the Content-Disposition reader.
 */
import { describe, expect, it } from 'vitest';
import { downloadName, filenameOf } from '../../src/widget/api.js';

describe('downloadName', () => {
  const day = new Date(2026, 11, 3, 9, 30);
  it('allocation-<dataset>-<local date>.<ext>, the same stem for csv and xlsx', () => {
    expect(downloadName('sample-20', 'csv', day)).toBe('allocation-sample-20-2026-12-03.csv');
    expect(downloadName('sample-20', 'xlsx', day)).toBe('allocation-sample-20-2026-12-03.xlsx');
  });
  it('"regions" when the rows came inline (no dataset)', () => {
    expect(downloadName(undefined, 'csv', day)).toBe('allocation-regions-2026-12-03.csv');
    expect(downloadName('allocation', 'xlsx', day)).toBe('allocation-regions-2026-12-03.xlsx');
  });
  it('keeps a file name safe: no slashes, spaces or quotes from an id', () => {
    expect(downloadName('a/b "c"', 'csv', day)).toBe('allocation-a_b_c_-2026-12-03.csv');
  });
});

describe('filenameOf', () => {
  it('reads filename*= first, then filename=', () => {
    expect(filenameOf(`attachment; filename="x.csv"; filename*=UTF-8''%E5%88%86.csv`)).toBe('分.csv');
    expect(filenameOf('attachment; filename="x.csv"')).toBe('x.csv');
    expect(filenameOf(null)).toBeUndefined();
  });
});
