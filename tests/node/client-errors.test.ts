/**
 * What Node's HTTP parser refuses before the app sees it (src/node/clientError.ts), through the entry run as a
 * program, over a raw socket (a client library would percent-encode the URL or refuse the long head itself):
 * a problem+json with a reason, or with errors=text the one line a cell shows; a 20 KB URL still reaches the
 * app (maxHeaderSize 32 KB); and a 304 carries no Content-Type (@hono/node-server would add one).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startEntry, type RunningEntry } from './helpers.js';

let entry: RunningEntry;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'client-errors-'));
  entry = await startEntry({ SOLVER_THREADS: '1', DATABASE_PATH: join(dir, 'a.sqlite') });
}, 90_000);

afterAll(async () => {
  await entry?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Raw {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Writes these bytes as they are and reads the answer to the connection's end. */
function raw(bytes: Buffer): Promise<Raw> {
  const { hostname, port } = new URL(entry.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const at = text.indexOf('\r\n\r\n');
      const [first, ...lines] = text.slice(0, at).split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(first.split(' ')[1]), headers, body: text.slice(at + 4) });
    });
    socket.setTimeout(30_000, () => socket.destroy(new Error('no answer in 30 s')));
    socket.end(bytes);
  });
}

const get = (target: string, extra = '') => raw(Buffer.from(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}Connection: close\r\n\r\n`, 'utf8'));

const FORM = '/v1/allocations?dataset=sample-20&model=sichuan-2024&total=5000&unit=wan';

function problemOf(res: Raw, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
  const body = JSON.parse(res.body) as { status: number; code: string; detail: string; detail_zh: string; title: string; title_zh: string };
  expect(body).toMatchObject({ status, code });
  expect(body.title_zh).toMatch(/[\u4e00-\u9fff]/);
  expect(body.detail_zh).toMatch(/[\u4e00-\u9fff]/);
  return body;
}

describe('Node entry: what the HTTP parser refuses has a reason', () => {
  it('a raw (not percent-encoded) Chinese value: 400 url-not-encoded, saying ENCODEURL', async () => {
    const body = problemOf(await get(`${FORM}&format=value&column=金额`), 400, 'url-not-encoded');
    expect(body.detail).toContain('ENCODEURL');
    expect(body.detail_zh).toContain('ENCODEURL');
  });

  it('with errors=text (any case) in the raw URL: the one line, 200 text/plain', async () => {
    for (const errors of ['text', 'TEXT']) {
      const res = await get(`${FORM}&total=五千&format=value&column=amount&errors=${errors}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.body).toMatch(/^#ERROR 400 url-not-encoded: .*ENCODEURL.* \/ .*[\u4e00-\u9fff]/);
      expect(res.body).not.toContain('\n');
    }
  });

  it('a 20 KB URL reaches the app (its own 422 for the field it does not know); 40 KB is a 414 url-too-long, with errors=text its line', async () => {
    const long = await get(`${FORM}&note=${'a'.repeat(20_000)}`);
    expect(long.status).toBe(422);
    expect(JSON.parse(long.body).errors.map((e: { pointer: string }) => e.pointer)).toContain('/note');
    const body = problemOf(await get(`${FORM}&note=${'a'.repeat(40_000)}`), 414, 'url-too-long');
    expect(body.detail).toMatch(/dataset id.*POST/);
    const line = await get(`${FORM}&note=${'a'.repeat(40_000)}&errors=text`);
    expect(line.status).toBe(200);
    expect(line.body).toMatch(/^#ERROR 414 url-too-long: /);
  });

  it('40 KB of headers: 431 headers-too-large; a request line that is no HTTP: 400 request-unreadable', async () => {
    problemOf(await get('/health', `X-Big: ${'a'.repeat(40_000)}\r\n`), 431, 'headers-too-large');
    problemOf(await raw(Buffer.from('NOT HTTP AT ALL\r\n\r\n')), 400, 'request-unreadable');
  });
});

describe('Node entry: a 304 carries no Content-Type', () => {
  it("If-None-Match of a GET form's ETag: 304, no Content-Type, no body", async () => {
    const first = await request(`${entry.url}${FORM}&format=csv`);
    expect(first.status, first.text).toBe(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const again = await raw(Buffer.from(`GET ${FORM}&format=csv HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: ${etag}\r\nConnection: close\r\n\r\n`));
    expect(again.status).toBe(304);
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['content-type']).toBeUndefined();
    expect(again.body).toBe('');
  });
});
