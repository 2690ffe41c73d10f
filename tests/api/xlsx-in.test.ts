/**
 * Datasets sent as .xlsx workbooks (POST and PUT /v1/datasets, metadata in the query as for CSV): the first
 * sheet reads as the same CSV would, so an .xlsx with Chinese headers and the CSV of it make one dataset
 * (the same content hash); a bad cell is a problem naming its sheet row, column letter and header; bytes that
 * are no workbook (random, a zip of something else, an old .xls, a zip bomb) are 4xx problems, never a 5xx.
 * The workbooks are made here by write-excel-file, as Excel or WPS would save them.
 */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import writeExcelFile from 'write-excel-file/universal';
import { createApp } from '../../src/api/app.js';
import { XLSX_MEDIA_TYPE } from '../../src/api/datasets/table.js';
import { numberText, readXlsx } from '../../src/domain/datasets/xlsx.js';
import { createKey } from '../../src/store/keys.js';
import { sqliteStore } from '../../src/store/sqlite.js';
import { expectProblem } from './request.js';

async function setup() {
  const store = sqliteStore(':memory:');
  const app = createApp({ store });
  const writer = (await createKey(store, { name: 'planner', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
  const send = (method: string, path: string, body: BodyInit, type: string, headers: Record<string, string> = {}) =>
    app.request(path, { method, headers: { authorization: `Bearer ${writer}`, 'content-type': type, ...headers }, body });
  return { store, app, writer, send };
}

const QUERY = `title=${encodeURIComponent('2024年各县')}&jurisdiction=${encodeURIComponent('四川省')}&year=2024&kind=regions&model=sichuan-2024`;
const HEADER = ['编号', '名称', '重点帮扶县', '易地搬迁集中安置人口', '脱贫人口', '监测对象', '脱贫人口人均纯收入（元）', '上年度绩效评价得分'];
const CSV = `${HEADER.join(',')}\r\nA,甲县,国家重点县,1200,52000,3100,15600,92\r\nB,乙县,省级重点县,300,31000,1800,17300,85.5\r\nC,丙县,其他,0,12000,700,19800,88\r\n`;
// the same table as a planner's sheet: numbers typed as numbers, text as text
const SHEET: (string | number | null)[][] = [
  HEADER,
  ['A', '甲县', '国家重点县', 1200, 52000, 3100, 15600, 92],
  ['B', '乙县', '省级重点县', 300, 31000, 1800, 17300, 85.5],
  ['C', '丙县', '其他', 0, 12000, 700, 19800, 88],
];

async function xlsx(rows: unknown[][]): Promise<Uint8Array> {
  const blob = await writeExcelFile(rows as never).toBlob();
  return new Uint8Array(await blob.arrayBuffer());
}

/** A zip of the given entries, deflated (what an .xlsx is made of), for bodies that are zips but no workbook. */
function zip(entries: Record<string, Uint8Array>): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(entries)) {
    const packed = deflateRawSync(data);
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, packed);
    centrals.push(central, n);
    offset += 30 + n.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

describe('reading a sheet as a CSV of it would read', () => {
  it('numbers as the decimal of their 15 significant digits (never 0.30000000000000004 or 1e-7), dates as ISO dates, booleans, empty cells', async () => {
    const bytes = await xlsx([
      ['id', 'a', 'b', 'c', 'd'],
      ['X', 0.1 + 0.2, 12345, { value: new Date('2024-03-01T00:00:00Z'), format: 'yyyy-mm-dd' }, true],
      [null, null, null, null, null],
      ['Y', 1e-7, 1234567.891, -2.5, null],
    ]);
    const read = await readXlsx(bytes);
    expect(read).toEqual({
      records: [
        { line: 1, cells: ['id', 'a', 'b', 'c', 'd'] },
        { line: 2, cells: ['X', '0.3', '12345', '2024-03-01', 'TRUE'] },
        // row 3 is empty and left out; row 4 keeps its sheet row number
        { line: 4, cells: ['Y', '0.0000001', '1234567.891', '-2.5', ''] },
      ],
    });
  });

  it('numberText against an independent rule: Number(toPrecision(15)) printed without exponent', () => {
    for (const x of [0.1, 0.2, 0.1 + 0.2, 1 / 3, 2 / 3, Number('123456789.123456789'), 5e-324, 1e21, 98765.4321, 100, -0.000123]) {
      const shown = numberText(String(x));
      expect(shown).toMatch(/^-?\d+(\.\d+)?$/);
      expect(Number(shown)).toBe(Number(x.toPrecision(15)));
      expect(shown.replace(/^-?0\.0*|[-.]/g, '').replace(/0+$/, '').length).toBeLessThanOrEqual(15);
    }
    expect(numberText('0.30000000000000004')).toBe('0.3');
    expect(numberText('1.5E-3')).toBe('0.0015');
    expect(numberText('12345')).toBe('12345');
  });
});

describe('POST /v1/datasets with an .xlsx body', () => {
  it('Chinese headers and numbers typed as numbers: the same dataset as the same CSV (same rows, same content hash)', async () => {
    const { send } = await setup();
    const fromCsv = await send('POST', `/v1/datasets?${QUERY}`, CSV, 'text/csv');
    expect(fromCsv.status).toBe(201);
    const csv = (await fromCsv.json()) as { hash: string; rows: unknown[] };
    const fromXlsx = await send('POST', `/v1/datasets?${QUERY}`, await xlsx(SHEET), XLSX_MEDIA_TYPE);
    expect(fromXlsx.status).toBe(201);
    const sheet = (await fromXlsx.json()) as { hash: string; rows: unknown[]; rowCount: number };
    expect(sheet.rowCount).toBe(3);
    expect(sheet.rows).toEqual(csv.rows);
    expect(sheet.rows[1]).toMatchObject({ id: 'B', indicators: { keyCounty: 'provincial', performance: '85.5' } });
    expect(sheet.hash).toBe(csv.hash);
  });

  it('PUT with an .xlsx body makes the next revision (metadata kept from the head)', async () => {
    const { send } = await setup();
    const made = (await (await send('POST', `/v1/datasets?${QUERY}`, CSV, 'text/csv')).json()) as { id: string; hash: string };
    const changed = SHEET.map((r, i) => (i === 1 ? [...r.slice(0, 4), 52100, ...r.slice(5)] : r));
    const res = await send('PUT', `/v1/datasets/${made.id}`, await xlsx(changed), XLSX_MEDIA_TYPE, { 'if-match': '"1"' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { revision: number; title: string; hash: string; rows: { indicators: { poverty: string } }[] };
    expect(body.revision).toBe(2);
    expect(body.title).toBe('2024年各县');
    expect(body.rows[0].indicators.poverty).toBe('52100');
    expect(body.hash).not.toBe(made.hash);
  });

  it('a bad cell: 422 at its pointer, the message naming the sheet row, the column letter and the header', async () => {
    const { send } = await setup();
    const bad = SHEET.map((r) => [...r]);
    bad[2][4] = '三万'; // row 3, column E (脱贫人口)
    const res = await send('POST', `/v1/datasets?${QUERY}`, await xlsx([[], ...bad]), XLSX_MEDIA_TYPE); // a blank first row: the header is row 2
    const body = await expectProblem(res, 422, ['/rows/1/indicators/poverty']);
    const e = body.errors.find((x: { pointer: string }) => x.pointer === '/rows/1/indicators/poverty');
    expect(e.detail).toMatch(/^row 4, column E "脱贫人口": /);
    expect(e.detail_zh).toMatch(/^第 4 行 E 列“脱贫人口”：/);
  });

  it('a header problem names the sheet row and the column letter (an unknown header in D2, the header row under a blank row)', async () => {
    const { send } = await setup();
    const sheet = [[], HEADER.map((h, j) => (j === 3 ? '搬迁人口合计' : h)), ...SHEET.slice(1)];
    const body = await expectProblem(await send('POST', `/v1/datasets?${QUERY}`, await xlsx(sheet), XLSX_MEDIA_TYPE), 422, ['/columns/3']);
    const e = body.errors.find((x: { pointer: string }) => x.pointer === '/columns/3');
    expect(e.code).toBe('unknown-header');
    expect(e.detail).toMatch(/^row 2, column D: the header "搬迁人口合计" is not a column the model sichuan-2024 reads/);
    expect(e.detail_zh).toMatch(/^第 2 行 D 列：表头 "搬迁人口合计"/);
  });

  it('bytes that are no workbook: random bytes, a zip of something else, an old .xls — 422 unreadable-xlsx, never a 5xx', async () => {
    const { send } = await setup();
    let seed = 7;
    const random = new Uint8Array(4096).map(() => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff);
    const notWorkbook = zip({ 'hello.xml': new TextEncoder().encode('<hello/>'), 'readme.txt': new TextEncoder().encode('hi') });
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Uint8Array(504)]);
    const truncated = (await xlsx(SHEET)).slice(0, 900);
    for (const bytes of [random, notWorkbook, xls, truncated, new Uint8Array(0), new TextEncoder().encode(CSV)]) {
      const res = await send('POST', `/v1/datasets?${QUERY}`, bytes, XLSX_MEDIA_TYPE);
      const body = await expectProblem(res, 422);
      expect(body.errors.map((e: { code: string }) => e.code)).toEqual(['unreadable-xlsx']);
    }
    const old = await expectProblem(await send('POST', `/v1/datasets?${QUERY}`, xls, XLSX_MEDIA_TYPE), 422);
    expect(old.errors[0].detail).toMatch(/\.xls\b.*save it as "Excel Workbook \(\*\.xlsx\)"/);
  });

  it('a real workbook with bytes flipped here and there (seeded): every answer a 201 or a 4xx problem, never a 5xx', async () => {
    const { send } = await setup();
    const good = await xlsx(SHEET);
    let seed = 2024;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const seen = new Set<number>();
    for (let n = 0; n < 150; n++) {
      const bytes = good.slice();
      for (let k = 0; k < 1 + (n % 4); k++) bytes[next() % bytes.length] = next() & 0xff;
      const res = await send('POST', `/v1/datasets?${QUERY}`, bytes, XLSX_MEDIA_TYPE);
      seen.add(res.status);
      expect(res.status, await res.clone().text()).toBeLessThan(500);
      if (res.status !== 201) expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    }
    expect(seen.has(422)).toBe(true);
  });

  it('a formula showing an error (#DIV/0!) reads as that text, as a CSV export has it: a problem at its cell, not a silently empty number', async () => {
    const { send } = await setup();
    const NS = 'http://schemas.openxmlformats.org';
    const text = (t: string) => new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>${t}`);
    const cell = (ref: string, v: string | number) =>
      typeof v === 'number' ? `<c r="${ref}"><v>${v}</v></c>` : `<c r="${ref}" t="inlineStr"><is><t>${v}</t></is></c>`;
    const row = (r: number, values: (string | number)[]) => `<row r="${r}">${values.map((v, j) => cell(`${'ABCDEFGH'[j]}${r}`, v)).join('')}</row>`;
    // row 3's 脱贫人口 (E3) is a formula whose cached value is an error
    const row3 = row(3, SHEET[2] as (string | number)[]).replace(/<c r="E3">.*?<\/c>/, '<c r="E3" t="e"><f>C9/0</f><v>#DIV/0!</v></c>');
    expect(row3).toContain('t="e"');
    // the planner's sheet is the workbook's first sheet, stored as worksheets/data.xml (found through the relationships)
    const rows = [row(1, HEADER), row(2, SHEET[1] as (string | number)[]), row3];
    const book = zip({
      '[Content_Types].xml': text(
        `<Types xmlns="${NS}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/data.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
      ),
      '_rels/.rels': text(
        `<Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
      'xl/workbook.xml': text(
        `<workbook xmlns="${NS}/spreadsheetml/2006/main" xmlns:r="${NS}/officeDocument/2006/relationships"><sheets><sheet name="分配因素" sheetId="1" r:id="rId7"/></sheets></workbook>`,
      ),
      'xl/_rels/workbook.xml.rels': text(
        `<Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId7" Type="${NS}/officeDocument/2006/relationships/worksheet" Target="worksheets/data.xml"/></Relationships>`,
      ),
      'xl/worksheets/data.xml': text(`<worksheet xmlns="${NS}/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`),
    });
    const read = await readXlsx(book);
    expect(read).toMatchObject({
      records: [{ line: 1 }, { line: 2 }, { line: 3, cells: ['B', '乙县', '省级重点县', '300', '#DIV/0!', '1800', '17300', '85.5'] }],
    });
    const body = await expectProblem(await send('POST', `/v1/datasets?${QUERY}`, book, XLSX_MEDIA_TYPE), 422, ['/rows/1/indicators/poverty']);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].detail).toMatch(/^row 3, column E "脱贫人口": .*#DIV\/0!/);
  });

  it('a zip bomb (an XML part inflating past the cap) is refused before it is read: 422 xlsx-too-large', async () => {
    const { send } = await setup();
    const bomb = zip({ 'xl/worksheets/sheet1.xml': new Uint8Array(60 * 1024 * 1024).fill(0x20) });
    expect(bomb.length).toBeLessThan(200_000);
    const body = await expectProblem(await send('POST', `/v1/datasets?${QUERY}`, bomb, XLSX_MEDIA_TYPE), 422);
    expect(body.errors.map((e: { code: string }) => e.code)).toEqual(['xlsx-too-large']);
  });

  it('a sheet beyond the row limit is refused as a CSV would be (too-many-rows)', async () => {
    const { send } = await setup();
    const rows = [['编号', '脱贫人口'], ...Array.from({ length: 10_001 }, (_, i) => [`R${i}`, i])];
    const body = await expectProblem(await send('POST', `/v1/datasets?${QUERY}`, await xlsx(rows), XLSX_MEDIA_TYPE), 422);
    expect(body.errors.map((e: { code: string }) => e.code)).toContain('too-many-rows');
  });
});
