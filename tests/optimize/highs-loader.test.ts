/**
 * HiGHS loading. Node finds highs.wasm itself (getHighs); workerd hands out a compiled WebAssembly.Module
 * that must go through Emscripten's `instantiateWasm` hook (loadHighsFromWasmModule). The hook is
 * exercised here in Node with a module compiled from the package's own highs.wasm.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { getHighs, loadHighsFromWasmModule } from '../../src/domain/optimization/index.js';

const require = createRequire(import.meta.url);

/** WebAssembly.compile: in Node (and workerd at upload time), though @cloudflare/workers-types leaves it out. */
const compile = (bytes: Uint8Array) => (WebAssembly as unknown as { compile(bytes: Uint8Array): Promise<WebAssembly.Module> }).compile(bytes);

describe('HiGHS', () => {
  it('loads once per isolate', async () => {
    const [a, b] = await Promise.all([getHighs(), getHighs()]);
    expect(a).toBe(b);
    expect(a.version.major).toBe(1);
  });

  it('loads from a compiled WebAssembly.Module through instantiateWasm (the workerd path)', async () => {
    const bytes = await readFile(require.resolve('highs/runtime'));
    const module = await compile(bytes);
    const highs = await loadHighsFromWasmModule(module);
    expect(highs).not.toBe(await getHighs()); // a separate instance: nothing global was replaced
    const result = highs.solve('Maximize\n obj: x + y\nSubject To\n c: x + 2 y <= 4\nBounds\n x <= 3\nEnd', { output_flag: false });
    expect(result.Status).toBe('Optimal');
    expect(result.ObjectiveValue).toBeCloseTo(3.5, 9);
  });

  it('rejects, rather than hangs, when the module cannot be instantiated', async () => {
    // a valid, empty wasm module: it lacks every import and export HiGHS needs
    const empty = await compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    await expect(loadHighsFromWasmModule(empty)).rejects.toThrow();
  });
});
