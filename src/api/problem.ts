/**
 * RFC 9457 problem details. Every 4xx answer of the service is application/problem+json with the JSON
 * pointer of each offending field and a message, in English and Chinese, that says what to fix.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from '@hono/zod-openapi';
import { Issue, pointer } from '../core/errors.js';
import { issue as catalogued, message } from '../messages/index.js';

/** One issue of a problem: where (JSON pointer, or "?name" for a query parameter), its code, what to fix. */
export interface ProblemError {
  pointer: string;
  code: string;
  detail: string;
  detail_zh: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  title_zh: string;
  status: number;
  /** The problem's stable code: the kind's (not-found, busy …), or the one code every issue shares. */
  code?: string;
  detail: string;
  detail_zh: string;
  errors?: ProblemError[];
}

/** The kinds of problem, each with a page at /problems/{kind}. */
export const PROBLEMS = {
  'invalid-request': { status: 422, title: 'The request has invalid fields', title_zh: '请求中有无效字段' },
  'malformed-json': { status: 400, title: 'The body is not valid JSON', title_zh: '请求体不是有效的 JSON' },
  'bad-request': { status: 400, title: 'The request contradicts itself or is sent the wrong way', title_zh: '请求自相矛盾或发送方式有误' },
  'unsupported-media-type': { status: 415, title: 'The body is not in a media type this route takes', title_zh: '请求体的媒体类型不受此接口支持' },
  'body-too-large': { status: 413, title: 'The request body is too large', title_zh: '请求体过大' },
  'no-plan': { status: 409, title: 'No plan to tabulate: the constraints cannot all hold', title_zh: '无可导出的方案：约束无法同时满足' },
  conflict: {
    status: 409,
    title: 'The request conflicts with what is kept: a saved scenario and what it names must stay in step, an id in a list is used once',
    title_zh: '请求与已保存的内容冲突：已保存方案与其引用的资源须保持一致，列表中的编号只能使用一次',
  },
  unauthorized: { status: 401, title: 'An API key is needed, or the one sent is not valid', title_zh: '需要 API 密钥，或所发送的密钥无效' },
  forbidden: { status: 403, title: 'This key may not do that', title_zh: '该密钥无权执行此操作' },
  'not-found': { status: 404, title: 'No such resource', title_zh: '资源不存在' },
  'method-not-allowed': { status: 405, title: 'Method not allowed', title_zh: '不支持该请求方法' },
  'precondition-failed': { status: 412, title: 'The resource changed since you read it', title_zh: '资源在读取后已被修改' },
  'precondition-required': { status: 428, title: 'Send If-Match with the revision you changed', title_zh: '请在 If-Match 中注明所修改的修订版本' },
  'too-many-requests': { status: 429, title: 'Too many requests: slow down', title_zh: '请求过于频繁，请稍后再试' },
  'storage-unavailable': { status: 503, title: 'This deployment has no database', title_zh: '此部署未配置数据库' },
  busy: { status: 503, title: 'The solvers are busy: try again shortly', title_zh: '求解器繁忙，请稍后重试' },
  'internal-error': { status: 500, title: 'Internal error (a bug: please report it)', title_zh: '内部错误（程序缺陷，请报告）' },
} as const;
export type ProblemKind = keyof typeof PROBLEMS;

/** A problem's detail: the message, and its code when the catalogue gave one. */
export interface Detail {
  readonly en: string;
  readonly zh: string;
  readonly code?: string;
}

/** The code an issue without one answers with, until every domain issue has its own. */
export const FALLBACK_CODE = 'invalid';

export const MALFORMED_JSON = message('malformed-json');
export const UNSUPPORTED_MEDIA_TYPE = message('unsupported-media-type');

/**
 * The problem body. Its top-level code: the detail's own (unknown-model on a 404 …), else the one code all
 * its issues share, else (no issues) the kind itself (not-found, busy …); none when issues differ.
 */
export function problemBody(kind: ProblemKind, detail: Detail, issues?: readonly Issue[]): ProblemBody {
  const p = PROBLEMS[kind];
  const errors =
    issues && issues.length > 0 ? issues.map((i) => ({ pointer: i.path || '/', code: i.code ?? FALLBACK_CODE, detail: i.en, detail_zh: i.zh })) : undefined;
  const codes = new Set(errors?.map((e) => e.code));
  const code = detail.code ?? (errors ? (codes.size === 1 ? errors[0].code : undefined) : kind === 'invalid-request' ? undefined : kind);
  return {
    type: `/problems/${kind}`,
    title: p.title,
    title_zh: p.title_zh,
    status: p.status,
    ...(code !== undefined ? { code } : {}),
    detail: detail.en,
    detail_zh: detail.zh,
    ...(errors ? { errors } : {}),
  };
}

export function problemResponse(body: ProblemBody, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers },
  });
}

export function problem(c: Context, kind: ProblemKind, detail: Detail, issues?: readonly Issue[]) {
  const body = problemBody(kind, detail, issues);
  c.header('content-type', 'application/problem+json; charset=utf-8');
  return c.body(JSON.stringify(body), body.status as ContentfulStatusCode);
}

/** What each problem looks like, for the OpenAPI document: one example per status, not one for all. */
export const PROBLEM_EXAMPLES: Record<ProblemKind, ProblemBody> = {
  // every independent issue at once, each with its code
  'invalid-request': invalidBody([
    catalogued('/total', 'thousands-separator', { shown: '"5,000"', plain: '5000' }),
    catalogued('/regions/2/indicators/poverty', 'unit-in-number', { shown: '"1.2万"' }),
    catalogued('/regions/0/county', 'unknown-field', { shown: '"county"' }),
  ]),
  'malformed-json': problemBody('malformed-json', MALFORMED_JSON),
  'bad-request': problemBody('bad-request', message('two-keys')),
  'unsupported-media-type': problemBody('unsupported-media-type', UNSUPPORTED_MEDIA_TYPE),
  'body-too-large': problemBody('body-too-large', message('body-too-large', { megabytes: 5 })),
  'no-plan': problemBody('no-plan', {
    en: 'status infeasible: the 60% industry floor for central funds cannot be met: at most 54.3% is reachable with the projects in the library. Ask for JSON to see every relaxation.',
    zh: '状态 infeasible：中央资金产业发展比例不低于 60% 无法满足：现有项目库最多可达到 54.3%。以 JSON 格式请求可查看全部放宽建议。',
  }),
  conflict: problemBody(
    'conflict',
    message('dataset-in-use', {
      id: 'ds_3kq9xw7c4m2hbg5tqnj6r1yzva',
      users: { shown: [{ id: 'sc_k4x2m7q9a1b3c5d7e9f1g3h5j7', title: '2025 衔接资金分配（初稿）' }], hidden: 1 },
    }),
  ),
  unauthorized: problemBody('unauthorized', message('unknown-key', { prefix: 'bfa_3kq9' })),
  forbidden: problemBody('forbidden', message('scope-too-narrow', { scope: 'read', needed: 'write' })),
  'precondition-failed': problemBody('precondition-failed', message('stale-revision', { resource: 'dataset', id: 'ds_example', sent: '"3"', head: 4 })),
  'precondition-required': problemBody('precondition-required', message('if-match-required', { resource: 'dataset', id: 'ds_example', head: 4 })),
  'too-many-requests': problemBody('too-many-requests', message('rate-limited', { limit: 120, period: 60, retryAfter: 17 })),
  'storage-unavailable': problemBody('storage-unavailable', message('storage-not-configured')),
  'not-found': problemBody('not-found', message('unknown-model', { kind: 'allocation', id: 'atlantis-2024', known: ['sichuan-2023', 'sichuan-2024'] })),
  'method-not-allowed': problemBody('method-not-allowed', message('method-not-allowed', { method: 'GET', path: '/v1/allocations', allowed: ['POST'] })),
  busy: problemBody('busy', {
    en: 'every solver is busy and 4 solves are waiting; try again in 5 seconds (see the Retry-After header).',
    zh: '所有求解器都在运行，另有 4 个求解在排队；请 5 秒后重试（见 Retry-After 响应头）。',
  }),
  'internal-error': problemBody('internal-error', message('internal-error')),
};

/** OpenAPI response entries for the given problem kinds, each with its own example. */
export function problemResponses<K extends ProblemKind>(descriptions: Partial<Record<K, string>>, schema: unknown) {
  const out: Record<number, { description: string; content: Record<string, { schema: unknown; example: ProblemBody }> }> = {};
  for (const [kind, description] of Object.entries(descriptions) as [K, string][]) {
    out[PROBLEMS[kind].status] = {
      description,
      content: { 'application/problem+json': { schema, example: PROBLEM_EXAMPLES[kind] } },
    };
  }
  return out;
}

/** The 422 body for a list of field issues, with a one-line summary. */
export function invalidBody(issues: readonly Issue[]): ProblemBody {
  const n = issues.length;
  const first = issues[0];
  const { en, zh } = message('invalid-request', { count: n, pointer: first.path || '/', en: first.en, zh: first.zh });
  return problemBody('invalid-request', { en, zh }, issues);
}

/** 422 for a list of field issues, with a one-line summary. */
export function invalid(c: Context, issues: readonly Issue[]) {
  const body = invalidBody(issues);
  c.header('content-type', 'application/problem+json; charset=utf-8');
  return c.body(JSON.stringify(body), body.status as ContentfulStatusCode);
}

/** A key the schema does not know (also "__proto__", refused by the body guard before any schema). */
export function unknownField(key: string): { code: 'unknown-field'; en: string; zh: string } {
  return message('unknown-field', { shown: JSON.stringify(key) });
}

type ZodIssue = z.core.$ZodIssue;

/** A message with its code (from the catalogue), before it is placed at a pointer. */
export type { Coded } from '../messages/grammar.js';
import type { Coded } from '../messages/grammar.js';

/** Zod's issues as field issues, each with its code and its message from the catalogue; unknown keys point at the key itself. */
export function fromZod(issues: readonly ZodIssue[], base: (string | number)[] = []): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: pointer(...path, key), ...unknownField(key) });
      continue;
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0 && !issue.discriminator) {
      // A value that fits no alternative: if every alternative failed on type, say which types fit.
      const flat = issue.errors.flat();
      const typeOnly = flat.every((e) => e.code === 'invalid_type' && e.path.length === 0);
      if (!typeOnly) {
        // The value had the right type for one alternative: report that alternative's own problems.
        const deepest = issue.errors.reduce((a, b) => (depth(b) > depth(a) ? b : a));
        out.push(...fromZod(deepest, path));
        continue;
      }
      const expected = [...new Set(flat.map((e) => (e as { expected?: string }).expected))].join(' or ');
      const got = received(issue);
      out.push({ path: pointer(...path), ...(got === 'undefined' ? message('required', { expected }) : message('wrong-type', { expected, got })) });
      continue;
    }
    if (issue.code === 'invalid_key') {
      // a record's key broke its schema (too long, a control character …): say so, naming the key
      const shown = JSON.stringify(String(path[path.length - 1]));
      for (const d of issue.issues.map(describe))
        out.push({ path: pointer(...path), code: d.code, ...pick(message('bad-key', { shown, en: d.en, zh: d.zh })) });
      continue;
    }
    out.push({ path: pointer(...path), ...describe(issue) });
  }
  return out;
}

const pick = (m: { en: string; zh: string }) => ({ en: m.en, zh: m.zh });

function depth(errors: readonly ZodIssue[]): number {
  return Math.max(0, ...errors.map((e) => e.path.length + (e.code === 'invalid_type' ? 0 : 0.5)));
}

function received(issue: ZodIssue): string {
  const m = /received (\w+)/.exec(issue.message);
  if (m) return m[1];
  for (const e of (issue as { errors?: ZodIssue[][] }).errors?.flat() ?? []) {
    const n = /received (\w+)/.exec(e.message);
    if (n) return n[1];
  }
  return 'another type';
}

/** The code a zod issue of this kind has when its schema gave a message of its own but no code. */
function codeOf(issue: ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined/.test(issue.message) ? 'required' : 'wrong-type';
    case 'too_small':
      return issue.origin === 'array' || issue.origin === 'set' ? 'too-few' : issue.origin === 'string' ? 'too-short' : 'out-of-range';
    case 'too_big':
      return issue.origin === 'array' || issue.origin === 'set' ? 'too-many' : issue.origin === 'string' ? 'too-long' : 'out-of-range';
    case 'invalid_value':
      return 'not-one-of';
    case 'invalid_format':
      return 'wrong-format';
    case 'unrecognized_keys':
      return 'unknown-field';
    default:
      return FALLBACK_CODE;
  }
}

function describe(issue: ZodIssue): Coded {
  const params = (issue as { params?: { zh?: string; code?: string } }).params;
  // a message of the schema's own (zodMessage, or bilingual with a zod check): its code, else the check's kind
  if (params?.zh) return { code: params.code ?? codeOf(issue), en: issue.message, zh: params.zh };
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined/.test(issue.message)) return message('required', { expected: issue.expected });
      return message('wrong-type', { expected: issue.expected, got: received(issue) });
    case 'too_small':
      return issue.origin === 'array'
        ? message('too-few', { minimum: issue.minimum })
        : issue.origin === 'string'
          ? message('too-short', { minimum: issue.minimum })
          : message('out-of-range', { minimum: issue.minimum });
    case 'too_big':
      return issue.origin === 'array'
        ? message('too-many', { maximum: issue.maximum })
        : issue.origin === 'string'
          ? message('too-long', { maximum: issue.maximum })
          : message('out-of-range', { maximum: issue.maximum });
    case 'invalid_value':
      return message('not-one-of', { values: issue.values.map((v) => JSON.stringify(v)) });
    case 'invalid_union':
      if (issue.discriminator) {
        const options = ((issue as { options?: unknown[] }).options ?? []).map((v) => JSON.stringify(v));
        return message('not-one-of', { field: issue.discriminator, values: options });
      }
      return message('no-matching-form');
    case 'invalid_format': {
      // a schema's own English hint (a regex's message) is kept; zod keeps no Chinese for it
      const hint = /^Invalid\b/.test(issue.message) ? undefined : issue.message;
      return message('wrong-format', { format: issue.format, ...(hint ? { hint } : {}) });
    }
    default:
      return message('invalid', { message: issue.message });
  }
}
