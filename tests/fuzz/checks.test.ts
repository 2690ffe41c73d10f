/**
 * The fuzzer's own rules and raw JSON, checked on answers made by hand: a sweep whose checks let everything
 * through would pass forever.
 */
import { describe, expect, it } from 'vitest';
import { cellsOf, checkResponse, deepNest, Raw, toJsonText, type Answer, type FuzzCase } from './generate.js';

const post: FuzzCase = { family: 'test', label: 'test', method: 'POST', url: '/v1/allocations', headers: {}, body: '{"id":"A"}' };
const problemJson = 'application/problem+json; charset=utf-8';
const problem = (status: number, extra: object = {}) =>
  JSON.stringify({
    type: '/problems/x',
    title: 't',
    title_zh: '标题',
    status,
    code: 'not-a-decimal',
    detail: 'the field /total must be a decimal.',
    detail_zh: '必须是十进制数。',
    ...extra,
  });
const answer = (a: Partial<Answer>): Answer => ({ status: 200, contentType: 'application/json', text: '{}', ms: 5, ...a });
const rules = (c: FuzzCase, a: Partial<Answer>) => checkResponse(c, answer(a)).map((v) => v.rule);

describe('the fuzzer', () => {
  it('passes a plain 200 and a bilingual problem', () => {
    expect(rules(post, { text: '{"rows":[{"id":"A","amount":"1.00"}]}' })).toEqual([]);
    expect(rules(post, { status: 422, contentType: problemJson, text: problem(422) })).toEqual([]);
  });

  it('flags a 5xx, a slow answer, a 4xx that is no problem+json or lacks the Chinese detail', () => {
    expect(rules(post, { status: 500, contentType: problemJson, text: problem(500) })).toEqual(['5xx']);
    expect(rules(post, { ms: 10_001 })).toEqual(['slow']);
    expect(rules(post, { status: 404, contentType: 'text/plain; charset=UTF-8', text: '404 Not Found' })).toEqual(['problem+json']);
    expect(rules(post, { status: 422, contentType: problemJson, text: problem(422, { detail_zh: '' }) })).toEqual(['problem+json']);
    expect(rules(post, { status: 422, contentType: problemJson, text: problem(400) })).toEqual(['problem+json']);
  });

  it('flags garbled text the request did not hold, and an English detail that says nothing', () => {
    expect(rules(post, { text: '{"en":"undefined fall short by 200.00 万元"}' })).toEqual(['garbled']);
    expect(rules(post, { text: '{"share":"NaN"}' })).toEqual(['garbled']);
    expect(rules({ ...post, body: '{"id":"NaN"}' }, { text: '{"rows":[{"id":"NaN"}]}' })).toEqual([]);
    const errors = [{ pointer: '/total', code: 'not-a-decimal', detail: 'Invalid input', detail_zh: '必须是十进制数。' }];
    expect(rules(post, { status: 422, contentType: problemJson, text: problem(422, { errors }) })).toEqual(['say-nothing']);
  });

  it('flags a problem without codes: an issue with none, a problem with no issues and no code, a code not kebab-case', () => {
    const issue = { pointer: '/total', detail: 'has thousands separators; write 5000.', detail_zh: '带有千位分隔符。' };
    const at422 = (extra: object) => rules(post, { status: 422, contentType: problemJson, text: problem(422, extra) });
    expect(at422({ code: undefined, errors: [{ ...issue, code: 'thousands-separator' }] })).toEqual([]);
    expect(at422({ code: undefined, errors: [{ ...issue, code: 'thousands-separator' }, issue] })).toEqual(['code']);
    expect(at422({ code: undefined })).toEqual(['code']);
    expect(at422({ code: 'Not_A_Code', errors: [{ ...issue, code: 'thousands-separator' }] })).toEqual(['code']);
    expect(rules(post, { status: 404, contentType: problemJson, text: problem(404, { code: 'not-found' }) })).toEqual([]);
  });

  it('flags CSV and TSV cells a spreadsheet would run, numbers aside', () => {
    const csv = (text: string) => rules(post, { contentType: 'text/csv; charset=utf-8', text });
    expect(csv('\ufeffid,amount\nA,-1.50\nB,12\n')).toEqual([]);
    expect(csv('id,amount\n-1+1,3\n')).toEqual(['formula']);
    expect(csv('id,amount\n"=HYPERLINK(""x"")",3\n')).toEqual(['formula']);
    expect(rules(post, { contentType: 'text/tab-separated-values', text: 'id\tname\nA\t@SUM(A1)\n' })).toEqual(['formula']);
    expect(cellsOf('a,"b,""c"""\r\nd,e', ',')).toEqual(['a', 'b,"c"', 'd', 'e']);
  });

  it('flags a 200 to what must be refused, and a wrong method not answered 405 with Allow', () => {
    expect(rules({ ...post, mustRefuse: 'the number 1e-400' }, {})).toEqual(['accepted']);
    expect(rules({ ...post, mustRefuse: 'the number 1e-400' }, { status: 422, contentType: problemJson, text: problem(422) })).toEqual([]);
    const wrong = { ...post, method: 'PUT', expectStatus: 405 };
    expect(rules(wrong, { status: 404, contentType: problemJson, text: problem(404) })).toEqual(['status']);
    expect(rules(wrong, { status: 405, contentType: problemJson, text: problem(405) })).toEqual(['problem+json']);
    expect(rules(wrong, { status: 405, contentType: problemJson, text: problem(405), allow: 'POST, OPTIONS' })).toEqual([]);
  });

  it('writes raw JSON no JS value stringifies to, and own __proto__ keys', () => {
    expect(toJsonText({ a: new Raw('1e-400'), s: new Raw('"\\ud800"') })).toBe('{"a":1e-400,"s":"\\ud800"}');
    const o = {};
    Object.defineProperty(o, '__proto__', { value: { x: 1 }, enumerable: true });
    expect(toJsonText(o)).toBe('{"__proto__":{"x":1}}');
    const deep = deepNest(100_000, 'array').text;
    expect(deep.length).toBe(200_001);
    expect(deep.startsWith('[[[') && deep.endsWith(']]]')).toBe(true);
  });
});
