/**
 * The rate limit: at most `limit` requests to /v1/* per `period` seconds for each API key, and for each
 * anonymous client (its address, Principal.client). One more is a 429 problem+json `rate-limited` with
 * Retry-After. /health, /docs and /openapi.json are not counted.
 *
 * Two counters behind one interface:
 * - Workers: the `[[ratelimits]]` binding RATE_LIMITER of wrangler.toml (Cloudflare counts per location;
 *   wrangler dev and the workerd tests simulate it). Its limit lives in wrangler.toml, so the numbers the
 *   429 quotes are WORKERS_RATE_LIMIT here, held equal to wrangler.toml by tests/api/access-limits.test.ts.
 * - Node: a fixed window per key in this process's memory (memoryRateLimiter), sized by RATE_LIMIT and
 *   RATE_PERIOD (rateLimitFromEnv); RATE_LIMIT=0 turns it off.
 * An app made without either (createApp() in the Node unit tests) has no limit.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { message } from '../../messages/index.js';
import { problem } from '../problem.js';
import type { Principal } from './principal.js';

/** What a counter says about one more request. */
export type Verdict = { readonly ok: true } | { readonly ok: false; readonly retryAfter: number };

export interface RateLimiter {
  /** Requests allowed per period (as the 429 message quotes it). */
  readonly limit: number;
  /** The period, in seconds. */
  readonly period: number;
  /** Counts one request for `key`; ok, or how many seconds until one is allowed again. */
  take(key: string): Promise<Verdict>;
}

/** Where a deployment's limiter comes from: given (Node, tests), or built from the env (the binding on Workers). */
export type RateLimiterSource = RateLimiter | ((c: Context) => RateLimiter | undefined);

/** The numbers of wrangler.toml's `[[ratelimits]] RATE_LIMITER` (`simple = { limit, period }`): keep them equal. */
export const WORKERS_RATE_LIMIT = { limit: 6000, period: 60 } as const;

/** Node's default when RATE_LIMIT / RATE_PERIOD are not set: the same as the Workers binding's. */
export const DEFAULT_RATE_LIMIT = WORKERS_RATE_LIMIT;

/** The Workers rate-limiting binding, as workers-types describes it. */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/**
 * A limiter over a Workers binding. The binding says yes or no, not when: Retry-After is the period (its
 * window is at most that long), so a client that waits it is let through.
 */
export function bindingRateLimiter(binding: RateLimitBinding, numbers: { limit: number; period: number } = WORKERS_RATE_LIMIT): RateLimiter {
  return {
    ...numbers,
    async take(key) {
      let success: boolean;
      try {
        ({ success } = await binding.limit({ key }));
      } catch (err) {
        // the counter is a guard, not the service: when it cannot answer, the request goes through
        console.error('rate limiter unavailable', err);
        return { ok: true };
      }
      return success ? { ok: true } : { ok: false, retryAfter: numbers.period };
    },
  };
}

/** The binding RATE_LIMITER of this Worker's env, when it has one. */
const fromBinding = (c: Context): RateLimiter | undefined => {
  const binding = (c.env as { RATE_LIMITER?: RateLimitBinding } | undefined)?.RATE_LIMITER;
  if (!binding || typeof binding.limit !== 'function') return undefined;
  return bindingRateLimiter(binding);
};

/** Entries kept before expired windows are swept out (a sweep is O(n), so once in a while). */
const SWEEP_AT = 10_000;

/**
 * A fixed window per key, in memory: the first request of a key opens a window of `period` seconds in which
 * `limit` requests pass; the next waits for the window's end (Retry-After, whole seconds, at least 1).
 * `clock` (milliseconds) is for tests.
 */
export function memoryRateLimiter(numbers: { limit: number; period: number }, clock: () => number = Date.now): RateLimiter {
  const { limit, period } = numbers;
  const windows = new Map<string, { count: number; ends: number }>();
  let sweepAt = SWEEP_AT;
  return {
    limit,
    period,
    async take(key) {
      const now = clock();
      if (windows.size >= sweepAt) {
        for (const [k, w] of windows) if (w.ends <= now) windows.delete(k);
        sweepAt = Math.max(SWEEP_AT, windows.size * 2);
      }
      let w = windows.get(key);
      if (!w || w.ends <= now) {
        w = { count: 0, ends: now + period * 1000 };
        windows.set(key, w);
      }
      if (w.count >= limit) return { ok: false, retryAfter: Math.max(1, Math.ceil((w.ends - now) / 1000)) };
      w.count++;
      return { ok: true };
    },
  };
}

/** A bad RATE_LIMIT or RATE_PERIOD, said in one line in English and Chinese. */
export class RateLimitConfigError extends Error {}

/**
 * Node's limiter from RATE_LIMIT (requests, default 6000; 0 = no limit) and RATE_PERIOD (seconds, default
 * 60). Anything but a whole number is refused, with the variable named.
 */
export function rateLimitFromEnv(env: Record<string, string | undefined>): RateLimiter | undefined {
  const read = (name: 'RATE_LIMIT' | 'RATE_PERIOD', fallback: number, minimum: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d{1,9}$/.test(raw) || Number(raw) < minimum) {
      const m = message('rate-limit-setting', { name, shown: JSON.stringify(raw), minimum });
      throw new RateLimitConfigError(`${m.en} — ${m.zh}`);
    }
    return Number(raw);
  };
  const limit = read('RATE_LIMIT', DEFAULT_RATE_LIMIT.limit, 0);
  const period = read('RATE_PERIOD', DEFAULT_RATE_LIMIT.period, 1);
  return limit === 0 ? undefined : memoryRateLimiter({ limit, period });
}

/** The bucket a caller counts in: its key, else its address (a request with a bad key counts there too: principal.ts). */
export const bucketOf = (who: Principal): string => (who.kind === 'key' ? `key:${who.id}` : `client:${who.client}`);

/** A source resolved to a per-request lookup (the binding RATE_LIMITER on Workers when none is given). */
export function limiterOf(source: RateLimiterSource | undefined): (c: Context) => RateLimiter | undefined {
  return typeof source === 'function' ? source : source ? () => source : fromBinding;
}

/** The 429 rate-limited problem, with Retry-After. */
export function tooManyRequests(c: Context, limiter: RateLimiter, retryAfter: number): Response {
  c.header('retry-after', String(retryAfter));
  return problem(c, 'too-many-requests', message('rate-limited', { limit: limiter.limit, period: limiter.period, retryAfter }));
}

/** Middleware, after memory() (it reads the principal): counts the request, or answers 429. */
export function rateLimit(source: RateLimiterSource | undefined): MiddlewareHandler {
  const limiterFor = limiterOf(source);
  return async (c, next) => {
    const limiter = limiterFor(c);
    const who = c.get('principal');
    if (!limiter || !who) return next();
    const verdict = await limiter.take(bucketOf(who));
    if (verdict.ok) return next();
    return tooManyRequests(c, limiter, verdict.retryAfter);
  };
}
