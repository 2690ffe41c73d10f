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

/**
 * A Chinese detail is Chinese: what may stay Latin is what the planner types or matches (ids and codes passed
 * in, `field names`, "quoted values", ?query names and name=value, /paths, {JSON}, <placeholders>) and the
 * protocol's own words (GET, POST, JSON, Authorization: Bearer, true/false …). Any other English word is a miss.
 */
function englishLeftIn(zh: string, passed: readonly string[]): string[] {
  let rest = zh;
  for (const p of [...passed].sort((a, b) => b.length - a.length)) rest = rest.split(p).join(' ');
  rest = rest
    .replace(/`[^`]*`/g, ' ')
    .replace(/"[^"]*"/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\?[\w.]+(=[^\s、，。；：）)]*)?/g, ' ')
    .replace(/[\w.]+=[^\s、，。；：）)]*/g, ' ')
    .replace(/\/[\w/{}.-]+/g, ' ')
    .replace(/\b(GET|HEAD|POST|PUT|DELETE|JSON|URL|CSV|TSV|XLSX|API|Authorization|Bearer|Content-Type|true|false|null)\b/g, ' ');
  return rest.match(/[A-Za-z]{2,}/g) ?? [];
}

/** The messages the spreadsheet door puts in a cell, each with parameters as the service passes them. */
const CELL_MESSAGES: [code: string, params: Record<string, unknown>, passed: string[]][] = [
  ['required', { expected: 'number or string' }, []],
  ['required', { expected: 'string or object' }, []],
  ['required', { expected: 'array' }, []],
  ['required', { expected: 'boolean' }, []],
  ['required', { expected: 'record' }, ['poverty']],
  ['wrong-type', { expected: 'number or string', got: 'boolean' }, []],
  ['wrong-type', { expected: 'array', got: 'another type' }, []],
  ['not-one-of', { values: ['"yuan"', '"wan"'] }, []],
  ['not-one-of', { values: ['"json"', '"value"'], got: 'VALUE' }, []],
  ['not-one-of', { values: ['"yuan"', '"wan"'], got: 'wan ' }, []],
  ['not-one-of', { field: 'kind', values: ['"regions"', '"portfolio"'] }, ['kind']],
  ['unknown-query-parameter', { name: 'project', accepted: ['format', 'explain', 'region', 'column'], form: true, better: 'rows-are-regions' }, []],
  ['unknown-query-parameter', { name: 'table', accepted: ['format', 'explain', 'region', 'column'], form: true, better: 'one-table' }, []],
  ['unknown-query-parameter', { name: 'nope', accepted: [] }, []],
  ['unit-in-number', { shown: '"5000万"' }, []],
  ['chinese-numerals', { shown: '"五千"', digits: '5000' }, []],
  ['chinese-numerals', { shown: '"约五千"' }, []],
  ['thousands-separator', { shown: '"5,000"', plain: '5000' }, []],
  ['spaces-around', { shown: '"5000 "', trimmed: '"5000"' }, []],
  ['percent-not-amount', { shown: '"60%"', example: '"1134.50"' }, []],
  ['empty-string', { example: '"1134.50"' }, []],
  [
    'weights-not-one',
    {
      sum: '1.05',
      weights: [
        { id: 'policy', weight: '0.40', yours: true },
        { id: 'population', weight: '0.30' },
        { id: 'income', weight: '0.30' },
        { id: 'performance', weight: '0.05' },
      ],
    },
    ['policy', 'population', 'income', 'performance'],
  ],
  ['weights-not-one', { sum: '1.05' }, []],
  ['key-in-query-not-read-only', { scope: 'write', prefix: 'bfa_Q3h9xk2L' }, ['write', 'bfa_Q3h9xk2L']],
  ['key-in-query-not-read-only', { scope: 'admin', prefix: 'bfa_Q3h9xk2L' }, ['admin', 'bfa_Q3h9xk2L']],
  ['key-in-query-get-only', { method: 'POST' }, []],
  ['two-keys', {}, []],
  ['unknown-region', { id: 'zz', known: Array.from({ length: 20 }, (_, i) => `R${i}`) }, Array.from({ length: 20 }, (_, i) => `R${i}`)],
  ['unknown-column', { column: 'amnt', columns: Array.from({ length: 23 }, (_, i) => `c${i}`) }, Array.from({ length: 23 }, (_, i) => `c${i}`)],
  ['column-required', {}, []],
  ['csv-extra-cells', { line: 3, cells: 10, headers: 9 }, []],
];

describe('a Chinese detail holds no English words (issue 13 audit #8)', () => {
  it('the scan sees an English word (it is not blind)', () => {
    expect(englishLeftIn('类型应为 number or string', [])).toEqual(['number', 'or', 'string']);
  });

  it.each(CELL_MESSAGES.map(([code, params, passed]) => [code, JSON.stringify(params), params, passed] as const))('%s %s', (code, _, params, passed) => {
    const m = (MESSAGES as Catalogue)[code](params);
    expect(englishLeftIn(m.zh, passed), m.zh).toEqual([]);
  });

  it('every message of the catalogue, with any parameters, says its types in Chinese', () => {
    for (const expected of ['number', 'string', 'object', 'array', 'boolean', 'number or string', 'string or object']) {
      for (const code of ['required', 'wrong-type'] as const) {
        const zh = (MESSAGES as Catalogue)[code]({ expected, got: 'undefined' }).zh;
        expect(englishLeftIn(zh, []), zh).toEqual([]);
      }
    }
    expect(MESSAGES.required({ expected: 'number or string' }).zh).toBe('缺少必填字段（类型应为数字或文本）。');
    expect(MESSAGES.required({ expected: 'string or object' }).zh).toBe('缺少必填字段（类型应为文本或对象）。');
    expect(MESSAGES.required({ expected: 'array' }).zh).toBe('缺少必填字段（类型应为列表）。');
    expect(MESSAGES.required({ expected: 'number or string' }).en).toBe('this field is required (expected number or string).');
  });
});

describe('not-one-of says a near miss (issue 13 audit #13)', () => {
  const formats = ['json', 'csv', 'value'].map((v) => JSON.stringify(v));
  it('only the case differs: use lower case', () => {
    const m = MESSAGES['not-one-of']({ values: formats, got: 'VALUE' });
    expect(m.en).toBe('use lower case: "value"; must be one of "json", "csv", "value".');
    expect(m.zh).toBe('请用小写字母："value"；取值必须是 "json"、"csv"、"value" 之一。');
  });
  it('only spaces around differ: remove the spaces', () => {
    const m = MESSAGES['not-one-of']({ values: ['"yuan"', '"wan"'], got: 'wan ' });
    expect(m.en).toBe('"wan " has spaces around it: remove the spaces ("wan"); must be one of "yuan", "wan".');
    expect(m.zh).toContain('前后有空格：请去掉空格（"wan"）');
  });
  it('both: lower case and no spaces', () => {
    expect(MESSAGES['not-one-of']({ values: formats, got: ' CSV' }).en).toMatch(/^use lower case and remove the spaces: "csv"/);
  });
  it('further off, or not known: the list only', () => {
    expect(MESSAGES['not-one-of']({ values: formats, got: 'xls' }).en).toBe('must be one of "json", "csv", "value".');
    expect(MESSAGES['not-one-of']({ values: formats }).en).toBe('must be one of "json", "csv", "value".');
  });
});

describe('key messages a cell shows (issue 13 audit #14)', () => {
  it('a write key in a URL: short, and points to POST /v1/keys with a read scope, not the server’s CLI', () => {
    const m = MESSAGES['key-in-query-not-read-only']({ scope: 'admin', prefix: 'bfa_Q3h9xk2L' });
    expect(m.en).toContain('POST /v1/keys {"name":"…","scope":"read"}');
    expect(m.zh).toContain('POST /v1/keys {"name":"…","scope":"read"}');
    expect(`${m.en} / ${m.zh}`).not.toContain('npm run');
    // the errors=text line: "#ERROR 403 key-in-query-not-read-only: " + en + " / " + zh
    expect(`#ERROR 403 key-in-query-not-read-only: ${m.en} / ${m.zh}`.length).toBeLessThan(320);
    expect(m.en.length).toBeLessThan(180);
  });
  it('a key on a calculation POST: the POST carries its key in the header, no "change"', () => {
    const m = MESSAGES['key-in-query-get-only']({ method: 'POST' });
    expect(m.en).toContain('so a POST carries its key in the header Authorization: Bearer <key>');
    expect(m.en).not.toMatch(/change/);
    expect(m.zh).not.toContain('修改');
  });
});

describe('one helper cuts a list of ids (issue 13 audit #18)', () => {
  it('unknown-column and unknown-region cut and count alike', () => {
    const ids = Array.from({ length: 23 }, (_, i) => `c${i}`);
    const column = MESSAGES['unknown-column']({ column: 'z', columns: ids });
    const region = MESSAGES['unknown-region']({ id: 'z', known: ids });
    const cut = { en: 'c0, c1, c2, c3, c4, c5, c6, c7, c8, c9 … (23 in all)', zh: 'c0、c1、c2、c3、c4、c5、c6、c7、c8、c9 ……（共 23 个）' };
    for (const m of [column, region]) {
      expect(m.en).toContain(cut.en);
      expect(m.zh).toContain(cut.zh);
    }
    const source = readFileSync('src/messages/formats.ts', 'utf8');
    expect(source).not.toMatch(/const few|fewZh/);
  });
});
