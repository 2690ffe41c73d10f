/**
 * examples/excel: the workbook's own formulas, read from the .xlsx and evaluated against the app (WEBSERVICE is a
 * GET through app.request, with migrations applied so the shipped sample-20 is there), give the amounts the
 * JSON POST gives; and the Power Query script's request, read out of the .m file, is a POST the app answers with
 * those rows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { sqliteStore } from '../../src/store/sqlite.js';
import {
  amountFormula,
  buildWorkbook,
  FIRST_REGION_ROW,
  INPUTS,
  QUERY,
  sampleRegionIds,
  TOTAL_FORMULA,
  WORKBOOK,
  XML_FORMULA,
  xmlAmountFormula,
} from '../../scripts/build-examples.js';
import { evaluator, FormulaError, readWorkbook, type StoredCell } from './workbook.js';

const ROOT = join(import.meta.dirname, '..', '..');
const app = createApp({ store: sqliteStore(':memory:') });

/** The JSON POST the workbook stands for. */
const POST_BODY = { model: INPUTS.model, total: String(INPUTS.total), unit: INPUTS.unit, regions: { dataset: INPUTS.dataset } };

interface Allocation {
  unit: string;
  summary: { total: string; sum: string; balanced: boolean };
  rows: { id: string; name: string; amount: string; share: string; rank: number }[];
}

let posted: Allocation;
const requested: string[] = [];

/** Excel's WEBSERVICE against the app: the body of a 200, else #VALUE! (what Excel shows for a failed call). */
async function webService(url: string): Promise<string> {
  requested.push(url);
  const u = new URL(url);
  expect(u.origin).toBe(INPUTS.origin);
  const res = await app.request(u.pathname + u.search);
  const text = await res.text();
  if (res.status !== 200) throw new FormulaError(`#VALUE! ${res.status} ${text}`);
  return text;
}

/** Cents of an exact decimal string ("530.23" → 53023n), to add amounts without floating point. */
const cents = (d: string) => {
  const [i, f = ''] = d.split('.');
  return BigInt(i + f.padEnd(2, '0').slice(0, 2));
};

beforeAll(async () => {
  const res = await app.request('/v1/allocations', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(POST_BODY),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  posted = (await res.json()) as Allocation;
  expect(posted.rows.length).toBe(20);
});

describe('examples/excel/allocation.xlsx', () => {
  const sheets = readWorkbook(readFileSync(WORKBOOK));
  const main = sheets.get('allocation · 分配')!;

  it('is what scripts/build-examples.ts builds now: the same formulas and the sample dataset’s region ids', async () => {
    const ids = await sampleRegionIds();
    expect([...ids].sort()).toEqual(posted.rows.map((r) => r.id).sort());
    const fresh = readWorkbook(await buildWorkbook(ids));
    const plain = (m: Map<string, StoredCell>) => Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)));
    expect(plain(main)).toEqual(plain(fresh.get('allocation · 分配')!));
    expect(plain(sheets.get('read me · 说明')!)).toEqual(plain(fresh.get('read me · 说明')!));
  });

  it('keeps the origin in one cell (B1) and stores formulas as Excel does (no "=", _xlfn. before 2013 functions)', () => {
    expect(main.get('B1')).toEqual({ value: 'http://127.0.0.1:8787' });
    expect(main.get('B2')).toEqual({ value: 'sample-20' });
    expect(main.get('B4')).toEqual({ value: 5000 });
    expect(main.get('B6')).toEqual({ formula: QUERY });
    expect(main.get('B7')).toEqual({ formula: TOTAL_FORMULA });
    expect(main.get('B8')).toEqual({ formula: XML_FORMULA });
    const formulas = [...main.values()].flatMap((c) => ('formula' in c ? [c.formula] : []));
    expect(formulas.length).toBe(3 + 2 * 20);
    for (const f of formulas) {
      expect(f.startsWith('=')).toBe(false);
      expect(f).not.toMatch(/(?<!_xlfn\.)(WEBSERVICE|FILTERXML)\(/);
      // every URL is built from B1 (through B6): no other origin written into a formula
      expect(f).not.toContain('http');
    }
  });

  it('evaluated against the app: B7 is the total allocated, column B and column C each region’s amount, as the POST', async () => {
    requested.length = 0;
    const { cell } = evaluator(main, webService);
    expect(await cell('B6')).toBe(`${INPUTS.origin}/v1/allocations?dataset=sample-20&model=sichuan-2024&total=5000&unit=wan`);
    // the total row's amount: the exact sum of the amounts
    const total = await cell('B7');
    expect(total).toBe(posted.summary.sum);
    expect(posted.rows.reduce((s, r) => s + cents(r.amount), 0n)).toBe(cents(String(total)));
    expect(posted.summary.sum).toBe('5000.00');
    const byId = new Map(posted.rows.map((r) => [r.id, r]));
    for (let i = 0; i < 20; i++) {
      const row = FIRST_REGION_ROW + i;
      const id = String(await cell(`A${row}`));
      const expected = byId.get(id);
      expect(expected, `A${row} = ${id} is a region of sample-20`).toBeDefined();
      expect(await cell(`B${row}`), `B${row} (${id})`).toBe(Number(expected!.amount));
      expect(await cell(`C${row}`), `C${row} (${id})`).toBe(Number(expected!.amount));
    }
    // 1 total + 1 XML + 20 values: IFERROR's second call is made only on a refusal
    expect(requested.length).toBe(22);
    expect(requested.filter((u) => u.includes('format=xml'))).toHaveLength(1);
  });

  it('a refused request shows the service’s reason in the cell (IFERROR → errors=text), not #VALUE!', async () => {
    requested.length = 0;
    const { cell } = evaluator(main, webService, { A11: 'no-such-county' });
    const shown = String(await cell('B11'));
    expect(shown).toMatch(/^#ERROR 422 unknown-region: .+ \/ .*[\u4e00-\u9fff]/);
    expect(shown).toContain('no-such-county');
    expect(requested).toEqual([
      `${INPUTS.origin}/v1/allocations?dataset=sample-20&model=sichuan-2024&total=5000&unit=wan&format=value&column=amount&region=no-such-county`,
      `${INPUTS.origin}/v1/allocations?dataset=sample-20&model=sichuan-2024&total=5000&unit=wan&format=value&column=amount&region=no-such-county&errors=text`,
    ]);
    // FILTERXML finds no such row: Excel's #VALUE!
    await expect(cell('C11')).rejects.toBeInstanceOf(FormulaError);
  });

  it('the formulas for any row follow the row (the generator’s functions, not copies)', () => {
    expect(main.get('B11')).toEqual({ formula: amountFormula(11) });
    expect(main.get('C30')).toEqual({ formula: xmlAmountFormula(30) });
  });
});

describe('examples/excel/power-query.m', () => {
  const m = readFileSync(join(ROOT, 'examples', 'excel', 'power-query.m'), 'utf8');
  /** An M text literal's content ("" is one "). */
  const mText = (literal: string) => literal.replace(/""/g, '"');

  it('POSTs the JSON body it holds to Origin/RelativePath and the app answers the rows the script loads', async () => {
    const origin = /\bOrigin = "([^"]*)"/.exec(m)?.[1];
    expect(origin).toBe('http://127.0.0.1:8787');
    const relative = /RelativePath = "([^"]*)"/.exec(m)?.[1];
    expect(relative).toBe('v1/allocations');
    const body = /Text\.ToBinary\("((?:[^"]|"")*)"/.exec(m)?.[1];
    expect(body).toBeDefined();
    const json = JSON.parse(mText(body!));
    expect(json).toEqual({ ...POST_BODY, total: '5000.00' });
    const headers = /Headers = \[#"Content-Type" = "([^"]+)", Accept = "([^"]+)"\]/.exec(m);
    expect(headers?.slice(1)).toEqual(['application/json', 'application/json']);
    // Web.Contents with Content is a POST
    expect(m).toMatch(/Web\.Contents\(\s*Origin,\s*\[[\s\S]*Content = Body/);

    const res = await app.request(`/${relative}`, {
      method: 'POST',
      headers: { 'content-type': headers![1], accept: headers![2] },
      body: mText(body!),
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as Allocation;
    expect(answer.rows.map((r) => [r.id, r.name, r.amount])).toEqual(posted.rows.map((r) => [r.id, r.name, r.amount]));
    // the columns the script takes from each row are in every row
    const columns = /Table\.FromRecords\(Checked\[rows\], \{([^}]*)\}/
      .exec(m)![1]
      .split(',')
      .map((c) => JSON.parse(c.trim()));
    expect(columns).toEqual(['id', 'name', 'amount', 'share', 'rank']);
    for (const row of answer.rows) for (const c of columns) expect(row).toHaveProperty(c);
    // Currency.Type holds four decimal places: every amount fits exactly
    for (const row of answer.rows) expect(row.amount).toMatch(/^\d+\.\d{2}$/);
  });

  it('a refused request reaches the script as the problem it shows (detail in both languages)', async () => {
    const body = mText(/Text\.ToBinary\("((?:[^"]|"")*)"/.exec(m)![1]).replace('sample-20', 'no-such-dataset');
    const res = await app.request('/v1/allocations', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const status = res.status;
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    // the statuses the script reads itself (ManualStatusHandling) include this one
    const handled = /ManualStatusHandling = \{([^}]*)\}/
      .exec(m)![1]
      .split(',')
      .map((s) => Number(s.trim()));
    expect(handled).toContain(status);
    const problem = (await res.json()) as { detail: string; detail_zh: string; errors: unknown[] };
    expect(problem.detail).toBeTruthy();
    expect(problem.detail_zh).toMatch(/[\u4e00-\u9fff]/);
    expect(problem.errors.length).toBeGreaterThan(0);
  });
});
