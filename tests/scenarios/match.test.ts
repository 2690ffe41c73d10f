/** How an answer is held against a scenario's expected block (src/scenarios/match.ts), on hand-made answers. */
import { describe, expect, it } from 'vitest';
import { compareAnswer, formatProblem, matchPattern } from '../../src/scenarios/match.js';

const answer = {
  total: '10.00',
  checks: { sum: '10.00', balanced: true },
  rows: [
    { id: 'A', amount: '6.00', factors: { policy: '3' } },
    { id: 'B', amount: '4.00', factors: { policy: '2' }, stages: { formula: '4' } },
  ],
};

describe('scenario expected blocks', () => {
  it('a pattern names what it pins: other keys pass, a different value or a missing key is a difference', () => {
    expect(matchPattern(answer, { total: '10.00', rows: [{ id: 'A' }, { id: 'B' }] })).toEqual([]);
    expect(matchPattern(answer, { total: '10' })).toEqual(['/total: expected "10", got "10.00"']);
    expect(matchPattern(answer, { books: {} })).toEqual(['/books: expected an object, got (absent)']);
  });

  it('arrays are compared element by element and must have the same length', () => {
    expect(matchPattern(answer, { rows: [{ id: 'A' }] })).toEqual(['/rows: expected 1 element(s), got 2']);
    expect(matchPattern(answer, { rows: [{ id: 'B' }, { id: 'A' }] })).toEqual(['/rows/0/id: expected "B", got "A"', '/rows/1/id: expected "A", got "B"']);
  });

  it('"exact" subtrees may hold no key the pattern does not name; "absent" names what must not be there, * for every element', () => {
    const body = {
      checks: { sum: '10.00' },
      rows: [
        { id: 'A', factors: { policy: '3' } },
        { id: 'B', factors: { policy: '2' } },
      ],
    };
    expect(compareAnswer({ status: 200, body }, 200, answer)).toEqual([]);
    expect(compareAnswer({ status: 200, body, exact: ['/checks', '/rows/*/factors'] }, 200, answer)).toEqual(['/checks/balanced: not expected, got true']);
    expect(compareAnswer({ status: 200, body, absent: ['/rows/*/stages', '/books'] }, 200, answer)).toEqual([
      '/rows/1/stages: expected (absent), got {"formula":"4"}',
    ]);
    expect(compareAnswer({ status: 422, body }, 200, answer)).toEqual(['status: expected 422, got 200']);
  });

  it('a file is a scenario when it has a route, a request and (optionally) an expected status', () => {
    expect(formatProblem({ route: '/v1/rankings', request: {}, expected: { status: 200, body: {} } })).toBeUndefined();
    expect(formatProblem({ request: {} })).toMatch(/"route"/);
    expect(formatProblem({ route: '/v1/rankings', query: '?format=csv', request: {} })).toMatch(/"query"/);
    expect(formatProblem({ route: '/v1/rankings' })).toMatch(/"request"/);
  });
});
