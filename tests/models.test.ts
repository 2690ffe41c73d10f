/**
 * The model files are data the service trusts (issue 11, one model contract): every kind lives in
 * models/<kind>/, every file is valid by its kind's schema and served by the one catalogue, values that change
 * with the year are dated in one file per jurisdiction, and every parameter cites a public document.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datedPaths, materialise, type DatedFile } from '../src/api/models/dated.js';
import { findModel, listModels, MODEL_KINDS } from '../src/api/models/catalog.js';
import { ModelFile } from '../src/schema/allocation.js';
import { ModelMetadata } from '../src/schema/common.js';
import { prepareModel } from '../src/domain/allocation/model.js';

const root = join(import.meta.dirname, '..', 'models');
const read = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8'));
const filesOf = (kind: string) => readdirSync(join(root, kind)).filter((f) => f.endsWith('.json'));

describe('models/<kind>/', () => {
  it('holds one folder per kind of model, and nothing outside them', () => {
    const entries = readdirSync(root, { withFileTypes: true });
    expect(
      entries
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort(),
    ).toEqual([...MODEL_KINDS].sort());
    expect(entries.filter((e) => !e.isDirectory()).map((e) => e.name)).toEqual([]);
  });

  it.each(MODEL_KINDS)('every file in models/%s/ is served by the catalogue, and every model it serves has its file', (kind) => {
    const served = new Set(listModels(kind).map((m) => m.file));
    expect([...served].sort()).toEqual(
      filesOf(kind)
        .map((f) => `models/${kind}/${f}`)
        .sort(),
    );
    for (const f of filesOf(kind)) {
      const data = read(`${kind}/${f}`);
      expect(`${data.id}.json`, `${kind}/${f}`).toBe(f);
    }
  });

  it.each(MODEL_KINDS)('every %s model carries the one metadata every kind shares (schema/common.ts ModelMetadata)', (kind) => {
    const fields = Object.keys(ModelMetadata.shape);
    for (const { id } of listModels(kind)) {
      const model = findModel(kind, id)!.model as Record<string, unknown>;
      const meta = Object.fromEntries(Object.entries(model).filter(([k]) => fields.includes(k)));
      const checked = ModelMetadata.safeParse(meta);
      expect(checked.success, `${kind}/${id}: ${JSON.stringify(checked.error?.issues)}`).toBe(true);
      for (const f of ['id', 'version', 'title', 'jurisdiction', 'year', 'sources']) expect(model, `${kind}/${id}`).toHaveProperty(f);
    }
  });

  it('an unknown key in an allocation model is an error', () => {
    const data = structuredClone(findModel('allocation', 'sichuan-2024')!.model) as any;
    expect(ModelFile.safeParse({ ...data, weigths: {} }).success).toBe(false);
    data.factors[0].indicators[0].transfrom = 'direct';
    expect(ModelFile.safeParse(data).success).toBe(false);
  });
});

describe('dated values: models/allocation/sichuan.json', () => {
  const file = read('allocation/sichuan.json') as DatedFile;

  it('is one file for 2023 and 2024: only the year, version, title, description and two weights are dated', () => {
    expect(file.editions).toEqual([
      { id: 'sichuan-2023', date: '2023-01-01' },
      { id: 'sichuan-2024', date: '2024-01-01' },
    ]);
    expect(datedPaths(file.model)).toEqual(['/version', '/title', '/year', '/description', '/factors/0/weight', '/factors/3/weight']);
  });

  it('sichuan-2024 encodes 质效双提方案 §二4: policy 0.35, population 0.30, income 0.30, performance 0.05; sichuan-2023 the weights before', () => {
    const at = (id: string) => findModel('allocation', id)!.model as any;
    expect(at('sichuan-2024').factors.map((f: any) => [f.id, f.weight])).toEqual([
      ['policy', '0.35'],
      ['population', '0.30'],
      ['income', '0.30'],
      ['performance', '0.05'],
    ]);
    expect(at('sichuan-2023').factors.map((f: any) => f.weight)).toEqual(['0.30', '0.30', '0.30', '0.10']);
    expect([at('sichuan-2023').factors[0].source, at('sichuan-2024').factors[0].source]).toEqual([
      '质效双提方案 §二4 (weight before the change)',
      '质效双提方案 §二4',
    ]);
    for (const id of ['sichuan-2023', 'sichuan-2024']) expect(() => prepareModel(ModelFile.parse(at(id)) as never)).not.toThrow();
  });

  it('the two editions differ only in what is dated', () => {
    const strip = (m: any) => ({
      ...m,
      id: 0,
      version: 0,
      title: 0,
      year: 0,
      description: 0,
      factors: m.factors.map((f: any) => ({ ...f, weight: 0, source: 0 })),
    });
    expect(strip(findModel('allocation', 'sichuan-2023')!.model)).toEqual(strip(findModel('allocation', 'sichuan-2024')!.model));
  });

  it('an edition reads each value in force on its date; a date before the first value, or dates out of order, are refused', () => {
    const model = {
      weight: {
        dated: [
          { from: '2023-01-01', value: '0.30', source: 'a §1' },
          { from: '2024-07-01', value: '0.35', source: 'a §2' },
        ],
      },
    };
    const f = (date: string) => materialise({ kind: 'allocation', id: 'x', editions: [], model }, { id: 'x-' + date, date });
    expect(f('2024-06-30')).toEqual({ id: 'x-2024-06-30', weight: '0.30', source: 'a §1' });
    expect(f('2024-07-01')).toEqual({ id: 'x-2024-07-01', weight: '0.35', source: 'a §2' });
    expect(() => f('2022-12-31')).toThrow(/no value in force on 2022-12-31/);
    const swapped = { weight: { dated: [...model.weight.dated].reverse() } };
    expect(() => materialise({ kind: 'allocation', id: 'x', editions: [], model: swapped }, { id: 'x', date: '2025-01-01' })).toThrow(/dates must rise/);
    const typo = { weight: { dated: [{ from: '2023-01-01', valeu: '1' }] } };
    expect(() => materialise({ kind: 'allocation', id: 'x', editions: [], model: typo }, { id: 'x', date: '2025-01-01' })).toThrow(/unknown key valeu/);
  });
});

describe('sources: the public documents', () => {
  const models = listModels().map((s) => ({ s, m: findModel(s.kind, s.id)!.model as any }));
  const sourcesIn = (x: unknown, at = ''): [string, string][] =>
    Array.isArray(x)
      ? x.flatMap((v, i) => sourcesIn(v, `${at}/${i}`))
      : x && typeof x === 'object'
        ? Object.entries(x).flatMap(([k, v]) =>
            k === 'source' && typeof v === 'string' ? [[`${at}/${k}`, v] as [string, string]] : sourcesIn(v, `${at}/${k}`),
          )
        : [];

  it.each(models.map(({ s, m }) => [`${s.kind}/${s.id}`, m]))('%s cites documents by title, issuer and number or date, never internal notes', (_name, m) => {
    expect(m.sources.length).toBeGreaterThan(0);
    for (const src of m.sources) {
      expect(src.title, src.ref).toBeTruthy();
      expect(JSON.stringify(src)).not.toMatch(/DOMAIN\.md/);
      // a public report of the Sichuan 2023 figures has no issuer or number on record: the only exception
      if (!src.ref.includes('公开报道')) expect(src.issuer && (src.number || src.date), src.ref).toBeTruthy();
    }
    expect(JSON.stringify(m)).not.toMatch(/seed \d{3}|DOMAIN\.md/);
  });

  it.each(models.map(({ s, m }) => [`${s.kind}/${s.id}`, m]))(
    "%s: every parameter's source is one of its documents (by ref) or says it is a choice",
    (_, m) => {
      const refs: string[] = m.sources.map((s: any) => s.ref);
      for (const [at, source] of sourcesIn({ ...m, sources: undefined })) {
        expect(refs.some((r) => source.startsWith(r)) || source.startsWith('choice'), `${at}: ${source}`).toBe(true);
      }
    },
  );

  it('the plan the Sichuan models encode is cited with its issuer, index number and date', () => {
    const plan = (findModel('allocation', 'sichuan-2024')!.model as any).sources[0];
    expect(plan).toMatchObject({
      title: '衔接资金项目质效双提行动实施方案',
      number: expect.stringContaining('510683-2024-005043'),
      date: '2024-05-15',
      issuer: expect.stringContaining('乡村振兴局'),
    });
  });
});

describe('one app, many runtimes', () => {
  it('nothing in src/core, src/domain, src/schema or src/api imports a Node built-in', () => {
    const src = join(import.meta.dirname, '..', 'src');
    const offenders: string[] = [];
    for (const sub of ['core', 'domain', 'schema', 'api']) {
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
      walk(join(src, sub));
    }
    expect(offenders).toEqual([]);
  });
});
