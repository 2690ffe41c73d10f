/**
 * Golden ranking scenarios: every scenarios/rankings/*.json file is posted to /v1/rankings (createApp().request)
 * and its answer compared with the file's "expected" block, computed by hand (the arithmetic is in each file's
 * description). A difference is a bug in one of the two — never "update the golden file" without finding out which.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.js';

const DIR = fileURLToPath(new URL('../scenarios/rankings/', import.meta.url));
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();
const load = (file: string) => JSON.parse(readFileSync(join(DIR, file), 'utf8')) as { title: string; description: string; request: any; expected: any };

const app = createApp();
const post = (body: unknown, query = '') =>
  app.request(`/v1/rankings${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const ROW_FIELDS = ['id', 'composite', 'rank', 'rankFromBottom', 'group', 'penalty', 'reward'] as const;

describe('golden ranking scenarios (scenarios/rankings/*.json)', () => {
  it('finds the scenario files: a title, a description with the arithmetic, an expected block', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) {
      const doc = load(f);
      expect(doc.title && doc.description && doc.request && doc.expected, f).toBeTruthy();
    }
  });

  for (const file of files) {
    it(file, async () => {
      const { request, expected } = load(file);
      const res = await post(request);
      const body = (await res.json()) as any;
      expect(res.status, JSON.stringify(body)).toBe(expected.status);
      expect(body.rows.map((r: any) => Object.fromEntries(ROW_FIELDS.map((k) => [k, r[k]])))).toEqual(expected.rows);
      expect(body.groups).toEqual(expected.groups);
      expect(body.totals).toEqual(expected.totals);
      for (const [id, kinds] of Object.entries(expected.kinds ?? {})) {
        expect(body.rows.find((r: any) => r.id === id).kinds, `kinds of ${id}`).toEqual(kinds);
      }
      // names come back with their counties
      for (const c of request.counties) expect(body.rows.find((r: any) => r.id === c.id).name).toBe(c.name);
      expect(body.tieRule.en).toContain('share a rank');
      expect(body.tieRule.zh).toMatch(/名次相同/);
    });

    it(`${file}: counties and events in reverse order give the same bytes`, async () => {
      const { request } = load(file);
      const reversed = { ...request, counties: [...request.counties].reverse(), events: [...request.events].reverse() };
      expect(await (await post(reversed)).text()).toBe(await (await post(request)).text());
    });
  }

  it('?format=csv gives the rows for a spreadsheet, best first (sichuan-24-counties-edge-ties.json)', async () => {
    const { request } = load('sichuan-24-counties-edge-ties.json');
    const res = await post(request, '?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)], 'UTF-8 BOM').toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).split('\r\n').filter((l) => l !== '');
    expect(lines[0]).toBe('rank,rankFromBottom,id,name,composite,group,penalty,reward,events,check,visit,dispatch,bulletin,warning');
    expect(lines.length).toBe(25);
    expect(lines[1]).toBe('1,24,SC01,云岭县,108,top,0.00,400.00,2,0,0,5,3,0');
    expect(lines[24]).toBe('24,1,SC24,岷山县,85,bottom,400.00,0.00,3,-6,-5,0,-4,0');
    const tsv = await (await post(request, '?format=tsv')).text();
    expect(tsv.split('\r\n')[11]).toBe('10\t13\tSC11\t石泉县\t100\ttop\t0.00\t200.00\t0\t0\t0\t0\t0\t0');
  });
});
