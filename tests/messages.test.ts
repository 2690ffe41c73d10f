/**
 * The one message catalogue (src/messages/): a code names one message everywhere. No code is defined in two
 * parts, every code is kebab-case, every message says something in both languages with no placeholder left
 * over, and every code the source asks for (issue(…), message(…), zodMessage(…)) exists.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { MESSAGES, PARTS } from '../src/messages/index.js';
import type { Catalogue } from '../src/messages/catalogue.js';

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const CJK = /[\u4e00-\u9fff]/;

/**
 * A parameter object that answers any question: every field is a value that reads as "x" in text, maps,
 * joins, slices and lists like one, so a message's template can be run without knowing its parameters.
 */
function anything(): unknown {
  const value: unknown = new Proxy(() => {}, {
    get: (_, key) => {
      if (key === Symbol.toPrimitive) return () => 'x';
      if (key === Symbol.iterator)
        return function* () {
          yield 'x';
        };
      if (key === 'length') return 1;
      if (key === 'toString' || key === 'valueOf' || key === 'toJSON') return () => 'x';
      return value;
    },
    apply: () => value,
  });
  return value;
}

const codes = Object.entries(PARTS).flatMap(([part, catalogue]) => Object.keys(catalogue).map((code) => ({ part, code })));

describe('the message catalogue', () => {
  it('has the common part', () => {
    expect(Object.keys(PARTS)).toContain('common');
    expect(Object.keys(PARTS.common).length).toBeGreaterThan(20);
  });

  it('defines no code in two parts', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const { part, code } of codes) {
      if (seen.has(code)) twice.push(`${code} (${seen.get(code)} and ${part})`);
      seen.set(code, part);
    }
    expect(twice).toEqual([]);
    expect(Object.keys(MESSAGES).length).toBe(codes.length);
  });

  it('every code is kebab-case', () => {
    expect(codes.map((c) => c.code).filter((c) => !KEBAB.test(c))).toEqual([]);
  });

  it.each(codes.map((c) => [c.code, c.part] as const))('%s (%s): says something in English and in Chinese, no placeholder left', (code) => {
    const m = (MESSAGES as Catalogue)[code](anything());
    for (const [lang, text] of [
      ['en', m.en],
      ['zh', m.zh],
    ] as const) {
      expect(typeof text, lang).toBe('string');
      expect(text.trim().length, `${code} ${lang}`).toBeGreaterThan(0);
      expect(text, `${code} ${lang}`).not.toContain('${');
      expect(text, `${code} ${lang}`).not.toMatch(/\[object /);
    }
    expect(m.zh, code).toMatch(CJK);
  });
});

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The catalogue codes a source file asks for: the code argument of issue(path, code, …), message(code, …), zodMessage(code, …). */
function codesUsed(file: string): { code: string; where: string }[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: { code: string; where: string }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const name = node.expression.text;
      const arg = name === 'issue' ? node.arguments[1] : name === 'message' || name === 'zodMessage' ? node.arguments[0] : undefined;
      if (arg && ts.isStringLiteralLike(arg)) {
        found.push({ code: arg.text, where: `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}` });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the source asks only for codes the catalogue has', () => {
  const used = sources('src').flatMap(codesUsed);

  it('finds the calls (the scan is not blind)', () => {
    const found = new Set(used.map((u) => u.code));
    for (const code of ['unknown-model', 'unknown-query-parameter', 'too-deep', 'malformed-json', 'thousands-separator']) expect(found, code).toContain(code);
  });

  it('every code used in src/ exists in the catalogue', () => {
    expect(used.filter((u) => !Object.hasOwn(MESSAGES, u.code)).map((u) => `${u.code} at ${u.where}`)).toEqual([]);
  });
});

describe('lists of ids in a message', () => {
  it('a long list is cut at ten and counted in each language: no English inside the Chinese', () => {
    const ids = Array.from({ length: 183 }, (_, i) => `R${i}`);
    const m = MESSAGES['unknown-region']({ id: 'Z', known: ids });
    expect(m.en).toContain('R0, R1, R2, R3, R4, R5, R6, R7, R8, R9 … (183 in all)');
    expect(m.zh).toContain('R0、R1、R2、R3、R4、R5、R6、R7、R8、R9 ……（共 183 个）');
    expect(m.zh.replace(/R\d+|"Z"/g, '')).not.toMatch(/[A-Za-z]/);
  });
});
