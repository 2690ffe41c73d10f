/**
 * examples/wps/allocate.js run as a WPS JS macro runs: in its own JavaScript context (node:vm) with the two things
 * it touches, Application.ActiveSheet.Range(address).Value2 (a sheet that records every write) and a synchronous
 * XMLHttpRequest that performs the request for real against the Node entry (its own SQLite, the shipped sample-20).
 * The URL it builds and the cells it writes are checked against the JSON POST's answer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSample, type SampleAnswer, startService, syncRequest, type Service } from './helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const MACRO = readFileSync(join(ROOT, 'examples', 'wps', 'allocate.js'), 'utf8');

let service: Service;
let posted: SampleAnswer;

beforeAll(async () => {
  service = await startService();
  posted = await postSample(service.origin);
}, 90_000);

afterAll(async () => {
  await service?.stop();
});

/** The macro in a context with a one-sheet Application and XMLHttpRequest; `inputs` are the cells B1:B5. */
function wps(inputs: Record<string, string | number>) {
  const cells = new Map<string, unknown>(Object.entries(inputs));
  const writes: [string, unknown][] = [];
  const requests: { method: string; url: string; async: boolean; headers: Record<string, string>; body: unknown }[] = [];
  const sheet = {
    Range(address: string) {
      expect(address).toMatch(/^[A-Z]+\d+$/);
      return {
        get Value2() {
          return cells.get(address);
        },
        set Value2(value: unknown) {
          writes.push([address, value]);
          cells.set(address, value);
        },
      };
    },
  };
  class XMLHttpRequest {
    status = 0;
    responseText = '';
    private request: (typeof requests)[number] | undefined;
    private answerHeaders: Record<string, string> = {};
    open(method: string, url: string, async = true) {
      this.request = { method, url, async, headers: {}, body: undefined };
    }
    setRequestHeader(name: string, value: string) {
      this.request!.headers[name] = value;
    }
    send(body?: unknown) {
      const r = this.request!;
      r.body = body;
      requests.push(r);
      // the macro reads the answer on the next line: only a synchronous request (open(…, false)) allows that
      if (r.async) throw new Error('the test XMLHttpRequest is synchronous only: open(method, url, false)');
      const answer = syncRequest({ url: r.url, method: r.method, headers: r.headers, body: body == null ? undefined : String(body) });
      this.status = answer.status;
      this.responseText = answer.text;
      this.answerHeaders = answer.headers;
    }
    getResponseHeader(name: string) {
      return this.answerHeaders[name.toLowerCase()] ?? null;
    }
  }
  const context = vm.createContext({ Application: { ActiveSheet: sheet }, XMLHttpRequest, encodeURIComponent });
  vm.runInContext(MACRO, context, { filename: 'allocate.js' });
  return { run: () => (context.Allocate as () => void)(), writes, requests, cells };
}

const INPUTS = { B1: '', B2: 'sample-20', B3: 5000, B4: 'wan', B5: 'sichuan-2024' };

describe('examples/wps/allocate.js (WPS JS macro)', () => {
  it('GETs the allocation the cells describe and writes id · name · amount from row 8, then the total', () => {
    const { run, writes, requests } = wps({ ...INPUTS, B1: `${service.origin}/` });
    run();
    expect(requests).toEqual([
      {
        method: 'GET',
        url: `${service.origin}/v1/allocations?dataset=sample-20&model=sichuan-2024&total=5000&unit=wan&errors=text`,
        async: false,
        headers: { Accept: 'application/json' },
        body: undefined,
      },
    ]);
    const expected: [string, unknown][] = [];
    const table = [['编号 id', '名称 name', '金额 amount (wan)'], ...posted.rows.map((r) => [r.id, r.name, Number(r.amount)]), ['合计 total', '', 5000]];
    table.forEach((row, r) => row.forEach((v, c) => expected.push([`${'ABC'[c]}${8 + r}`, v])));
    expect(writes).toEqual(expected);
    expect(posted.summary.sum).toBe('5000.00');
  });

  it('a refused request writes the service’s one-line reason into A8 and nothing else', () => {
    const { run, writes, requests } = wps({ ...INPUTS, B1: service.origin, B2: 'no-such-dataset' });
    run();
    expect(requests[0].url).toBe(`${service.origin}/v1/allocations?dataset=no-such-dataset&model=sichuan-2024&total=5000&unit=wan&errors=text`);
    expect(writes).toHaveLength(1);
    expect(writes[0][0]).toBe('A8');
    expect(String(writes[0][1])).toMatch(/^#ERROR 4\d\d [a-z-]+: .*no-such-dataset.* \/ .*[\u4e00-\u9fff]/);
  });

  it('cell text is percent-encoded into the URL (a Chinese or spaced dataset id cannot break the query)', () => {
    const { run, requests } = wps({ ...INPUTS, B1: service.origin, B2: '示例 20&x=1' });
    run();
    expect(requests[0].url).toContain('dataset=%E7%A4%BA%E4%BE%8B%2020%26x%3D1&model=');
  });
});
