/**
 * ?format=xlsx (issue 13): a real workbook, read back with read-excel-file. Sheet 1 the table — headers from
 * the column dictionary in both languages, numbers as numbers (the double nearest the decimal, formatted
 * with its decimals), ids as text, the exact total row — and sheet 2 the summary with the provenance.
 */
import DecimalJs from 'decimal.js';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import readXlsxFile from 'read-excel-file/universal';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { numberCell, SERVICE_NAME, toXlsx } from '../../src/api/format/xlsx.js';
import { sqliteStore } from '../../src/store/sqlite.js';
import { SERVICE_VERSION } from '../../src/version.js';
import { post } from './request.js';
import { README_BODY, type RouteCase, readCsv, routeCases, undefused, withTable } from './formats-fixtures.js';

let cases: RouteCase[];
beforeAll(async () => {
  cases = await routeCases();
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const today = () => new Date().toISOString().slice(0, 10);

async function workbook(path: string, body: unknown) {
  const res = await post(path, body);
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toBe(XLSX);
  const bytes = await res.arrayBuffer();
  return { res, bytes, sheets: await readXlsxFile(bytes) };
}

/** Each cell's number format (formatCode) on sheet 1, by reference ("C2"), from the workbook's own XML. */
function formatsOf(bytes: ArrayBuffer): Map<string, string> {
  const files = unzipSync(new Uint8Array(bytes));
  const styles = strFromU8(files['xl/styles.xml']);
  // the built-in formats of ECMA-376 §18.8.30 a writer may use by id, without a <numFmt>
  const codes = new Map<string, string>([
    ['0', 'General'],
    ['1', '0'],
    ['2', '0.00'],
    ['9', '0%'],
    ['10', '0.00%'],
    ['49', '@'],
  ]);
  for (const m of styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"\/>/g)) codes.set(m[1], m[2].replace(/&quot;/g, '"'));
  // every <xf> in order (one without numFmtId is General): a cell's s="n" is its index
  const xfs = [...(styles.match(/<cellXfs[^>]*>(.*?)<\/cellXfs>/s)?.[1].matchAll(/<xf\b([^>]*)>/g) ?? [])].map((m) => {
    const id = /numFmtId="(\d+)"/.exec(m[1])?.[1] ?? '0';
    return codes.get(id) ?? id;
  });
  const sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
  const out = new Map<string, string>();
  for (const m of sheet.matchAll(/<c r="([A-Z]+\d+)"(?: s="(\d+)")?/g)) out.set(m[1], xfs[Number(m[2] ?? 0)] ?? 'General');
  return out;
}

/** The number a decimal or percent text stands for, as the spreadsheet should hold it. */
function expectedNumber(text: string): number {
  return text.endsWith('%') ? new DecimalJs(text.slice(0, -1)).div(100).toNumber() : Number(text);
}

describe('format=xlsx: the README allocation', () => {
  it('sheet 1: bilingual headers with the unit, numbers as numbers, ids as text, the exact total row; an attachment named by route and date', async () => {
    const { res, bytes, sheets } = await workbook('/v1/allocations?format=xlsx', README_BODY);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="allocations-${today()}.xlsx"`);
    expect(sheets.map((s) => s.sheet)).toEqual(['分配结果 · rows', '摘要 · summary']);
    const [header, a, b, c, total] = sheets[0].data;
    expect(header.slice(0, 5)).toEqual(['编号 · id', '名称 · name', '金额（万元） · amount (wan)', '份额 · share', '份额百分比 · share %']);
    expect(a.slice(0, 5)).toEqual(['A', '甲县', 530.23, 0.53023, 0.5302]);
    expect([b[2], c[2]]).toEqual([304.88, 164.89]);
    expect(total[0]).toBe('total · 合计');
    expect(total[2]).toBe(1000);
    const formats = formatsOf(bytes);
    expect(formats.get('C2')).toBe('0.00'); // amount: the granularity's 2 decimals
    expect(formats.get('D2')).toBe('0.000000000000'); // share: 12 decimals
    expect(formats.get('E2')).toBe('0.00%'); // 53.02%
    expect(formats.get('A2')).toBe('@'); // an id stays text
    expect(formats.get('C5')).toBe('0.00');
  });

  it('sheet 2 "摘要 · summary": total, unit, model, the provenance of the JSON answer, today’s date', async () => {
    const { sheets } = await workbook('/v1/allocations?format=xlsx', README_BODY);
    const json = (await (await post('/v1/allocations', README_BODY)).json()) as any;
    const facts = Object.fromEntries(sheets[1].data.map((r) => [r[0], r[1]]));
    expect(facts).toEqual({
      '表 · table': 'rows',
      '单位 · unit': 'wan',
      '合计 · total: 金额（万元） · amount (wan)': 1000,
      '模型 · model': 'sichuan-2024',
      '模型版本 · model version': json.model.version,
      '服务版本 · service version': SERVICE_VERSION,
      '模型哈希 · model hash': json.provenance.model.hash,
      '请求哈希 · request hash': json.provenance.request,
      '日期 · date (UTC)': today(),
    });
  });

  it('a region id "510121" stays TEXT (no number, no lost leading zero), with its amount a number', async () => {
    const ids = ['510121', '0510122', '510123'];
    const body = { ...README_BODY, regions: README_BODY.regions.map((r, i) => ({ ...r, id: ids[i] })) };
    const { sheets } = await workbook('/v1/allocations?format=xlsx', body);
    expect(sheets[0].data.slice(1, 4).map((r) => r[0])).toEqual(ids);
    expect(sheets[0].data[1][2]).toBe(530.23);
  });
});

describe('format=xlsx: what a person needs to ask for it again, and a clean file', () => {
  // the shipped sample dataset (a migration), read by reference through the GET form
  const withStore = createApp({ store: sqliteStore(':memory:') });
  const B = '/v1/allocations?dataset=sample-20&model=sichuan-2024&total=5000&unit=wan&weights.policy=0.40&weights.population=0.25';

  it('the summary names the dataset, revision and content hash read (as X-References says) and the overrides asked', async () => {
    const csv = await withStore.request(`${B}&format=csv`);
    expect(csv.status).toBe(200);
    const [, id, revision, hash] = /^\/regions=([^@]+)@(\d+);(sha256:[0-9a-f]{64})$/.exec(csv.headers.get('x-references') ?? '') ?? [];
    expect(id).toBe('sample-20');
    const res = await withStore.request(`${B}&format=xlsx`);
    expect(res.status).toBe(200);
    const sheets = await readXlsxFile(await res.arrayBuffer());
    const facts = Object.fromEntries(sheets[1].data.map((r) => [r[0], r[1]]));
    expect(facts['数据集 · dataset /regions']).toBe('sample-20');
    expect(facts['版本 · revision /regions']).toBe(Number(revision));
    expect(facts['内容哈希 · content hash /regions']).toBe(hash);
    expect(JSON.parse(String(facts['调整 · overrides']))).toEqual({ weights: { policy: '0.40', population: 0.25 } });
    // and XML's root says it too
    const xml = await (await withStore.request(`${B}&format=xml`)).text();
    expect(xml).toContain(`<table name="rows" unit="wan" references="/regions=sample-20@${revision};${hash}">`);
  });

  it('no stray SheetJS number format (id 56, a Japanese date-time); document properties: title, author, created = the answer’s date', async () => {
    const { bytes } = await workbook('/v1/allocations?format=xlsx', README_BODY);
    const files = unzipSync(new Uint8Array(bytes));
    const styles = strFromU8(files['xl/styles.xml']);
    expect(styles).not.toContain('numFmtId="56"');
    expect(styles).not.toMatch(/時|秒/);
    // every numFmt written is one a cell uses
    const used = new Set([...styles.matchAll(/<xf numFmtId="(\d+)"/g)].map((m) => m[1]));
    for (const m of styles.matchAll(/<numFmt numFmtId="(\d+)"/g)) expect(used.has(m[1]), m[1]).toBe(true);
    const core = strFromU8(files['docProps/core.xml']);
    expect(core).toContain('<dc:title>分配结果 · rows · /v1/allocations</dc:title>');
    expect(core).toContain(`<dc:creator>${SERVICE_NAME}</dc:creator>`);
    expect(core).toContain(`<dcterms:created xsi:type="dcterms:W3CDTF">${today()}T00:00:00Z</dcterms:created>`);
    expect(strFromU8(files['docProps/app.xml'])).toContain(`<Company>${SERVICE_NAME}</Company>`);
  });

  it('a table body read back: the answer workbook’s header form "编号 · id" maps to its field, as "编号 (id)" does', async () => {
    const sample = readFileSync('samples/sample-20.csv', 'utf8');
    const ask = '/v1/allocations?model=sichuan-2024&total=5000&unit=wan&format=value&column=amount&region=A';
    const post = (body: string | ArrayBuffer, type: string) => withStore.request(ask, { method: 'POST', headers: { 'content-type': type }, body });
    const plain = await post(sample, 'text/csv');
    expect(await plain.text()).toBe('422.87');
    const dotted = await post(sample.replace('编号,名称', '编号 · id,名称 · name'), 'text/csv');
    expect([dotted.status, await dotted.text()]).toEqual([200, '422.87']);
    // the answer's own workbook: its id, name and last-year columns are read; only the answer's columns are refused
    const answer = await withStore.request('/v1/allocations?dataset=sample-20&model=sichuan-2024&total=5000&unit=wan&format=xlsx');
    const back = (await (await post(await answer.arrayBuffer(), XLSX)).json()) as { errors: { detail: string }[] };
    const headers = back.errors.map((e) => /the header "([^"]+)"/.exec(e.detail)?.[1]).filter(Boolean);
    expect(headers).not.toContain('编号 · id');
    expect(headers).not.toContain('名称 · name');
    expect(headers).not.toContain('上年金额（万元） · last year (wan)');
    expect(headers).toContain('金额（万元） · amount (wan)');
  });

  it('a factor’s header is lower case like every other ("policy (wan)", not the model’s "Policy")', async () => {
    const { sheets } = await workbook('/v1/allocations?format=xlsx', README_BODY);
    const header = sheets[0].data[0].map(String);
    expect(header).toContain('政策因素（万元） · policy (wan)');
    for (const h of header) expect(h.split(' · ')[1], h).toMatch(/^[a-z]/);
  });
});

describe('format=xlsx: every route and table', () => {
  it('every header has a Chinese and an English title (a column missing from src/messages/columns.ts fails here)', async () => {
    const missing: string[] = [];
    for (const c of cases) {
      for (const table of c.tables) {
        const { sheets } = await workbook(withTable(`${c.path}?format=xlsx`, table), c.body);
        for (const h of sheets[0].data[0]) {
          if (!/[\u4e00-\u9fff].* · [ -~]+$/.test(String(h))) missing.push(`${c.name} ${table ?? ''}: ${h}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('every cell is the CSV’s: numbers equal Number(decimal) (percent ÷ 100), text is the text; the total row is the exact sum', async () => {
    let numbers = 0;
    for (const c of cases) {
      for (const table of c.tables) {
        const csv = readCsv(await (await post(withTable(`${c.path}?format=csv`, table), c.body)).text());
        const { sheets } = await workbook(withTable(`${c.path}?format=xlsx`, table), c.body);
        const data = sheets[0].data;
        expect(data.length, c.name).toBe(csv.length);
        for (let i = 1; i < csv.length; i++) {
          for (let j = 0; j < csv[i].length; j++) {
            const want = undefused(csv[i][j]);
            const got = data[i][j];
            const where = `${c.name} ${table} row ${i} col ${csv[0][j]}`;
            if (want === '') expect(got ?? null, where).toBe(null);
            else if (typeof got === 'number') {
              numbers++;
              expect(got, where).toBe(expectedNumber(want));
            } else expect(got, where).toBe(want);
          }
        }
        // a money column's total row is the exact sum of its rows (first-level rows where the table has depths)
        const depthAt = csv[0].indexOf('depth');
        csv[0].forEach((h, j) => {
          if (!/ \((wan|yuan)\)$/.test(h) || typeof data[csv.length - 1][j] !== 'number') return;
          const rows = csv.slice(1, -1).filter((r) => depthAt < 0 || r[depthAt] === '1');
          if (rows.some((r) => r[j] === '')) return;
          const sum = rows.reduce((s, r) => s.plus(r[j]), new DecimalJs(0));
          // a column whose total is not a sum (an optimization's bounds) shows its own total, checked above against the CSV
          if (sum.toNumber() === data[csv.length - 1][j]) expect(new DecimalJs(csv[csv.length - 1][j]).equals(sum), `${c.name} ${h}`).toBe(true);
        });
      }
    }
    expect(numbers).toBeGreaterThan(100);
  });
});

describe('numberCell: a decimal as the double nearest it, or text where none shows it exactly', () => {
  it('examples', () => {
    expect(numberCell('530.23')).toEqual({ value: 530.23, format: '0.00' });
    expect(numberCell('51.60%')).toEqual({ value: 0.516, format: '0.00%' });
    expect(numberCell('-5.51%')).toEqual({ value: -0.0551, format: '0.00%' });
    expect(numberCell('0.000015')).toEqual({ value: 0.000015, format: '0.000000' });
    expect(numberCell('7')).toEqual({ value: 7, format: '0' });
    expect(numberCell('-0.00')).toEqual({ value: -0, format: '0.00' });
    expect(numberCell('12345678901234567.89')).toBeUndefined(); // 19 digits: no double shows it; stays text
    expect(numberCell('510121x')).toBeUndefined();
    expect(numberCell('1e5')).toBeUndefined();
  });

  it('every decimal of up to 15 significant digits is a number cell whose value shown at its decimals is the decimal again', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }), fc.integer({ min: 0, max: 12 }), fc.boolean(), (n, scale, percent) => {
        const digits = (n < 0n ? -n : n).toString().padStart(scale + 1, '0');
        const text = `${n < 0n ? '-' : ''}${scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`}${percent ? '%' : ''}`;
        const cell = numberCell(text);
        expect(cell, text).toBeDefined();
        const plain = percent ? text.slice(0, -1) : text;
        const value = percent ? cell!.value * 100 : cell!.value;
        expect(cell!.value, text).toBe(percent ? new DecimalJs(plain).div(100).toNumber() : Number(plain));
        if (!percent) expect(value.toFixed(scale).replace(/^-(0\.?0*)$/, '$1'), text).toBe(plain.replace(/^-(0\.?0*)$/, '$1'));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('toXlsx: text comes back exactly (fast-check)', () => {
  const text = fc.oneof(
    fc.string({ unit: 'grapheme', minLength: 1 }),
    fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", ' ', '\n', '\t', 'a', '甲', '😀', '=', '0', '.'), minLength: 1 }),
    fc.constantFrom('510121', '0510122', '=1+1', '1e5', 'AT&T <b>', '  spaced  ', 'TRUE'),
  );
  it('any text cell of a text column reads back as the same text (spaces kept: xml:space="preserve"; the reader told not to trim)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 5 }), async (cells) => {
        const bytes = await toXlsx({ sheet: 't', columns: [{ id: 'name' }], unit: null, rows: cells.map((v) => [v]) }, [], null);
        const sheets = await readXlsxFile(bytes.buffer, { trim: false });
        expect(sheets[0].data.slice(1).map((r) => r[0])).toEqual(cells);
      }),
      { numRuns: 60 },
    );
  });
});
