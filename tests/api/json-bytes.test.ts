import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonUtf8 } from '../../src/api/jsonBytes.js';
import { canonicalJson, canonicalUtf8 } from '../../src/api/provenance.js';
import { jsonText } from '../../src/api/bodyGuard.js';

const encode = (text: string) => new TextEncoder().encode(text);

/** Values shaped like the envelope and the request: objects holding large arrays of objects, at several depths. */
const large = fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 60, maxLength: 300 });
const shaped = fc.record({
  model: fc.oneof(fc.constant(null), fc.record({ id: fc.string(), version: fc.string() })),
  rows: large,
  body: fc.record({ regions: large, total: fc.string(), name: fc.constantFrom('县0', '😀', 'é', '\u2028') }),
  nothing: fc.constant(undefined),
});

describe('JSON as UTF-8 bytes in pieces (jsonBytes.ts)', () => {
  it('writes the very bytes of JSON.stringify (fast-check: any JSON value, envelope-shaped values with large arrays)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), shaped, large), (v) => {
        expect(jsonUtf8(v)).toEqual(encode(JSON.stringify(v)));
      }),
      { numRuns: 100 },
    );
  });

  it('leaves out what stringify leaves out and keeps what a toJSON gives (with the key stringify would pass)', () => {
    const withToJSON = Array.from({ length: 200 }, (_, i) => (i === 150 ? { toJSON: (key: string) => `key ${key}` } : { i }));
    for (const v of [
      { a: undefined, b: () => 1, c: Symbol('x'), d: [undefined, () => 1], e: { f: undefined } },
      { rows: withToJSON },
      withToJSON,
      { when: new Date(0), rows: Array.from({ length: 100 }, (_, i) => ({ i, at: new Date(i) })) },
      { nested: { deeper: { deepest: Array.from({ length: 300 }, (_, i) => ({ i, name: '县' + i })) } } },
    ]) {
      expect(new TextDecoder().decode(jsonUtf8(v))).toBe(JSON.stringify(v));
    }
  });

  it('the canonical bytes are the UTF-8 of canonicalJson (fast-check, large arrays included)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), shaped), (v) => {
        expect(canonicalUtf8(v)).toEqual(encode(canonicalJson(v)));
      }),
      { numRuns: 100 },
    );
  });
});

describe("the body's text (bodyGuard.ts jsonText)", () => {
  it('parses to the value Request.text() would give (fast-check: any JSON value, any UTF-8 bytes)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const bytes = encode(JSON.stringify(v));
        expect(JSON.parse(jsonText(bytes).text)).toEqual(JSON.parse(new TextDecoder().decode(bytes)));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }), (raw, s) => {
        const bytes = new Uint8Array([...raw, ...encode(JSON.stringify(s))]);
        const expected = new TextDecoder().decode(bytes);
        const { text, escaped } = jsonText(bytes);
        if (!escaped) expect(text).toBe(expected);
        else expect(text).toMatch(/^[\x00-\x7f]*$/);
        let a: unknown = 'SyntaxError';
        let b: unknown = 'SyntaxError';
        try {
          a = JSON.parse(text);
        } catch {}
        try {
          b = JSON.parse(expected);
        } catch {}
        expect(a).toEqual(b);
      }),
      { numRuns: 2000 },
    );
  });

  it('drops a leading BOM as Request.text() does, and reads a body with its own \\u escapes as it came', () => {
    expect(jsonText(new Uint8Array([0xef, 0xbb, 0xbf, ...encode('{"a":"县"}')]))).toEqual({ text: '{"a":"\\u53bf"}', escaped: true });
    expect(jsonText(encode('{"a":"\\u0041县"}'))).toEqual({ text: '{"a":"\\u0041县"}', escaped: false });
    expect(jsonText(encode('{"a":"😀"}'))).toEqual({ text: '{"a":"\\ud83d\\ude00"}', escaped: true });
  });
});
