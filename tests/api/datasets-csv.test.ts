/**
 * The pure parts of a dataset upload (src/domain/datasets/): decoding what Excel and WPS write, the
 * delimiter, RFC 4180 quoting with the line each record starts on, header mapping through a model's
 * vocabulary, and a table this service writes reading back to the same rows.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { vocabularyOf } from '../../src/api/datasets/vocabulary.js';
import { tableOf } from '../../src/api/datasets/route.js';
import { mapHeaders, NO_MODEL, normaliseRows, rowsFromRecords } from '../../src/domain/datasets/columns.js';
import { decodeTable } from '../../src/domain/datasets/decode.js';
import { detectDelimiter, parseDelimited } from '../../src/domain/datasets/delimited.js';
import { GBK_TABLE, gbk } from '../fixtures/datasets/gbk.js';

describe('decodeTable', () => {
  it('reads UTF-8, UTF-8 with BOM, UTF-16LE/BE with BOM and GBK; says which', () => {
    const text = '编号,名称\nA,甲县\n';
    const utf8 = new TextEncoder().encode(text);
    expect(decodeTable(utf8)).toEqual({ text, encoding: 'utf-8' });
    expect(decodeTable(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({ text, encoding: 'utf-8-bom' });
    const le = [0xff, 0xfe, ...[...text].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])];
    const be = [0xfe, 0xff, ...[...text].flatMap((c) => [c.charCodeAt(0) >> 8, c.charCodeAt(0) & 0xff])];
    expect(decodeTable(new Uint8Array(le))).toEqual({ text, encoding: 'utf-16le' });
    expect(decodeTable(new Uint8Array(be))).toEqual({ text, encoding: 'utf-16be' });
    expect(decodeTable(gbk(text))).toEqual({ text, encoding: 'gbk' });
  });

  it('a mix of UTF-8 and GBK lines, and bytes neither, are problems naming the lines', () => {
    const mixed = new Uint8Array([...new TextEncoder().encode('编号,名称\n'), ...gbk('A,甲县\n')]);
    expect(decodeTable(mixed)).toMatchObject({ problem: { code: 'mixed-encoding' } });
    expect(decodeTable(new Uint8Array([0x41, 0x0a, 0x42, 0xff, 0x0a]))).toMatchObject({
      problem: { code: 'invalid-encoding', en: expect.stringMatching(/^line 2 /) },
    });
  });

  it('the fixture table of GBK codes agrees with iconv where the machine has it', () => {
    let iconv: Buffer;
    try {
      iconv = execFileSync('iconv', ['-f', 'utf-8', '-t', 'gbk'], { input: Object.keys(GBK_TABLE).join('') });
    } catch {
      return; // no iconv here (the table is then the only source)
    }
    expect([...iconv]).toEqual(Object.values(GBK_TABLE).flat());
  });
});

describe('parseDelimited and detectDelimiter', () => {
  it('quotes, doubled quotes, line breaks in a cell (the next record keeps its own line), CRLF, CR, trailing empty rows', () => {
    const { records, issues } = parseDelimited('id,name\r\nA,"甲县, ""老城"""\r\nB,"乙\n县"\rC,丙县\r\n,,\r\n\r\n', ',');
    expect(issues).toEqual([]);
    expect(records).toEqual([
      { line: 1, cells: ['id', 'name'] },
      { line: 2, cells: ['A', '甲县, "老城"'] },
      { line: 3, cells: ['B', '乙\n县'] },
      { line: 5, cells: ['C', '丙县'] },
    ]);
  });

  it('names the delimiter a header uses', () => {
    expect(detectDelimiter('编号;名称;脱贫人口\r\n')).toBe(';');
    expect(detectDelimiter('编号\t名称\t"a,b"\n')).toBe('\t');
    expect(detectDelimiter('编号，名称，脱贫人口')).toBe('，');
    expect(detectDelimiter('编号')).toBeUndefined();
  });
});

describe('headers and rows through the sichuan-2024 vocabulary', () => {
  const vocab = vocabularyOf('sichuan-2024')!;

  it('maps titles, ids, units in brackets, the written "中文 (id)" form, pipeline inputs; refuses unknown and duplicate headers', () => {
    const headers = ['区划代码', 'Name', '脱贫人口', 'monitored', '上年金额（万元）', '重点帮扶县 (keyCounty)', '积分', '评价等级', '违规金额', '行政层级'];
    const { targets, issues } = mapHeaders('regions', vocab, headers, 1);
    expect(issues).toEqual([]);
    expect(targets).toEqual([
      { field: 'id' },
      { field: 'name' },
      { indicator: 'poverty' },
      { indicator: 'monitored' },
      { field: 'lastYear' },
      { indicator: 'keyCounty' },
      { indicator: 'points' },
      { indicator: 'grade' },
      { indicator: 'misused' },
      { field: 'level' },
    ]);
    const bad = mapHeaders('regions', vocab, ['名称', '脱贫人口', 'poverty', 'density'], 1);
    expect(bad.issues.map((i) => [i.path, i.code])).toEqual([
      ['/columns/2', 'duplicate-header'],
      ['/columns/3', 'unknown-header'],
      ['/columns', 'missing-id-column'],
    ]);
    // without a model: id-shaped headers are indicators, Chinese ones unknown
    expect(mapHeaders('regions', NO_MODEL, ['id', 'poverty', '脱贫人口'], 1).issues.map((i) => i.code)).toEqual(['unknown-header']);
  });

  it("categories by the model's set-aside titles and common names; levels in Chinese; a table written reads back", () => {
    const rows = [
      { id: 'A', level: '县', indicators: { keyCounty: '国家乡村振兴重点帮扶县', poverty: '1' } },
      { id: 'B', level: 'county', indicators: { keyCounty: '省级重点县', poverty: 2 } },
      { id: 'C', name: '=HYPERLINK("x")', indicators: { keyCounty: '非重点县', poverty: '3' } },
    ];
    const normal = normaliseRows('regions', vocab, rows, 10);
    expect(normal.issues).toEqual([]);
    expect((normal.rows as { indicators: { keyCounty: string } }[]).map((r) => r.indicators.keyCounty)).toEqual(['national', 'provincial', 'other']);
    expect((normal.rows as { level: string }[])[0].level).toBe('county');
    // written as CSV (a formula-like name defused with a leading '), parsed and mapped back: the same rows
    const table = tableOf({ kind: 'regions', rows: normal.rows }, vocab);
    const [header, ...body] = table;
    const records = [{ line: 1, cells: header }, ...body.map((cells, i) => ({ line: i + 2, cells: cells.map((c) => (c.startsWith('=') ? `'${c}` : c)) }))];
    const mapped = mapHeaders('regions', vocab, header, 1);
    expect(mapped.issues).toEqual([]);
    const back = rowsFromRecords(records.slice(1), header, mapped.targets);
    expect(normaliseRows('regions', vocab, back.rows, 10).rows).toEqual(
      (normal.rows as { indicators: Record<string, unknown> }[]).map((r) => ({
        ...r,
        indicators: Object.fromEntries(Object.entries(r.indicators).map(([k, v]) => [k, String(v)])),
      })),
    );
  });

  it("projects: the library's columns in Chinese, other id-shaped headers as values", () => {
    const { targets, issues } = mapHeaders('projects', NO_MODEL, ['项目编号', '项目名称', '所属县', '项目类别', '总投资（万元）', 'beneficiaries'], 1);
    expect(issues).toEqual([]);
    const made = rowsFromRecords(
      [{ line: 2, cells: ['P1', '猕猴桃产业园', '510121', 'industry', '120.5', '420'] }],
      ['项目编号', '项目名称', '所属县', '项目类别', '总投资（万元）', 'beneficiaries'],
      targets,
    );
    expect(made.rows).toEqual([{ id: 'P1', name: '猕猴桃产业园', region: '510121', category: 'industry', cost: '120.5', values: { beneficiaries: '420' } }]);
  });
});
