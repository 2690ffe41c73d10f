/**
 * Inside workerd with the local D1 migrated from migrations/ (as `npm run dev` does): the shipped public
 * dataset sample-20 answers without a key, its hash is the store's hash of its content and the hash a CSV
 * upload of samples/sample-20.csv gets, and an allocation by {"dataset": "sample-20"} runs without a key.
 * And .xlsx uploads in workerd: the same dataset as the CSV, also for a sheet whose XML is past the size at
 * which read-excel-file's unzipper would start a Web Worker (workerd has none), and random bytes are a 422.
 */
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import writeExcelFile from 'write-excel-file/universal';
import { XLSX_MEDIA_TYPE } from '../../src/api/datasets/table.js';
import { datasetHash } from '../../src/store/datasets.js';
import { d1Store } from '../../src/store/d1.js';
import { createKey } from '../../src/store/keys.js';
import SAMPLE_CSV from '../../samples/sample-20.csv?raw';

const BASE = 'http://allocator.test';
const call = (method: string, path: string, key?: string, body?: BodyInit, type?: string) =>
  exports.default.fetch(`${BASE}${path}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(type ? { 'content-type': type } : {}) },
    body,
  });

type View = {
  id: string;
  hash: string;
  rows: { id: string; name: string; lastYear?: string }[];
  kind: 'regions';
  title: string;
  jurisdiction: string;
  year: number;
  model: string;
  source: string;
};

describe('sample-20 in workerd (local D1)', () => {
  it('public, without a key; its hash is the store hash of its content and of a CSV upload of samples/sample-20.csv', async () => {
    const res = await call('GET', '/v1/datasets/sample-20');
    expect(res.status).toBe(200);
    const sample = (await res.json()) as View;
    expect(sample).toMatchObject({ id: 'sample-20', visibility: 'public', model: 'sichuan-2024', year: 2024, rowCount: 20 });
    expect(sample.rows[19]).toMatchObject({ id: 'T', name: '酉县' });
    expect(await datasetHash(sample)).toBe(sample.hash);
    const key = (await createKey(d1Store(env.DB), { name: 'planner', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
    const query = new URLSearchParams({
      title: sample.title,
      jurisdiction: sample.jurisdiction,
      year: String(sample.year),
      kind: sample.kind,
      model: sample.model,
      source: sample.source,
    });
    const posted = await call('POST', `/v1/datasets?${query}`, key, SAMPLE_CSV, 'text/csv');
    expect(posted.status).toBe(201);
    const made = (await posted.json()) as View;
    expect(made.rows).toEqual(sample.rows);
    expect(made.hash).toBe(sample.hash);
  });

  it('an allocation by {"dataset": "sample-20"} without a key: 20 rows adding up to the total', async () => {
    const res = await call(
      'POST',
      '/v1/allocations',
      undefined,
      JSON.stringify({ model: 'sichuan-2024', total: '5000', unit: 'wan', regions: { dataset: 'sample-20' } }),
      'application/json',
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { rows: { id: string; amount: string }[] };
    expect(body.rows).toHaveLength(20);
    expect(body.rows.reduce((s, r) => s + BigInt(r.amount.replace('.', '')), 0n)).toBe(500000n);
  });
});

describe('.xlsx uploads in workerd', () => {
  const lines = SAMPLE_CSV.trim().split('\n');
  const sheet = lines.map((l, i) => l.split(',').map((c, j) => (i > 0 && j >= 3 ? Number(c) : c)));
  const query = `title=${encodeURIComponent('样例')}&jurisdiction=${encodeURIComponent('示例省')}&year=2024&kind=regions&model=sichuan-2024`;

  it('the sample as a workbook: numbers typed as numbers read as their shortest decimal; with lastYear as text, the same dataset (hash) as its CSV', async () => {
    const key = (await createKey(d1Store(env.DB), { name: 'planner', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
    const bytes = new Uint8Array(await (await writeExcelFile(sheet as never).toBlob()).arrayBuffer());
    const fromXlsx = await call('POST', `/v1/datasets?${query}`, key, bytes, XLSX_MEDIA_TYPE);
    expect(fromXlsx.status, await fromXlsx.clone().text()).toBe(201);
    const fromCsv = await call('POST', `/v1/datasets?${query}`, key, SAMPLE_CSV, 'text/csv');
    const [a, b] = (await Promise.all([fromXlsx.json(), fromCsv.json()])) as View[];
    // 159.20 typed as a number is the number 159.2 in a workbook (its "0.00" is only how it is shown): the sheet
    // reads "159.2" where the CSV says "159.20", the same amount; everything else is the same text
    expect(a.rows[0].lastYear).toBe('159.2');
    const shortest = (rows: View['rows']) => rows.map((r) => ({ ...r, lastYear: String(Number(r.lastYear)) }));
    expect(a.rows).toEqual(shortest(b.rows));
    const asText = sheet.map((row, i) => row.map((c, j) => (i > 0 && j === 8 ? lines[i].split(',')[8] : c)));
    const sameText = await call(
      'POST',
      `/v1/datasets?${query}`,
      key,
      new Uint8Array(await (await writeExcelFile(asText as never).toBlob()).arrayBuffer()),
      XLSX_MEDIA_TYPE,
    );
    expect(((await sameText.json()) as View).hash).toBe(b.hash);
  });

  it('a sheet of 6,000 rows (its XML well past 512 KB) reads in workerd; random bytes are a 422', async () => {
    const key = (await createKey(d1Store(env.DB), { name: 'planner', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
    const big = [
      sheet[0],
      ...Array.from({ length: 6000 }, (_, i) => [`R${i}`, `县${i}`, '其他', i, 10000 + i, 500 + i, 18000 + i, 80 + (i % 20), 100 + i / 4]),
    ];
    // made by hand: write-excel-file itself zips a part this large with a Web Worker, which workerd has not
    const bytes = await workbook(big);
    expect(bytes.length).toBeGreaterThan(60_000);
    const res = await call('POST', `/v1/datasets?${query}`, key, bytes, XLSX_MEDIA_TYPE);
    expect(res.status, (await res.clone().text()).slice(0, 300)).toBe(201);
    expect(((await res.json()) as { rowCount: number }).rowCount).toBe(6000);
    const random = new Uint8Array(2048).map((_, i) => (i * 7919 + 13) & 0xff);
    const bad = await call('POST', `/v1/datasets?${query}`, key, random, XLSX_MEDIA_TYPE);
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { code: string }).code).toBe('unreadable-xlsx');
  });
});

/** A minimal .xlsx of one sheet (inline strings, numbers), its parts deflated with workerd's CompressionStream. */
async function workbook(rows: (string | number)[][]): Promise<Uint8Array> {
  const esc = (t: string) => t.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
  const col = (j: number) => String.fromCharCode(65 + j);
  const cell = (v: string | number, ref: string) =>
    typeof v === 'number' ? `<c r="${ref}"><v>${v}</v></c>` : `<c r="${ref}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`;
  const data = rows.map((r, i) => `<row r="${i + 1}">${r.map((v, j) => cell(v, `${col(j)}${i + 1}`)).join('')}</row>`).join('');
  const NS = 'http://schemas.openxmlformats.org';
  const parts: Record<string, string> = {
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="${NS}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}/spreadsheetml/2006/main" xmlns:r="${NS}/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}/spreadsheetml/2006/main"><sheetData>${data}</sheetData></worksheet>`,
  };
  const chunks: Uint8Array[] = [];
  const directory: Uint8Array[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(parts)) {
    const raw = new TextEncoder().encode(text);
    const packed = new Uint8Array(await new Response(new Blob([raw]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());
    const n = new TextEncoder().encode(name);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, 8, true);
    local.setUint32(18, packed.length, true);
    local.setUint32(22, raw.length, true);
    local.setUint16(26, n.length, true);
    const central = new DataView(new ArrayBuffer(46));
    central.setUint32(0, 0x02014b50, true);
    central.setUint16(10, 8, true);
    central.setUint32(20, packed.length, true);
    central.setUint32(24, raw.length, true);
    central.setUint16(28, n.length, true);
    central.setUint32(42, offset, true);
    chunks.push(new Uint8Array(local.buffer), n, packed);
    directory.push(new Uint8Array(central.buffer), n);
    offset += 30 + n.length + packed.length;
  }
  const size = directory.reduce((s, d) => s + d.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, Object.keys(parts).length, true);
  end.setUint16(10, Object.keys(parts).length, true);
  end.setUint32(12, size, true);
  end.setUint32(16, offset, true);
  return new Uint8Array(await new Blob([...chunks, ...directory, new Uint8Array(end.buffer)]).arrayBuffer());
}
