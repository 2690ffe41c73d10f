/** Calls the app the way a client would, through app.request. */
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
