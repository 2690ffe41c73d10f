/**
 * README § "From a spreadsheet · 在电子表格中使用": every URL in it is requested against the app (migrations applied,
 * so the shipped sample-20 is there) and must answer 200 — what a planner pasting the formula after `npm run dev`
 * gets. The format=value ones must be a number (the cell's value) and equal the JSON POST's amount; an errors=text
 * one is the one-line reason; xml, csv and xlsx are what they say.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { createKey } from '../../src/store/keys.js';
import { sqliteStore } from '../../src/store/sqlite.js';
import { readWorkbook, unzip } from './workbook.js';

const ROOT = join(import.meta.dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const HEADING = '## From a spreadsheet · 在电子表格中使用';
const ORIGIN = 'http://127.0.0.1:8787';

function section(): string {
  const start = README.indexOf(`\n${HEADING}\n`);
  expect(start, `README has the section "${HEADING}"`).toBeGreaterThan(0);
  const end = README.indexOf('\n## ', start + HEADING.length + 2);
  return README.slice(start, end < 0 ? undefined : end);
}

/** Every http://127.0.0.1:8787/… in the text, up to a quote, space, backtick, bracket or the end of the line. */
function urls(text: string): string[] {
  return [...new Set([...text.matchAll(/http:\/\/127\.0\.0\.1:8787\/[^\s"'`)<>|]*/g)].map((m) => m[0]))];
}

describe('README § From a spreadsheet', () => {
  const app = createApp({ store: sqliteStore(':memory:') });
  const text = section();
  const found = urls(text);

  it('has the formulas: every format and Excel, WPS, LibreOffice and Google Sheets, in English and Chinese', () => {
    for (const format of ['value', 'xml', 'csv', 'xlsx'])
      expect(
        found.some((u) => u.includes(`format=${format}`)),
        format,
      ).toBe(true);
    expect(found.some((u) => u.includes('errors=text'))).toBe(true);
    for (const fn of ['=WEBSERVICE(', '=FILTERXML(', '=IFERROR(VALUE(WEBSERVICE(', '=IMPORTDATA(', '=IMPORTXML(']) expect(text).toContain(fn);
    for (const name of ['Excel', 'WPS', 'LibreOffice', 'Google Sheets', 'key=', '只读', 'examples/']) expect(text).toContain(name);
    // no URL is a template the reader must fill in
    for (const u of found) expect(u).not.toMatch(/[…<>{}]/);
  });

  it('every URL answers 200 from the app, with what its format says', async () => {
    expect(found.length).toBeGreaterThanOrEqual(6);
    const posted = await app.request('/v1/allocations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sichuan-2024', total: '5000', unit: 'wan', regions: { dataset: 'sample-20' } }),
    });
    expect(posted.status).toBe(200);
    const answer = (await posted.json()) as { summary: { sum: string }; rows: { id: string; amount: string }[] };
    const amountOf = new Map(answer.rows.map((r) => [r.id, r.amount]));

    for (const url of found) {
      const u = new URL(url.replace(/&amp;/g, '&'));
      expect(u.origin).toBe(ORIGIN);
      const res = await app.request(u.pathname + u.search);
      const body = Buffer.from(await res.arrayBuffer());
      expect(res.status, `${url}: ${body.toString('utf8').slice(0, 300)}`).toBe(200);
      const q = u.searchParams;
      const format = q.get('format') ?? 'json';
      const shown = body.toString('utf8');
      if (q.get('errors') === 'text' && shown.startsWith('#ERROR')) {
        expect(shown).toMatch(/^#ERROR 4\d\d [a-z-]+: .+ \/ .*[\u4e00-\u9fff]/);
        continue;
      }
      if (format === 'value') {
        expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
        expect(shown, url).toMatch(/^-?\d+(\.\d+)?$/);
        if (u.pathname === '/v1/allocations' && q.get('dataset') === 'sample-20' && q.get('total') === '5000' && q.get('column') === 'amount') {
          const region = q.get('region');
          expect(shown).toBe(region ? amountOf.get(region) : answer.summary.sum);
        }
      } else if (format === 'xml') {
        expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
        expect(shown).toMatch(/^<\?xml /);
      } else if (format === 'csv') {
        expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      } else if (format === 'xlsx') {
        expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        expect(unzip(body).has('xl/workbook.xml')).toBe(true);
        // what the section says of it: the headers and the summary sheet
        const sheets = readWorkbook(body);
        expect([...sheets.keys()]).toContain('摘要 · summary');
        const first = [...sheets.values()][0];
        expect([...first.values()]).toContainEqual({ value: '金额（万元） · amount (wan)' });
        expect(text).toContain('`金额（万元） · amount (wan)`');
      }
    }
  });

  it('the key rule it states: a private dataset’s URL works with &key=<read key>; a write key there is refused and not used', async () => {
    const store = sqliteStore(':memory:');
    const own = createApp({ store });
    const writer = (await createKey(store, { name: 'planner', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
    const reader = (await createKey(store, { name: 'workbook', workspace: 'sichuan', scope: 'read' }, 'cli')).secret;
    // a private copy of the sample's rows
    const sample = (await (await own.request('/v1/datasets/sample-20')).json()) as { rows: unknown[] };
    const made = await own.request('/v1/datasets', {
      method: 'POST',
      headers: { authorization: `Bearer ${writer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 't', jurisdiction: 'j', year: 2024, model: 'sichuan-2024', visibility: 'private', rows: sample.rows }),
    });
    expect(made.status, await made.clone().text()).toBe(201);
    const { id } = (await made.json()) as { id: string };
    const url = `/v1/allocations?dataset=${id}&model=sichuan-2024&total=5000&unit=wan&format=value&column=amount`;
    // without a key the dataset does not exist for the caller
    const anonymous = await own.request(url);
    expect(anonymous.status).toBe(422);
    expect(await anonymous.text()).toContain('unknown-dataset');
    const withRead = await own.request(`${url}&key=${reader}`);
    expect(withRead.status).toBe(200);
    expect(await withRead.text()).toBe('5000.00');
    const withWrite = await own.request(`${url}&key=${writer}`);
    expect(withWrite.status).toBe(403);
    expect(((await withWrite.json()) as { errors: { code: string }[] }).errors[0].code).toBe('key-in-query-not-read-only');
    // errors=text: the same refusal as the one line a cell shows
    const shown = await own.request(`${url}&key=${writer}&errors=text`);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toMatch(/^#ERROR 403 key-in-query-not-read-only: /);
  });
});
