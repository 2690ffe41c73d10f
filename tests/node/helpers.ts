/**
 * The Node entry as its users run it: src/node.ts started as a program (node --import tsx, what
 * `npm run start:node` does) on 127.0.0.1 and a free port, stopped by its own PID at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningEntry {
  readonly url: string;
  readonly child: ChildProcess;
  /** What it printed, for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
}

export async function startEntry(env: Record<string, string> = {}, args: string[] = []): Promise<RunningEntry> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/node.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the entry did not start in 60 s:\n${out}`)), 60_000);
      const look = () => {
        const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${m[1]}`);
        }
      };
      child.stdout!.on('data', look);
      child.once('exit', (code) => reject(new Error(`the entry exited (${code}):\n${out}`)));
    });
    return { url, child, output: () => out, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * A 0/1 knapsack as a project portfolio (bench/optimize-problems.ts's hardKnapsack): costs 1000–1996 万元 and
 * benefits one to three above them, a budget of half the costs, no gap allowed. Nearly equal benefit per
 * yuan, so HiGHS branches until its time limit.
 */
/**
 * Projects in a knapsack HiGHS cannot close within 20 s here: at 40 it proves the optimum in ~1.3 s on a quiet
 * machine (too soon for a test that must ask other things while it runs), at 60 it runs to its limit.
 */
export const LONG_SOLVE_PROJECTS = 60;

export function hardPortfolio(n: number, timeLimitMs: number) {
  const costs = Array.from({ length: n }, (_, i) => 1000 + ((i * 7919) % 997));
  return {
    kind: 'portfolio',
    unit: 'wan',
    sources: [{ id: 'county', budget: String(Math.floor(costs.reduce((a, b) => a + b) / 2)) }],
    projects: costs.map((c, i) => ({ id: `P${i}`, cost: String(c), category: 'industry', benefits: { value: String(c + 1 + (i % 3)) } })),
    objective: { maximize: { value: '1' } },
    solver: { backend: 'highs', timeLimitMs, mipRelGap: 0 },
  };
}

/** A three-region allocation: the smallest solve there is. */
export const SMALL_REGIONS = {
  kind: 'regions',
  unit: 'wan',
  total: '1000.00',
  regions: [
    { id: 'A', target: '416.40' },
    { id: 'B', target: '339.10' },
    { id: 'C', target: '244.50', maximum: '230.00' },
  ],
};

export interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** From sending the request to the end of the answer. */
  readonly ms: number;
}

/**
 * One request on its own connection (no keep-alive pool: a reused idle socket that the server closes
 * meanwhile would fail for reasons of its own). `signal` destroys the connection, as a client that goes away.
 */
export function request(
  url: string,
  options: { method?: string; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Answer> {
  const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: options.method ?? (payload ? 'POST' : 'GET'),
        agent: false,
        signal: options.signal,
        headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}), ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export const postJson = (url: string, body: unknown, signal?: AbortSignal) => request(url, { body, signal });

/**
 * A client that writes the whole request, body included, before it reads a byte of the answer (as
 * Python's urllib does), over a plain socket. Resolves with the raw answer; rejects if the server broke
 * the connection (EPIPE, ECONNRESET) before the body was written or the answer read.
 */
export function sendWholeThenRead(url: string, path: string, body: Buffer): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', reject);
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.pause(); // read nothing until everything is sent
    const head =
      `POST ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
    socket.write(head);
    socket.write(body, (err) => {
      if (err) return reject(err);
      socket.resume();
    });
    socket.setTimeout(60_000, () => socket.destroy(new Error('no answer in 60 s')));
  });
}
