/**
 * examples/google-sheets/Code.gs run as Apps Script runs it: the file in a fresh JavaScript context (node:vm) with
 * a UrlFetchApp whose fetch is synchronous, as Apps Script's is. fetch records the request and then performs it
 * for real against the Node entry (its own SQLite, the shipped sample-20), so the table =ALLOCATE(…) returns is
 * the service's answer; it must equal the JSON POST's rows. The formulas in formulas.md are requested too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSample, type SampleAnswer, startService, syncRequest, type Service } from './helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CODE = readFileSync(join(ROOT, 'examples', 'google-sheets', 'Code.gs'), 'utf8');
const FORMULAS = readFileSync(join(ROOT, 'examples', 'google-sheets', 'formulas.md'), 'utf8');

interface FetchOptions {
  method?: string;
  contentType?: string;
  payload?: string;
  headers?: Record<string, string>;
  muteHttpExceptions?: boolean;
}

let service: Service;
let posted: SampleAnswer;

beforeAll(async () => {
  service = await startService();
  posted = await postSample(service.origin);
}, 90_000);

afterAll(async () => {
  await service?.stop();
});

/** Code.gs loaded into its own context with an Apps Script UrlFetchApp that records every call. */
function appsScript() {
  const calls: { url: string; options: FetchOptions }[] = [];
  const UrlFetchApp = {
    fetch(url: string, options: FetchOptions = {}) {
      calls.push({ url, options: JSON.parse(JSON.stringify(options)) });
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (options.contentType) headers['Content-Type'] = options.contentType;
      const answer = syncRequest({ url, method: (options.method ?? 'get').toUpperCase(), headers, body: options.payload });
      // Apps Script throws on a 4xx/5xx unless muteHttpExceptions is set
      if (answer.status >= 400 && !options.muteHttpExceptions) throw new Error(`Request failed for ${url} returned code ${answer.status}`);
      return {
        getResponseCode: () => answer.status,
        getContentText: (charset?: string) => {
          expect(charset ?? 'UTF-8').toBe('UTF-8');
          return answer.text;
        },
        getHeaders: () => answer.headers,
      };
    },
  };
  const context = vm.createContext({ UrlFetchApp });
  vm.runInContext(CODE, context, { filename: 'Code.gs' });
  const ALLOCATE = context.ALLOCATE as (...args: unknown[]) => unknown;
  // a plain copy: the context's arrays are of another realm
  return { calls, allocate: (...args: unknown[]) => JSON.parse(JSON.stringify(ALLOCATE(...args))) };
}

describe('examples/google-sheets/Code.gs: =ALLOCATE(origin, dataset, total)', () => {
  it('POSTs the JSON request to /v1/allocations and returns the answer’s table', () => {
    const { calls, allocate } = appsScript();
    const table = allocate(`${service.origin}/`, 'sample-20', 5000);
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe(`${service.origin}/v1/allocations`);
    expect(calls[0].options).toEqual({
      method: 'post',
      contentType: 'application/json',
      payload: JSON.stringify({ model: 'sichuan-2024', total: '5000', unit: 'wan', regions: { dataset: 'sample-20' } }),
      muteHttpExceptions: true,
    });
    expect(table[0]).toEqual(['id', 'name', 'amount (wan)']);
    expect(table.slice(1)).toEqual(posted.rows.map((r) => [r.id, r.name, Number(r.amount)]));
    expect(table).toHaveLength(21);
  });

  it('sends a key in the Authorization header, never in the URL; a refusal is the one-line reason in the cell', () => {
    const { calls, allocate } = appsScript();
    const shown = allocate(service.origin, 'sample-20', 5000, 'wan', 'sichuan-2024', 'bfa_notARealKey');
    expect(calls[0].url).toBe(`${service.origin}/v1/allocations`);
    expect(calls[0].options.headers).toEqual({ Authorization: 'Bearer bfa_notARealKey' });
    expect(shown).toMatch(/^#ERROR 401 [a-z-]+: .+ \/ .*[\u4e00-\u9fff]/);
  });

  it('an unknown dataset: the service’s reason, in English and Chinese', () => {
    const { allocate } = appsScript();
    const shown = allocate(service.origin, 'no-such-dataset', 5000);
    expect(shown).toMatch(/^#ERROR 4\d\d [a-z-]+: .*no-such-dataset.* \/ .*[\u4e00-\u9fff]/);
  });
});

describe('examples/google-sheets/formulas.md', () => {
  // B2 of the table in formulas.md, with the service's origin for B1
  const b2 = /\| B2 \| `=B1&"([^"]+)"`/.exec(FORMULAS)?.[1];
  const urls = [...FORMULAS.matchAll(/`=(IMPORTDATA|IMPORTXML)\(B2&"([^"]+)"(?:, "([^"]+)")?\)`/g)].map((m) => ({
    fn: m[1],
    suffix: m[2],
    xpath: m[3],
  }));

  it('every IMPORTDATA / IMPORTXML URL answers 200 with what the formula shows', async () => {
    expect(b2).toBe('/v1/allocations?dataset=sample-20&model=sichuan-2024&total=5000&unit=wan');
    expect(urls.map((u) => u.fn)).toEqual(['IMPORTDATA', 'IMPORTDATA', 'IMPORTDATA', 'IMPORTXML', 'IMPORTXML']);
    const byId = new Map(posted.rows.map((r) => [r.id, r.amount]));
    for (const { fn, suffix, xpath } of urls) {
      const res = await fetch(service.origin + b2 + suffix);
      const text = await res.text();
      expect(res.status, `${suffix}: ${text}`).toBe(200);
      const format = new URLSearchParams(suffix).get('format');
      if (format === 'value') {
        const region = new URLSearchParams(suffix).get('region');
        expect(text).toBe(region ? byId.get(region) : '5000.00');
      } else if (format === 'csv') {
        expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
        const lines = text
          .replace(/^\uFEFF/, '')
          .trim()
          .split(/\r?\n/);
        expect(lines).toHaveLength(1 + 20 + 1);
      } else {
        expect(fn).toBe('IMPORTXML');
        expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
        const one = /^\/\/row\[id='([^']+)'\]\/amount$/.exec(xpath!);
        const amounts = [...text.matchAll(/<row>[\s\S]*?<\/row>/g)].map((row) => ({
          id: /<id>([^<]*)<\/id>/.exec(row[0])![1],
          amount: /<amount>([^<]*)<\/amount>/.exec(row[0])![1],
        }));
        if (one) expect(amounts.filter((a) => a.id === one[1]).map((a) => a.amount)).toEqual([byId.get(one[1])]);
        else {
          expect(xpath).toBe('//row/amount');
          expect(amounts.map((a) => a.amount)).toEqual(posted.rows.map((r) => r.amount));
        }
      }
    }
  });

  it('names a county that is in the sample dataset', () => {
    for (const { suffix } of urls) {
      const region = new URLSearchParams(suffix).get('region');
      if (region) expect(posted.rows.map((r) => r.id)).toContain(region);
    }
  });
});
