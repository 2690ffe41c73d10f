/**
 * What the spreadsheet-script tests share: the Node entry as a real server (its own SQLite file, migrations and
 * the shipped sample dataset applied on start), and a *synchronous* HTTP request, as Apps Script's
 * UrlFetchApp.fetch and a WPS macro's XMLHttpRequest(open(…, false)) are: the call blocks until the answer is in.
 * The request runs in a child Node process (execFileSync) against the server, which lives in another process,
 * so blocking this one cannot stall the server.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEntry, type RunningEntry } from '../node/helpers.js';

export interface Service {
  readonly origin: string;
  stop(): Promise<void>;
}

/** The sample allocation every example computes (5,000 万元 over sample-20), as its POST answers it. */
export interface SampleAnswer {
  readonly unit: string;
  readonly rows: { id: string; name: string; amount: string }[];
  readonly summary: { sum: string };
}

/** POSTs the sample allocation as JSON to `origin`: what the examples' answers are compared with. */
export async function postSample(origin: string): Promise<SampleAnswer> {
  const res = await fetch(`${origin}/v1/allocations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'sichuan-2024', total: '5000', unit: 'wan', regions: { dataset: 'sample-20' } }),
  });
  if (res.status !== 200) throw new Error(`the sample allocation answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as SampleAnswer;
}

export async function startService(): Promise<Service> {
  const dir = mkdtempSync(join(tmpdir(), 'examples-'));
  let entry: RunningEntry;
  try {
    entry = await startEntry({ DATABASE_PATH: join(dir, 'allocator.sqlite'), RATE_LIMIT: '0' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    origin: entry.url,
    stop: async () => {
      await entry.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface SyncRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface SyncAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
}

const CHILD = `
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', async () => {
  const r = JSON.parse(input);
  const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body, signal: AbortSignal.timeout(30000) });
  const text = await res.text();
  process.stdout.write(JSON.stringify({ status: res.status, headers: Object.fromEntries(res.headers), text }));
});
`;

/** One HTTP request that blocks until its answer is read (fetch in a child process). */
export function syncRequest(request: SyncRequest): SyncAnswer {
  const out = execFileSync(process.execPath, ['-e', CHILD], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as SyncAnswer;
}
