/** Calls the app the way a client would, through app.request. */
import { expect } from 'vitest';
import { createApp } from '../../src/api/app.js';

export const app = createApp();

export async function post(path: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const res = await app.request(path, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return res;
}

export async function postJson(path: string, body: unknown) {
  const res = await post(path, body);
  return { res, json: (await res.json()) as any };
}

/** A 4xx application/problem+json answer, bilingual, naming (at least) the given pointers. */
export async function expectProblem(res: Response, status: number, pointers?: string[]) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  const body = (await res.json()) as any;
  expect(body).toMatchObject({ status, type: expect.stringMatching(/^\/problems\//) });
  expect(body.title).toBeTruthy();
  expect(body.title_zh).toMatch(/[\u4e00-\u9fff]/);
  expect(body.detail).toBeTruthy();
  expect(body.detail_zh).toMatch(/[\u4e00-\u9fff]/);
  if (pointers) {
    expect(body.errors.map((e: any) => e.pointer)).toEqual(expect.arrayContaining(pointers));
    for (const e of body.errors) {
      expect(e.detail.length).toBeGreaterThan(5);
      expect(e.detail_zh).toMatch(/[\u4e00-\u9fff]/);
    }
  }
  return body;
}
