/**
 * RFC 9457 problem details. Every 4xx answer of the service is application/problem+json with the JSON
 * pointer of each offending field and a message, in English and Chinese, that says what to fix.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from '@hono/zod-openapi';
import { Issue, pointer } from '../core/errors.js';

export interface ProblemBody {
  type: string;
  title: string;
  title_zh: string;
  status: number;
  detail: string;
  detail_zh: string;
  errors?: { pointer: string; code: string; detail: string; detail_zh: string }[];
}

/** The kinds of problem, each with a page at /problems/{kind}. */
export const PROBLEMS = {
  'invalid-request': { status: 422, title: 'The request has invalid fields', title_zh: '请求中有无效字段' },
  'malformed-json': { status: 400, title: 'The body is not valid JSON', title_zh: '请求体不是有效的 JSON' },
  'unsupported-media-type': { status: 415, title: 'Send the body as application/json', title_zh: '请以 application/json 发送请求体' },
  'body-too-large': { status: 413, title: 'The request body is too large', title_zh: '请求体过大' },
  'no-plan': { status: 409, title: 'No plan to tabulate: the constraints cannot all hold', title_zh: '无可导出的方案：约束无法同时满足' },
  'not-found': { status: 404, title: 'No such resource', title_zh: '资源不存在' },
  'method-not-allowed': { status: 405, title: 'Method not allowed', title_zh: '不支持该请求方法' },
  busy: { status: 503, title: 'The solvers are busy: try again shortly', title_zh: '求解器繁忙，请稍后重试' },
  'internal-error': { status: 500, title: 'Internal error (a bug: please report it)', title_zh: '内部错误（程序缺陷，请报告）' },
} as const;
export type ProblemKind = keyof typeof PROBLEMS;

export const MALFORMED_JSON = {
  en: 'the body is empty or not valid JSON; check quotes, commas and brackets (a JSON object is expected).',
  zh: '请求体为空或不是有效的 JSON，请检查引号、逗号和括号（应为 JSON 对象）。',
};

export const UNSUPPORTED_MEDIA_TYPE = {
  en: 'send the body as JSON with the header Content-Type: application/json.',
  zh: '请以 JSON 格式发送请求体，并设置请求头 Content-Type: application/json。',
};

export function problemBody(kind: ProblemKind, detail: { en: string; zh: string }, issues?: readonly Issue[]): ProblemBody {
  const p = PROBLEMS[kind];
  return {
    type: `/problems/${kind}`,
    title: p.title,
    title_zh: p.title_zh,
    status: p.status,
    detail: detail.en,
    detail_zh: detail.zh,
    ...(issues && issues.length > 0
      ? { errors: issues.map((i) => ({ pointer: i.path || '/', code: i.code ?? 'invalid', detail: i.en, detail_zh: i.zh })) }
      : {}),
  };
}

export function problemResponse(body: ProblemBody, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers },
  });
}

export function problem(c: Context, kind: ProblemKind, detail: { en: string; zh: string }, issues?: readonly Issue[]) {
  const body = problemBody(kind, detail, issues);
  c.header('content-type', 'application/problem+json; charset=utf-8');
  return c.body(JSON.stringify(body), body.status as ContentfulStatusCode);
}

/** What each problem looks like, for the OpenAPI document: one example per status, not one for all. */
export const PROBLEM_EXAMPLES: Record<ProblemKind, ProblemBody> = {
  'invalid-request': problemBody(
    'invalid-request',
    {
      en: '/overrides/weights: the factor weights add up to 1.15, not 1; adjust them so they sum to exactly 1.',
      zh: '/overrides/weights：各因素权重之和为 1.15，不等于 1；请调整使其恰好为 1。',
    },
    [
      {
        path: '/overrides/weights',
        en: 'the factor weights add up to 1.15, not 1; adjust them so they sum to exactly 1.',
        zh: '各因素权重之和为 1.15，不等于 1；请调整使其恰好为 1。',
      },
    ],
  ),
  'malformed-json': problemBody('malformed-json', MALFORMED_JSON),
  'unsupported-media-type': problemBody('unsupported-media-type', UNSUPPORTED_MEDIA_TYPE),
  'body-too-large': problemBody('body-too-large', {
    en: 'the body exceeds 5 MB; split the request (e.g. by city) or drop unused indicators.',
    zh: '请求体超过 5 MB；请拆分请求（如按市分别请求）或删除未使用的指标。',
  }),
  'no-plan': problemBody('no-plan', {
    en: 'status infeasible: the 60% industry floor for central funds cannot be met: at most 54.3% is reachable with the projects in the library. Ask for JSON to see every relaxation.',
    zh: '状态 infeasible：中央资金产业发展比例不低于 60% 无法满足：现有项目库最多可达到 54.3%。以 JSON 格式请求可查看全部放宽建议。',
  }),
  'not-found': problemBody('not-found', {
    en: 'unknown allocation model "atlantis-2024"; use one of sichuan-2023, sichuan-2024 (GET /v1/models?kind=allocation) or send the model inline.',
    zh: '未知分配模型 "atlantis-2024"；可用模型：sichuan-2023、sichuan-2024（GET /v1/models?kind=allocation），或在请求中直接提供模型。',
  }),
  'method-not-allowed': problemBody('method-not-allowed', { en: 'use POST.', zh: '请使用 POST。' }),
  busy: problemBody('busy', {
    en: 'every solver is busy and 4 solves are waiting; try again in 5 seconds (see the Retry-After header).',
    zh: '所有求解器都在运行，另有 4 个求解在排队；请 5 秒后重试（见 Retry-After 响应头）。',
  }),
  'internal-error': problemBody('internal-error', {
    en: 'the service failed on this request; this is a bug, please report the request.',
    zh: '服务处理该请求时出错；这是程序缺陷，请报告该请求。',
  }),
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

/** 422 for a list of field issues, with a one-line summary. */
export function invalid(c: Context, issues: readonly Issue[]) {
  const n = issues.length;
  const first = issues[0];
  return problem(
    c,
    'invalid-request',
    {
      en: n === 1 ? `${first.path || '/'}: ${first.en}` : `${n} fields need attention; the first is ${first.path || '/'}: ${first.en}`,
      zh: n === 1 ? `${first.path || '/'}：${first.zh}` : `${n} 处字段需要修改；第一处 ${first.path || '/'}：${first.zh}`,
    },
    issues,
  );
}

/** A key the schema does not know (also "__proto__", refused by the body guard before any schema). */
export function unknownField(key: string): { en: string; zh: string } {
  return {
    en: `unknown field "${key}"; remove it or check its spelling (see /openapi.json).`,
    zh: `未知字段 "${key}"，请删除或检查拼写（参见 /openapi.json）。`,
  };
}

type ZodIssue = z.core.$ZodIssue;

/** Zod's issues as field issues with bilingual messages; unknown keys point at the key itself. */
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
      out.push(
        got === 'undefined'
          ? { path: pointer(...path), en: `this field is required (expected ${expected}).`, zh: `缺少必填字段（类型应为 ${expected}）。` }
          : { path: pointer(...path), en: `expected ${expected}, got ${got}.`, zh: `类型应为 ${expected}，实际为 ${got}。` },
      );
      continue;
    }
    if (issue.code === 'invalid_key') {
      // a record's key broke its schema (too long, a control character …): say so, naming the key
      const key = JSON.stringify(String(path[path.length - 1]));
      for (const d of issue.issues.map(describe)) out.push({ path: pointer(...path), en: `the key ${key}: ${d.en}`, zh: `键 ${key}：${d.zh}` });
      continue;
    }
    out.push({ path: pointer(...path), ...describe(issue) });
  }
  return out;
}

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

function describe(issue: ZodIssue): { en: string; zh: string; code?: string } {
  const params = (issue as { params?: { zh?: string; code?: string } }).params;
  if (params?.zh) return { en: issue.message, zh: params.zh, ...(params.code ? { code: params.code } : {}) };
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined/.test(issue.message)) {
        return { en: `this field is required (expected ${issue.expected}).`, zh: `缺少必填字段（类型应为 ${issue.expected}）。` };
      }
      return {
        en: `expected ${issue.expected}, got ${received(issue)}.`,
        zh: `类型应为 ${issue.expected}，实际为 ${received(issue)}。`,
      };
    case 'too_small':
      return issue.origin === 'array'
        ? { en: `needs at least ${issue.minimum} item(s).`, zh: `至少需要 ${issue.minimum} 项。` }
        : issue.origin === 'string'
          ? { en: `must not be empty (at least ${issue.minimum} characters).`, zh: `不能为空（至少 ${issue.minimum} 个字符）。` }
          : { en: `must be at least ${issue.minimum}.`, zh: `不能小于 ${issue.minimum}。` };
    case 'too_big':
      return issue.origin === 'array'
        ? { en: `at most ${issue.maximum} item(s) allowed.`, zh: `最多允许 ${issue.maximum} 项。` }
        : issue.origin === 'string'
          ? { en: `too long: at most ${issue.maximum} characters.`, zh: `过长：最多 ${issue.maximum} 个字符。` }
          : { en: `must be at most ${issue.maximum}.`, zh: `不能大于 ${issue.maximum}。` };
    case 'invalid_value':
      return {
        en: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}.`,
        zh: `取值必须是 ${issue.values.map((v) => JSON.stringify(v)).join('、')} 之一。`,
      };
    case 'invalid_union':
      if (issue.discriminator) {
        const options = ((issue as { options?: unknown[] }).options ?? []).map((v) => JSON.stringify(v)).join(', ');
        return {
          en: `"${issue.discriminator}" must be one of ${options}.`,
          zh: `"${issue.discriminator}" 必须是 ${options} 之一。`,
        };
      }
      return { en: 'this value matches none of the accepted forms.', zh: '该值不符合任何一种允许的格式。' };
    case 'invalid_format':
      return { en: `${issue.message} (format ${issue.format}).`, zh: `格式不正确（${issue.format}）。` };
    default:
      return { en: issue.message, zh: '字段无效：' + issue.message };
  }
}

/** What a decimal field holds: any decimal, an amount of money (never negative), or a share between 0 and 1. */
export type DecimalKind = 'decimal' | 'amount' | 'positive' | 'fraction';

const UNIT_WORDS = /[万元亿千百角分圆块]|yuan|wan|rmb|cny|¥|￥/i;

/**
 * Why a value is not a decimal the service reads, said specifically in both languages: what was wrong
 * and how to write it ("5,000" → write 5000; "5万" → the unit goes in `unit`; "60%" → "0.6" …).
 * `kind` tunes the advice (a percent is fine as a share, not as an amount).
 */
export function decimalProblem(value: string | number, kind: DecimalKind = 'decimal'): { en: string; zh: string } {
  const example = kind === 'fraction' ? '"0.9"' : '"1134.50"';
  if (typeof value === 'number') {
    return { en: `${value} is not a finite number; give a decimal such as ${example}.`, zh: `${value} 不是有限数值；请填写十进制数，如 ${example}。` };
  }
  const shown = JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (value.trim() === '') return { en: `is empty; give a number such as ${example}.`, zh: `为空；请填写数值，如 ${example}。` };
  if (value.trim() !== value) {
    return {
      en: `${shown} has spaces around it; write ${JSON.stringify(value.trim())} without spaces (the service does not trim input).`,
      zh: `${shown} 前后有空格；请写成 ${JSON.stringify(value.trim())}，不带空格（本服务不自动去除空格）。`,
    };
  }
  if (/^[+-]?(nan|inf(inity)?)$/i.test(value)) {
    return { en: `${shown} is not a number; give a finite decimal such as ${example}.`, zh: `${shown} 不是有效数值；请填写有限的十进制数，如 ${example}。` };
  }
  if (/[%％‰]/.test(value)) {
    return kind === 'fraction'
      ? percentProblem(value, shown)
      : {
          en: `${shown} is a percentage, but a number is expected here; give the number itself, e.g. ${example}.`,
          zh: `${shown} 是百分数，此处应填写数值本身，如 ${example}。`,
        };
  }
  if (UNIT_WORDS.test(value)) {
    return {
      en: `${shown} has a unit inside the number; give the number only (e.g. "5"): the unit goes in \`unit\` ("yuan" or "wan").`,
      zh: `${shown} 的数值中带有单位；请只填写数字（如 "5"），单位填在 \`unit\` 字段（"yuan" 元或 "wan" 万元）。`,
    };
  }
  if (/^[+-]?\d{1,3}([,，]\d{3})+(\.\d+)?$/.test(value)) {
    const plain = value.replace(/[,，]/g, '');
    return { en: `${shown} has thousands separators; write ${plain} without separators.`, zh: `${shown} 带有千位分隔符；请写成 ${plain}，不带分隔符。` };
  }
  if (/^[+-]?\d+[,，]\d+$/.test(value)) {
    return {
      en: `${shown} uses a comma as decimal point; write ${value.replace(/[,，]/, '.')} with a dot.`,
      zh: `${shown} 使用逗号作小数点；请写成 ${value.replace(/[,，]/, '.')}，使用英文句点。`,
    };
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(value)) {
    return {
      en: `${shown} is out of range (exponents beyond ±40 are refused); write the number in plain digits, e.g. ${example}.`,
      zh: `${shown} 超出范围（指数超过 ±40 不予接受）；请用普通数字书写，如 ${example}。`,
    };
  }
  if (/[０-９．－]/.test(value)) {
    return { en: `${shown} has full-width characters; write it with ASCII digits and "." e.g. ${example}.`, zh: `${shown} 含全角字符；请使用半角数字和小数点书写，如 ${example}。` };
  }
  return {
    en: `${shown} is not a decimal number; write digits with an optional "-" and "." only, e.g. ${example} (no separators, units or letters).`,
    zh: `${shown} 不是十进制数；只能包含数字、可选的 "-" 和 "."，如 ${example}（不能带分隔符、单位或字母）。`,
  };
}

/**
 * Why a share written with a percent sign is not one the service reads: a share takes "60%" (a plain
 * decimal, then exactly one ASCII % at the end) or "0.6"; say what to change in this one.
 */
function percentProblem(value: string, shown: string): { en: string; zh: string } {
  const bare = value.replace(/[\s%％‰]/g, '');
  const fix = /^[+-]?(\d+(\.\d+)?)$/.test(bare) ? `"${bare}%"` : '"60%"';
  const [en, zh] = /‰/.test(value)
    ? ['is per mille (‰); write the share as a percentage or a fraction', '是千分数（‰）；请写成百分数或小数比例']
    : /％/.test(value)
      ? ['uses a full-width ％; write the ASCII % sign', '使用了全角 ％；请使用半角 % 号']
      : /\s%/.test(value)
        ? ['has a space before %; write the number and % together', '% 前有空格；数字与 % 之间不能有空格']
        : /%.*%/.test(value)
          ? ['has more than one % sign; write exactly one, at the end', '含有多个 % 号；只能在末尾写一个']
          : /^[+-]?%/.test(value) || /%./.test(value)
            ? ['has the % sign before or inside the number; write it after the number', '% 号写在了数字前面或中间；请写在数字之后']
            : ['is not a percentage the service reads; write a decimal then one %', '不是可识别的百分数；请写成十进制数后加一个 %'];
  return { en: `${shown} ${en}, e.g. ${fix} (or the fraction, e.g. "0.6" for 60%).`, zh: `${shown} ${zh}，如 ${fix}（或写成小数比例，如 60% 写作 "0.6"）。` };
}

/** What may need a closer look: spaces at an end, controls, bidi marks, any surrogate (pairs are fine). */
const SUSPECT = /^\s|\s$|[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/;

/** Characters no id or name may hold: C0/C1 controls, bidi embedding/override/isolate marks, lone surrogates. */
const UNSAFE_CHAR = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why a text cannot be an id or a name, or undefined: ids and names are echoed into tables, spreadsheets
 * and messages, where a NUL, a right-to-left override or a broken surrogate would garble or disguise them;
 * spaces around them would be a silent difference between two ids that look the same.
 */
export function textProblem(text: string): { en: string; zh: string } | undefined {
  if (!SUSPECT.test(text)) return undefined; // the common case, in one cheap test
  if (/^\s|\s$/.test(text)) {
    return {
      en: `has spaces around it; write ${JSON.stringify(text.trim())} (the service does not trim input).`,
      zh: `前后有空格；请写成 ${JSON.stringify(text.trim())}（本服务不自动去除空格）。`,
    };
  }
  const m = UNSAFE_CHAR.exec(text);
  if (m) {
    const c = m[0].charCodeAt(0);
    const code = 'U+' + c.toString(16).toUpperCase().padStart(4, '0');
    const [en, zh] =
      c >= 0xd800 && c <= 0xdfff
        ? ['a lone surrogate', '孤立的代理项（损坏的 UTF-16）']
        : c >= 0x202a
          ? ['a bidirectional-text control mark', '双向文本控制符']
          : ['the control character', '控制字符'];
    return {
      en: `holds ${en} ${code} at position ${m.index}; remove it (ids and names may not hold control characters, bidi marks or broken Unicode).`,
      zh: `在第 ${m.index} 个字符处含有${zh} ${code}；请删除（标识和名称不能包含控制字符、双向文本控制符或损坏的 Unicode）。`,
    };
  }
  return undefined;
}
