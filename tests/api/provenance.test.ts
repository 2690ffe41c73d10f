import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, provenance, sha256 } from '../../src/api/provenance.js';
import { SERVICE_VERSION } from '../../src/version.js';
import pkg from '../../package.json' with { type: 'json' };

/** An independent canonical form: a plain recursive walk, keys sorted. */
function reference(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map(reference).join(',') + ']';
  const o = v as Record<string, unknown>;
  return (
    '{' +
    Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => JSON.stringify(k) + ':' + reference(o[k]))
      .join(',') +
    '}'
  );
}

describe('provenance', () => {
  it('the service version is package.json version', () => {
    expect(SERVICE_VERSION).toBe(pkg.version);
  });

  it('canonical JSON sorts every object key and keeps array order (fast-check against a plain walk)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 1000 },
    );
  });

  it('key order and whitespace do not change the request hash; any value does', async () => {
    const a = await provenance('/v1/x', { explain: 'true' }, JSON.parse('{"b": [1, {"y": 2, "x": "1"}], "a": "z"}'), null);
    const b = await provenance('/v1/x', { explain: 'true' }, JSON.parse('{"a":"z","b":[1,{"x":"1","y":2}]}'), null);
    const c = await provenance('/v1/x', { explain: 'true' }, JSON.parse('{"a":"z","b":[1,{"x":"1","y":3}]}'), null);
    const d = await provenance('/v1/x', {}, JSON.parse('{"a":"z","b":[1,{"x":"1","y":2}]}'), null);
    expect(a.request).toBe(b.request);
    expect(c.request).not.toBe(a.request);
    expect(d.request).not.toBe(a.request);
    expect(a.request).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('sha256 is SHA-256 (the empty string and "abc" test vectors)', async () => {
    expect(await sha256('')).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(await sha256('abc')).toBe('sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('sha256 is the Web Crypto digest of the UTF-8 bytes, whichever runtime path computes it (Chinese text, long text)', async () => {
    for (const text of ['县0', '{"name":"四川省·凉山州"}', 'x'.repeat(100_000) + '合计']) {
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
      expect(await sha256(text)).toBe('sha256:' + [...digest].map((b) => b.toString(16).padStart(2, '0')).join(''));
    }
  });

  it('canonical JSON of many objects sharing a few key lists in different orders (the remembered key orders never mix them up)', () => {
    const keys = ['b', 'a', 'c', '10', '9', 'aa', '', '__proto__'];
    const obj = fc
      .uniqueArray(fc.constantFrom(...keys), { maxLength: 5 })
      .chain((ks) => fc.tuple(...ks.map((k) => fc.tuple(fc.constant(k), fc.jsonValue({ maxDepth: 1 })))));
    fc.assert(
      fc.property(
        fc.array(
          obj.map((entries) => Object.fromEntries(entries)),
          { maxLength: 30 },
        ),
        (list) => {
          expect(canonicalJson(list)).toBe(reference(list));
          expect(canonicalJson({ z: list, a: list })).toBe(reference({ z: list, a: list }));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the model hash follows the content, not the id', async () => {
    const m1 = await provenance('/v1/x', {}, {}, { id: 'm', version: '1', content: { w: '0.3', v: '0.7' } });
    const m2 = await provenance('/v1/x', {}, {}, { id: 'm', version: '1', content: { v: '0.7', w: '0.3' } });
    const m3 = await provenance('/v1/x', {}, {}, { id: 'm', version: '1', content: { v: '0.6', w: '0.4' } });
    expect(m1.model!.hash).toBe(m2.model!.hash);
    expect(m3.model!.hash).not.toBe(m1.model!.hash);
  });
});
