/**
 * Builds examples/excel/allocation.xlsx: a workbook whose cells call the service with Excel's own functions
 * (WEBSERVICE, FILTERXML, VALUE, IFERROR), so that it can be rebuilt rather than edited by hand.
 *
 *   npx tsx scripts/build-examples.ts
 *
 * The region ids in column A are the shipped public dataset `sample-20`'s, read from the app itself (a private
 * in-memory SQLite store with migrations/ applied), so the workbook follows the dataset.
 *
 * Formula text is stored as the file format keeps it: no leading "=", and the functions newer than Excel 2007
 * with their "_xlfn." prefix (WEBSERVICE, FILTERXML: Excel 2013), which Excel hides when it shows the formula.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import writeExcelFile from 'write-excel-file/node';
import { createApp } from '../src/api/app.js';
import { sqliteStore } from '../src/store/sqlite.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const WORKBOOK = join(ROOT, 'examples', 'excel', 'allocation.xlsx');

/** What a planner changes: the cells B1:B5. B1 is the service's origin, the one cell to edit for another server. */
export const INPUTS = {
  origin: 'http://127.0.0.1:8787',
  dataset: 'sample-20',
  model: 'sichuan-2024',
  total: 5000,
  unit: 'wan',
} as const;

/** The first row of the per-region table (1-based, as Excel counts). */
export const FIRST_REGION_ROW = 11;

/** The query every formula starts from, built from B1:B5 (B6). */
export const QUERY = 'B1&"/v1/allocations?dataset="&B2&"&model="&B3&"&total="&B4&"&unit="&B5';
export const TOTAL_FORMULA = '_xlfn.WEBSERVICE(B6&"&format=value&column=amount")';
export const XML_FORMULA = '_xlfn.WEBSERVICE(B6&"&format=xml")';
/** One region's amount: a number, or the service's one-line reason when the request is refused. */
export const amountFormula = (row: number) => {
  const u = `$B$6&"&format=value&column=amount&region="&A${row}`;
  return `IFERROR(VALUE(_xlfn.WEBSERVICE(${u})),_xlfn.WEBSERVICE(${u}&"&errors=text"))`;
};
/** The same amount read from the XML table B8 holds (one request for the whole table). */
export const xmlAmountFormula = (row: number) => `_xlfn.FILTERXML($B$8,"//row[id='"&A${row}&"']/amount")`;

type Cell = { value: string | number; type?: typeof String | typeof Number | 'Formula'; format?: string; fontWeight?: 'bold' } | null;

/** The sample dataset's region ids, in its order, from the app (migrations applied, as `npm run dev` has them). */
export async function sampleRegionIds(): Promise<string[]> {
  const app = createApp({ store: sqliteStore(':memory:') });
  const res = await app.request(`/v1/datasets/${INPUTS.dataset}`);
  if (res.status !== 200) throw new Error(`GET /v1/datasets/${INPUTS.dataset}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { rows: { id: string }[] };
  return body.rows.map((r) => r.id);
}

/** `origin` is B1 (another server: the one cell a planner changes). */
export async function buildWorkbook(ids: string[], origin: string = INPUTS.origin): Promise<Buffer> {
  const label = (value: string): Cell => ({ value, fontWeight: 'bold' });
  const text = (value: string): Cell => ({ value, type: String });
  const formula = (value: string, format?: string): Cell => ({ value, type: 'Formula', ...(format ? { format } : {}) });
  const main: Cell[][] = [
    [label('服务地址 · service'), text(origin), text('← the one cell to change for another server · 换服务器只改这一格')],
    [label('数据集 · dataset'), text(INPUTS.dataset), text('a public dataset id (a private one needs &key=<read key> in B6)')],
    [label('模型 · model'), text(INPUTS.model), null],
    [label('总额 · total'), { value: INPUTS.total, type: Number }, null],
    [label('单位 · unit'), text(INPUTS.unit), text('wan = 万元, yuan = 元')],
    [label('查询 · query'), formula(QUERY), null],
    [label('合计 · total allocated'), formula(TOTAL_FORMULA), text('format=value: the total row’s amount')],
    [label('表 · table (XML)'), formula(XML_FORMULA), text('format=xml, read by FILTERXML in column C')],
    [null, null, null],
    [label('编号 · id'), label('金额 · amount (format=value)'), label('金额 · amount (FILTERXML)')],
    ...ids.map((id, i): Cell[] => [
      text(id),
      formula(amountFormula(FIRST_REGION_ROW + i), '0.00'),
      formula(xmlAmountFormula(FIRST_REGION_ROW + i), '0.00'),
    ]),
  ];
  const notes: Cell[][] = [
    [label('How this workbook works · 说明')],
    [text('Excel for Windows (2013 and later): WEBSERVICE and FILTERXML are not in Excel for Mac or for the web.')],
    [text('WEBSERVICE 与 FILTERXML 仅 Windows 版 Excel（2013 及以后）提供；Mac 版与网页版没有。')],
    [text('Start the service (npm run dev), open this file, allow its data connections; F9 recalculates.')],
    [text('先运行服务（npm run dev），再打开本文件并允许数据连接；按 F9 重新计算。')],
    [text('A refused request shows the reason in the cell: #ERROR <status> <code>: <English> / <中文> (errors=text).')],
    [text('请求被拒时，单元格显示原因：#ERROR <状态> <代码>: <英文> / <中文>（errors=text）。')],
    [text('A private dataset: add &key=<a READ key> to B6. The key is then in the file: share the workbook only with whoever may read.')],
    [text('私有数据集：在 B6 末尾加 &key=<只读密钥>。密钥会保存在文件里，只分享给可以读取的人；写入密钥在地址中会被拒绝（403）。')],
    [text('Rebuilt by: npx tsx scripts/build-examples.ts')],
  ];
  return (await writeExcelFile([
    { data: main as never, sheet: 'allocation · 分配', columns: [{ width: 24 }, { width: 28 }, { width: 28 }] },
    { data: notes as never, sheet: 'read me · 说明', columns: [{ width: 120 }] },
  ]).toBuffer()) as Buffer;
}

// Run as a script (not when a test imports the formulas above).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ids = await sampleRegionIds();
  mkdirSync(dirname(WORKBOOK), { recursive: true });
  writeFileSync(WORKBOOK, await buildWorkbook(ids));
  console.log(`${WORKBOOK}: ${ids.length} regions`);
}
