/** The model files are data the service trusts: each is valid, listed, and sourced. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listModels } from '../src/api/catalog.js';
import { ModelFile } from '../src/api/schemas.js';
import { prepareModel } from '../src/engine/model.js';

const dir = join(import.meta.dirname, '..', 'models');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('models/', () => {
  it.each(files)('%s is valid by the API schema, its weights add up to 1, and its id matches its file name', (file) => {
    const data = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const model = ModelFile.parse(data);
    expect(() => prepareModel(model as never)).not.toThrow();
    expect(`${model.id}.json`).toBe(file);
    expect(model.sources.length).toBeGreaterThan(0);
  });

  it('every file is served by the catalog', () => {
    expect(listModels().map((m) => `${m.id}.json`).sort()).toEqual([...files].sort());
  });

  it('an unknown key in a model file is an error', () => {
    const data = JSON.parse(readFileSync(join(dir, files[0]), 'utf8'));
    expect(ModelFile.safeParse({ ...data, weigths: {} }).success).toBe(false);
    data.factors[0].indicators[0].transfrom = 'direct';
    expect(ModelFile.safeParse(data).success).toBe(false);
  });

  it('sichuan-2024 encodes seed 003 §二4: policy 0.35, population 0.30, income 0.30, performance 0.05', () => {
    const m = listModels().find((x) => x.id === 'sichuan-2024')!;
    expect(m.factors.map((f) => [f.id, f.weight])).toEqual([
      ['policy', '0.35'],
      ['population', '0.30'],
      ['income', '0.30'],
      ['performance', '0.05'],
    ]);
    const old = listModels().find((x) => x.id === 'sichuan-2023')!;
    expect(old.factors.map((f) => f.weight)).toEqual(['0.30', '0.30', '0.30', '0.10']);
  });
});

describe('one app, many runtimes', () => {
  it('nothing in src/engine or src/api imports a Node built-in', () => {
    const root = join(import.meta.dirname, '..', 'src');
    const offenders: string[] = [];
    for (const sub of ['engine', 'api']) {
      const walk = (d: string) => {
        for (const entry of readdirSync(d, { withFileTypes: true })) {
          const p = join(d, entry.name);
          if (entry.isDirectory()) walk(p);
          else if (p.endsWith('.ts')) {
            const text = readFileSync(p, 'utf8');
            for (const m of text.matchAll(/from\s+['"]([^'"]+)['"]/g)) {
              if (/^node:|^(fs|path|os|crypto|buffer|process|child_process|util|stream|url)$/.test(m[1])) offenders.push(`${p}: ${m[1]}`);
            }
          }
        }
      };
      walk(join(root, sub));
    }
    expect(offenders).toEqual([]);
  });
});
