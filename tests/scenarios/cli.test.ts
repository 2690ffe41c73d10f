/**
 * `npm run scenario` as a planner runs it (src/cli.ts as a program): any route's file or a whole folder, each
 * posted as it is, ✓ or ✗ with the differences as "pointer: expected …, got …", exit code 1 on a difference.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TMP = mkdtempSync(join(tmpdir(), 'scenario-cli-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, timeout: 120_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run scenario', () => {
  it('runs a folder and files of any route, each posted to its own route', async () => {
    const { code, stdout, stderr } = await cli(
      'scenarios/rankings',
      'scenarios/evaluations/seed004-gaoxin-2021.json',
      'scenarios/checks/seed-004-industry-share.json',
    );
    expect(code, stdout + stderr).toBe(0);
    expect(stdout).toContain('✓ scenarios/rankings/sichuan-24-counties-edge-ties.json (POST /v1/rankings → 200)');
    expect(stdout).toContain('✓ scenarios/evaluations/seed004-gaoxin-2021.json (POST /v1/evaluations → 200)');
    expect(stdout).toContain('✓ scenarios/checks/seed-004-industry-share.json (POST /v1/checks/industry-share → 200)');
    expect(stdout).toMatch(/^5 passed, 0 failed$/m); // three rankings files, one evaluation, one check
  }, 120_000);

  it('a file that differs is ✗ with each difference as pointer, expected, got; exit code 1', async () => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'scenarios/allocations/toy-3-counties.json'), 'utf8'));
    doc.expected.body.rows[0].amount = '47.56';
    const file = join(TMP, 'toy-changed.json');
    writeFileSync(file, JSON.stringify(doc));
    const { code, stdout } = await cli(file);
    expect(code, stdout).toBe(1);
    expect(stdout).toContain('甲县'); // one file: its answer as a table first
    expect(stdout).toContain(`✗ ${file} (POST /v1/allocations?explain=true → 200) differs from its "expected" block:`);
    expect(stdout).toContain('    /rows/0/amount: expected "47.56", got "47.55"');
  }, 120_000);

  it('a bare request body is not a scenario file: it says what is missing', async () => {
    const file = join(TMP, 'bare.json');
    writeFileSync(file, JSON.stringify({ model: 'sichuan-2024', total: '1', unit: 'wan', regions: [] }));
    const { code, stdout } = await cli(file);
    expect(code).toBe(1);
    expect(stdout).toContain(`✗ ${file}: not a scenario file: "route" must be a path such as "/v1/allocations"`);
  }, 120_000);
});
