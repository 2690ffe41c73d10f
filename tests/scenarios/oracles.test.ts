/**
 * The golden files against their independent oracles (standard-library Python, exact fractions, never the
 * engine): scenarios/oracle/factor_method.py recomputes every allocation file's expected block and
 * scenarios/oracle/optimize.py every optimization file's (its expected body and its oracle facts), and both
 * must find the file as written.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function python(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('python3', args, { cwd: ROOT, timeout: 120_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

describe('scenario files against the Python oracles', () => {
  it('factor_method.py --check: every allocation file as the oracle computes it', async () => {
    const files = readdirSync(`${ROOT}scenarios/allocations`)
      .filter((f) => f.endsWith('.json'))
      .map((f) => `scenarios/allocations/${f}`);
    const { code, out } = await python(['scenarios/oracle/factor_method.py', ...files, '--check']);
    expect(out.split('\n').filter((l) => l.startsWith('ok ')).length, out).toBe(files.length);
    expect(code, out).toBe(0);
  }, 120_000);

  it('optimize.py --check: every optimization file as the oracle computes it', async () => {
    const { code, out } = await python(['scenarios/oracle/optimize.py', '--check']);
    expect(out, out).not.toMatch(/DIFFERS/);
    expect(out.split('\n').filter((l) => l.startsWith('ok ')).length, out).toBeGreaterThanOrEqual(21);
    expect(code, out).toBe(0);
  }, 120_000);
});
