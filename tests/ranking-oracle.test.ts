/**
 * The rankings golden files (scenarios/rankings/) against their independent oracle: scenarios/oracle/ranking.py
 * recomputes each file's rows and summary from the request alone (standard-library Python, exact fractions, its
 * own merge patch for `overrides`), never with the engine, and must find the file as written. The scenario
 * runner (tests/scenarios/run.test.ts) then holds the engine to the same file.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('scenarios/rankings against scenarios/oracle/ranking.py', () => {
  it('ranking.py --check: every rankings file as the oracle computes it', async () => {
    const files = readdirSync(`${ROOT}scenarios/rankings`).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    const { code, out } = await new Promise<{ code: number; out: string }>((resolve) =>
      execFile('python3', ['scenarios/oracle/ranking.py', '--check'], { cwd: ROOT, timeout: 60_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
      ),
    );
    expect(out).not.toMatch(/DIFFERS/);
    expect(out.split('\n').filter((l) => l.startsWith('ok ')).length, out).toBe(files.length);
    expect(code, out).toBe(0);
  }, 60_000);
});
