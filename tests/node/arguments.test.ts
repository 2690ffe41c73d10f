/**
 * The Node entry's command line, as `npm run start:node -- --port 9000 --host 127.0.0.1` runs it: the flags
 * win over PORT/HOST, a port already taken is one readable line in both languages and exit code 1 (no stack
 * trace), and a bad flag says what is accepted.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { request, startEntry, type RunningEntry } from './helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A port that something else holds, as another service on the office's machine would. */
async function holdPort(): Promise<Server> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}
const portOf = (s: Server) => (s.address() as { port: number }).port;

/** Runs the entry to its end (it must exit by itself) and returns its exit code and output. */
async function runToExit(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/node.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

let running: RunningEntry | undefined;
let held: Server | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
  held?.close();
  held = undefined;
});

describe('Node entry: command line', () => {
  it('--port and --host choose where it listens, over PORT and HOST', async () => {
    const free = await holdPort();
    const port = portOf(free);
    await new Promise((r) => free.close(r));
    running = await startEntry({ PORT: '1', HOST: '0.0.0.0' }, ['--port', String(port), '--host', '127.0.0.1']);
    expect(running.url).toBe(`http://127.0.0.1:${port}`);
    expect((await request(`${running.url}/health`)).status).toBe(200);
  }, 90_000);

  it('a port already taken is one line in English and Chinese and exit code 1, no stack trace', async () => {
    held = await holdPort();
    const port = portOf(held);
    const { code, stdout, stderr } = await runToExit(['--port', String(port)]);
    expect(code, stdout + stderr).toBe(1);
    // one line says it (a checkout without public/ adds serveStatic's own warning before it)
    const said = stderr
      .trim()
      .split('\n')
      .filter((l) => l.includes(String(port)));
    expect(said, stderr).toHaveLength(1);
    expect(stderr.trim().split('\n').at(-1)).toBe(said[0]);
    expect(said[0]).toContain(`127.0.0.1:${port}`);
    expect(said[0]).toMatch(/already in use/);
    expect(said[0]).toMatch(/端口.*已被占用/);
    expect(said[0]).toContain('--port');
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 90_000);

  it('a bad flag or port is refused with what is accepted, exit code 2', async () => {
    for (const args of [
      ['--port', 'eighty'],
      ['--port', '70000'],
      ['--prot', '9000'],
    ]) {
      const { code, stderr } = await runToExit(args);
      expect(code, `${args.join(' ')}: ${stderr}`).toBe(2);
      const lines = stderr.trim().split('\n');
      expect(lines[0], args.join(' ')).toMatch(/[\u4e00-\u9fff]/);
      expect(stderr, args.join(' ')).toContain('usage: npm run start:node -- [--port N] [--host H]');
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  }, 120_000);
});
