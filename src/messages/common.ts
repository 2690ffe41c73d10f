/**
 * Messages every route may give: the request as a whole (its body, its media type, its size, its depth),
 * the shapes every schema shares (types, required fields, lengths, enums), decimals and shares (the number
 * grammar), ids and names, query options, models, and the problems that are not about a field (404, 405 …).
 * A value echoed in a message is passed already quoted (`shown`), so control characters in it stay visible.
 */
import type { Catalogue } from './catalogue.js';

/** A value as a JSON string, so control characters and quotes in it stay visible. */
const quote = (value: unknown) => JSON.stringify(String(value));

/** The model kinds (src/api/models/catalog.ts MODEL_KINDS) in Chinese. */
const KIND_NAMES_ZH = {
  allocation: '分配',
  evaluation: '绩效评价',
  monitoring: '支出进度监测',
  points: '计分排名',
  'industry-share': '产业发展比例',
  projects: '项目库规则',
} as const;

/** A list of ids or values, written for a sentence in each language. */
const list = (items: readonly string[], en = ', ', zh = '、') => ({ en: items.join(en), zh: items.join(zh) });

/** zod's type names in Chinese: a Chinese detail never carries an English type word. */
const TYPE_ZH: Record<string, string> = {
  number: '数字',
  string: '文本',
  object: '对象',
  array: '列表',
  boolean: '布尔值（true 或 false）',
  null: '空值（null）',
  bigint: '整数',
  integer: '整数',
  int: '整数',
  date: '日期',
  undefined: '未填写',
  unknown: '任意值',
  'another type': '其他类型',
};

/**
 * A schema's type name as a planner reads it: "record" (zod's word for an object of named values) becomes
 * what to write; the others (string, number, object, array, boolean, and "number or string") stay as they
 * are in English and are translated in Chinese (数字或文本).
 */
function typeWords(expected: string): { en: string; zh: string } {
  const record = { en: 'an object of named values, like {"poverty": 52000}', zh: '以名称为键的对象，如 {"poverty": 52000}' };
  const parts = String(expected).split(' or ');
  return {
    en: parts.map((t) => (t === 'record' ? record.en : t)).join(' or '),
    zh: parts.map((t) => (t === 'record' ? record.zh : (TYPE_ZH[t] ?? t))).join('或'),
  };
}

export const COMMON = {
  // ── the request as a whole ──
  'malformed-json': () => ({
    en: 'the body is empty or not valid JSON; check quotes, commas and brackets (a JSON object is expected).',
    zh: '请求体为空或不是有效的 JSON，请检查引号、逗号和括号（应为 JSON 对象）。',
  }),
  // a calculation route names everything it takes (`tables`: it also takes a table of rows), and what came
  'unsupported-media-type': (p: { got?: string; tables?: boolean } = {}) =>
    p.got === undefined
      ? {
          en: 'send the body as JSON with the header Content-Type: application/json.',
          zh: '请以 JSON 格式发送请求体，并设置请求头 Content-Type: application/json。',
        }
      : {
          en: `this route takes JSON (Content-Type: application/json, or text/plain whose text is JSON)${p.tables ? ', or a table of rows: CSV (text/csv), TSV (text/tab-separated-values) or an .xlsx workbook (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)' : ''}; not ${quote(p.got)}.`,
          zh: `本接口接受 JSON（Content-Type: application/json，或内容为 JSON 的 text/plain）${p.tables ? '，或数据行表格：CSV（text/csv）、TSV（text/tab-separated-values）或 .xlsx 工作簿（application/vnd.openxmlformats-officedocument.spreadsheetml.sheet）' : ''}；不接受 ${quote(p.got)}。`,
        },
  'body-too-large': (p: { megabytes?: number }) =>
    p.megabytes === undefined
      ? { en: 'the body is too large.', zh: '请求体过大。' }
      : {
          en: `the body exceeds ${p.megabytes} MB; split the request (e.g. by city) or drop unused indicators.`,
          zh: `请求体超过 ${p.megabytes} MB；请拆分请求（如按市分别请求）或删除未使用的指标。`,
        },
  'too-deep': (p: { depth: number }) => ({
    en: `the body is nested more than ${p.depth} levels deep here; no request needs that many (the limit is ${p.depth}): flatten it.`,
    zh: `请求体在此处嵌套超过 ${p.depth} 层；正常请求不需要这么深（上限 ${p.depth} 层），请减少嵌套。`,
  }),
  'inexact-number': (p: { shown: string; read: string }) => ({
    en: `the number ${p.shown} cannot be held exactly: it would be read as ${p.read}. Send it as a decimal string in quotes (e.g. "${p.shown}") where the field takes one, or round it; numbers are never rounded silently.`,
    zh: `数值 ${p.shown} 无法精确保存：会被读作 ${p.read}。请在该字段接受字符串时以带引号的十进制字符串发送（如 "${p.shown}"），或自行取整；本服务不会静默舍入数值。`,
  }),
  'not-found': (p: { method: string; path: string }) => ({
    en: `nothing at ${p.method} ${p.path}; see /docs for the routes.`,
    zh: `${p.method} ${p.path} 不存在；可用接口见 /docs。`,
  }),
  'unknown-problem-type': (p: { shown: string }) => ({
    en: `no problem type ${p.shown}.`,
    zh: `没有问题类型 ${p.shown}。`,
  }),
  'method-not-allowed': (p: { method: string; path: string; allowed: readonly string[] }) => ({
    en: `${p.path} does not answer ${p.method}; use ${list(p.allowed, ' or ').en}.`,
    zh: `${p.path} 不支持 ${p.method} 方法；请使用 ${list(p.allowed, '', ' 或 ').zh}。`,
  }),
  /** The one-line summary of a 422 (its detail); each issue keeps its own code. */
  'invalid-request': (p: { count: number; pointer: string; en: string; zh: string }) =>
    p.count === 1
      ? { en: `${p.pointer}: ${p.en}`, zh: `${p.pointer}：${p.zh}` }
      : { en: `${p.count} fields need attention; the first is ${p.pointer}: ${p.en}`, zh: `${p.count} 处字段需要修改；第一处 ${p.pointer}：${p.zh}` },
  'internal-error': () => ({
    en: 'the service failed on this request; this is a bug, please report the request.',
    zh: '服务处理该请求时出错；这是程序缺陷，请报告该请求。',
  }),

  // ── shapes (zod's issues, src/api/problem.ts fromZod) ──
  'unknown-field': (p: { shown: string }) => ({
    en: `unknown field ${p.shown}; remove it or check its spelling (see /openapi.json).`,
    zh: `未知字段 ${p.shown}，请删除或检查拼写（参见 /openapi.json）。`,
  }),
  required: (p: { expected: string }) => ({
    en: `this field is required (expected ${typeWords(p.expected).en}).`,
    zh: `缺少必填字段（类型应为${typeWords(p.expected).zh}）。`,
  }),
  'wrong-type': (p: { expected: string; got: string }) => ({
    en: `expected ${typeWords(p.expected).en}, got ${p.got}.`,
    zh: `类型应为${typeWords(p.expected).zh}，实际为${typeWords(p.got).zh}。`,
  }),
  'no-matching-form': () => ({ en: 'this value matches none of the accepted forms.', zh: '该值不符合任何一种允许的格式。' }),
  /** `got` (the value sent, when known) lets it say a near miss: only the case or spaces around differ. */
  'not-one-of': (p: { field?: string; values: readonly string[]; got?: string }) => {
    const near = nearMiss(p.values, p.got);
    const en = p.field === undefined ? `must be one of ${list(p.values).en}` : `"${p.field}" must be one of ${list(p.values).en}`;
    const zh = p.field === undefined ? `取值必须是 ${list(p.values).zh} 之一` : `"${p.field}" 必须是 ${list(p.values).zh} 之一`;
    return near ? { en: `${near.en}; ${en}.`, zh: `${near.zh}；${zh}。` } : { en: `${en}.`, zh: `${zh}。` };
  },
  'too-few': (p: { minimum: number | bigint }) => ({ en: `needs at least ${p.minimum} item(s).`, zh: `至少需要 ${p.minimum} 项。` }),
  'too-many': (p: { maximum: number | bigint }) => ({ en: `at most ${p.maximum} item(s) allowed.`, zh: `最多允许 ${p.maximum} 项。` }),
  'too-short': (p: { minimum: number | bigint }) => ({
    en: `must not be empty (at least ${p.minimum} characters).`,
    zh: `不能为空（至少 ${p.minimum} 个字符）。`,
  }),
  'too-long': (p: { maximum: number | bigint }) => ({ en: `too long: at most ${p.maximum} characters.`, zh: `过长：最多 ${p.maximum} 个字符。` }),
  'out-of-range': (p: { minimum?: number | bigint | string; maximum?: number | bigint | string }) =>
    p.minimum !== undefined
      ? { en: `must be at least ${p.minimum}.`, zh: `不能小于 ${p.minimum}。` }
      : { en: `must be at most ${p.maximum}.`, zh: `不能大于 ${p.maximum}。` },
  // a pattern (regex) is not a word for a planner: the field's description in /openapi.json says the form
  'wrong-format': (p: { format: string; hint?: string }) =>
    p.format === 'regex'
      ? {
          en: p.hint ? `${p.hint}.` : 'is not in the form this field takes (see its description in /openapi.json).',
          zh: '格式不正确（该字段的格式见 /openapi.json 中的说明）。',
        }
      : {
          en: p.hint ? `${p.hint} (format ${p.format}).` : `is not in the expected format (${p.format}).`,
          zh: `格式不正确（${p.format}）。`,
        },
  'bad-key': (p: { shown: string; en: string; zh: string }) => ({ en: `the key ${p.shown}: ${p.en}`, zh: `键 ${p.shown}：${p.zh}` }),
  invalid: (p: { message: string }) => ({ en: String(p.message), zh: '字段无效：' + String(p.message) }),

  // ── the number grammar (decimals, amounts, shares) ──
  'not-finite': (p: { shown: string; example: string }) => ({
    en: `${p.shown} is not a number; give a finite decimal such as ${p.example}.`,
    zh: `${p.shown} 不是有效数值；请填写有限的十进制数，如 ${p.example}。`,
  }),
  'empty-string': (p: { example: string }) => ({
    en: `is empty; give a number such as ${p.example}.`,
    zh: `为空；请填写数值，如 ${p.example}。`,
  }),
  'spaces-around': (p: { shown: string; trimmed: string }) => ({
    en: `${p.shown} has spaces around it; write ${p.trimmed} without spaces (the service does not trim input).`,
    zh: `${p.shown} 前后有空格；请写成 ${p.trimmed}，不带空格（本服务不自动去除空格）。`,
  }),
  'percent-not-amount': (p: { shown: string; example: string }) => ({
    en: `${p.shown} is a percentage, but a number is expected here; give the number itself, e.g. ${p.example}.`,
    zh: `${p.shown} 是百分数，此处应填写数值本身，如 ${p.example}。`,
  }),
  'percent-format': (p: { shown: string; fix: string; problem: 'per-mille' | 'full-width' | 'space' | 'several' | 'misplaced' | 'other' }) => {
    const why = PERCENT_PROBLEMS[p.problem] ?? PERCENT_PROBLEMS.other;
    return {
      en: `${p.shown} ${why.en}, e.g. ${p.fix} (or the fraction, e.g. "0.6" for 60%).`,
      zh: `${p.shown} ${why.zh}，如 ${p.fix}（或写成小数比例，如 60% 写作 "0.6"）。`,
    };
  },
  'unit-in-number': (p: { shown: string }) => ({
    en: `${p.shown} has a unit inside the number; give the number only (e.g. "5"): the unit goes in \`unit\` ("yuan" or "wan").`,
    zh: `${p.shown} 的数值中带有单位；请只填写数字（如 "5"），单位填在 \`unit\` 字段（"yuan" 元或 "wan" 万元）。`,
  }),
  'chinese-numerals': (p: { shown: string; digits?: string }) => ({
    en: `${p.shown} is written in Chinese numerals; write it in Arabic digits${p.digits ? `: ${p.digits}` : ', e.g. 5000'}.`,
    zh: `${p.shown} 使用了中文数字；请用阿拉伯数字书写，如 ${p.digits ?? '5000'}。`,
  }),
  'thousands-separator': (p: { shown: string; plain: string }) => ({
    en: `${p.shown} has thousands separators; write ${p.plain} without separators.`,
    zh: `${p.shown} 带有千位分隔符；请写成 ${p.plain}，不带分隔符。`,
  }),
  'decimal-comma': (p: { shown: string; dotted: string }) => ({
    en: `${p.shown} uses a comma as decimal point; write ${p.dotted} with a dot.`,
    zh: `${p.shown} 使用逗号作小数点；请写成 ${p.dotted}，使用英文句点。`,
  }),
  'exponent-out-of-range': (p: { shown: string; example: string }) => ({
    en: `${p.shown} is out of range (exponents beyond ±40 are refused); write the number in plain digits, e.g. ${p.example}.`,
    zh: `${p.shown} 超出范围（指数超过 ±40 不予接受）；请用普通数字书写，如 ${p.example}。`,
  }),
  'full-width-digits': (p: { shown: string; example: string }) => ({
    en: `${p.shown} has full-width characters; write it with ASCII digits and "." e.g. ${p.example}.`,
    zh: `${p.shown} 含全角字符；请使用半角数字和小数点书写，如 ${p.example}。`,
  }),
  'not-a-decimal': (p: { shown: string; example: string }) => ({
    en: `${p.shown} is not a decimal number; write digits with an optional "-" and "." only, e.g. ${p.example} (no separators, units or letters).`,
    zh: `${p.shown} 不是十进制数；只能包含数字、可选的 "-" 和 "."，如 ${p.example}（不能带分隔符、单位或字母）。`,
  }),
  'number-not-finite': (p: { shown: string; example: string }) => ({
    en: `${p.shown} is not a finite number; give a decimal such as ${p.example}.`,
    zh: `${p.shown} 不是有限数值；请填写十进制数，如 ${p.example}。`,
  }),
  'not-positive': () => ({ en: 'must be greater than 0.', zh: '必须大于 0。' }),
  negative: () => ({ en: 'must not be negative.', zh: '不能为负数。' }),
  'share-out-of-range': () => ({
    en: 'must be a share between 0 and 1, e.g. "0.9" or "90%".',
    zh: '必须是 0 到 1 之间的比例，例如 "0.9" 或 "90%"。',
  }),
  'granularity-too-fine': (p: { decimals: number }) => ({
    en: `is finer than 10^-${p.decimals} of the unit (at most ${p.decimals} decimals); use e.g. "0.01" (a cent of a 万元 is "0.000001").`,
    zh: `小于单位的 10^-${p.decimals}（最多 ${p.decimals} 位小数）；请使用如 "0.01"（万元的一分为 "0.000001"）。`,
  }),
  'not-whole-granules': (p: { amount: string; granularity: string }) => ({
    en: `${p.amount} is not a whole multiple of the granularity ${p.granularity}; round it or choose a finer granularity.`,
    zh: `${p.amount} 不是分配粒度 ${p.granularity} 的整数倍；请先取整或选用更细的粒度。`,
  }),

  // ── ids and names ──
  'control-character': (p: { what: 'surrogate' | 'bidi' | 'control'; codePoint: string; position: number }) => {
    const what = CONTROL_KINDS[p.what] ?? CONTROL_KINDS.control;
    return {
      en: `holds ${what.en} ${p.codePoint} at position ${p.position}; remove it (ids and names may not hold control characters, bidi marks or broken Unicode).`,
      zh: `在第 ${p.position} 个字符处含有${what.zh} ${p.codePoint}；请删除（标识和名称不能包含控制字符、双向文本控制符或损坏的 Unicode）。`,
    };
  },
  'text-spaces-around': (p: { trimmed: string }) => ({
    en: `has spaces around it; write ${p.trimmed} (the service does not trim input).`,
    zh: `前后有空格；请写成 ${p.trimmed}（本服务不自动去除空格）。`,
  }),
  'duplicate-id': (p: { id: string; first?: string }) => ({
    en: `the id ${p.id} is used twice${p.first ? ` (first at ${p.first})` : ''}; ids must be unique in their list.`,
    zh: `编号 ${p.id} 重复${p.first ? `（首次出现于 ${p.first}）` : ''}；同一列表中的编号必须唯一。`,
  }),

  'unknown-reference': (p: { id: string; what: string; what_zh: string; list: string }) => ({
    en: `no ${p.what} ${quote(p.id)} in ${p.list}; use the id of one listed there.`,
    zh: `${p.list} 中没有${p.what_zh} ${quote(p.id)}；请使用其中列出的编号。`,
  }),

  // ── models ──
  'unknown-model': (p: { kind: string; id: string; known: string | readonly string[]; put?: boolean }) => {
    const known = typeof p.known === 'string' ? p.known.split(', ') : p.known;
    const zh = KIND_NAMES_ZH[p.kind as keyof typeof KIND_NAMES_ZH] ?? p.kind;
    // PUT /v1/models/{kind}/{id} changes a saved model that exists: a new id is made by POST
    if (p.put)
      return {
        en: `no saved ${p.kind} model ${quote(p.id)} exists here to change (never saved, deleted, or private to another workspace): POST /v1/models/${p.kind} with the model to create it.`,
        zh: `此处不存在可修改的已保存${zh}模型 ${quote(p.id)}（从未保存、已删除或属于其他工作空间）：请以 POST /v1/models/${p.kind} 提交模型以创建。`,
      };
    return {
      en: `unknown ${p.kind} model ${quote(p.id)}; use one of ${list(known).en} (GET /v1/models?kind=${p.kind}) or send the model inline.`,
      zh: `未知${zh}模型 ${quote(p.id)}；可用模型：${list(known).zh}（GET /v1/models?kind=${p.kind}），或在请求中直接提供模型。`,
    };
  },
  'bad-model-id': () => ({
    en: 'use lowercase letters, digits and hyphens, e.g. "sichuan-2024".',
    zh: '只能使用小写字母、数字和连字符，例如 "sichuan-2024"。',
  }),
  'unknown-model-kind': (p: { shown: string; kinds: readonly string[] }) => ({
    en: `unknown kind of model ${p.shown}; the kinds are ${list(p.kinds).en} (GET /v1/models lists every model).`,
    zh: `未知模型类型 ${p.shown}；模型类型为 ${list(p.kinds).zh}（GET /v1/models 列出全部模型）。`,
  }),

  // ── query options (src/api/queryOptions.ts) ──
  /**
   * A name that is not an option of the route: its options (never "all it takes": a GET form also takes the
   * request's fields by name, `form`), and where a better name exists, which (`better`).
   */
  'unknown-query-parameter': (p: {
    name: string;
    accepted: readonly string[];
    form?: boolean;
    better?: 'rows-are-regions' | 'rows-are-projects' | 'one-table';
  }) => {
    const hint = p.better ? QUERY_HINTS[p.better] : undefined;
    const head = {
      en: `?${p.name} is not an option of this route${hint ? `: ${hint.en}` : ''}`,
      zh: `?${p.name} 不是本接口的选项${hint ? `：${hint.zh}` : ''}`,
    };
    if (p.accepted.length === 0) return { en: `${head.en}; it takes no query parameters.`, zh: `${head.zh}；本接口不接受查询参数。` };
    const options = list(p.accepted.map((k) => `?${k}`));
    const form = p.form
      ? { en: "; a GET form also takes the request's fields by name (see /docs)", zh: '；GET 形式还接受以名称给出的请求字段（见 /docs）' }
      : { en: '', zh: '' };
    return { en: `${head.en}. Its options: ${options.en}${form.en}.`, zh: `${head.zh}。可用选项：${options.zh}${form.zh}。` };
  },
  'no-trace': () => ({
    en: 'this route has no trace to explain its answer; drop ?explain (its rows already say how each value was found).',
    zh: '本接口没有可展示的计算过程；请去掉 ?explain（各行已说明每个数值的由来）。',
  }),
  'no-trace-for-kind': (p: { en: string; zh: string }) => ({
    en: `${p.en} has no trace; drop ?explain (the trace is given for regions solved by the direct method).`,
    zh: `${p.zh}没有计算过程；请去掉 ?explain（计算过程仅用于按直接法求解的地区分配）。`,
  }),
  'trace-json-only': (p: { format: string }) => ({
    en: `the trace is JSON only: drop ?explain or ask for format=json (format=${p.format} gives ${p.format === 'value' ? 'one cell' : 'the rows'} without it).`,
    zh: `计算过程仅以 JSON 提供：请去掉 ?explain，或使用 format=json（format=${p.format} ${p.format === 'value' ? '只给出一个单元格的值' : '只给出数据行'}）。`,
  }),
  'table-needs-csv': () => ({
    en: '?table picks the table for format=csv, tsv, xlsx, xml or value; JSON holds every table: add format=csv or drop ?table.',
    zh: '?table 用于选择 format=csv、tsv、xlsx、xml 或 value 导出的表；JSON 已包含全部表：请加上 format=csv 或去掉 ?table。',
  }),
  'region-needs-explain': () => ({
    en: "?region narrows the trace to one region: add explain=true (or, for one cell of a region's row, format=value&column=<id>; or drop ?region).",
    zh: '?region 用于只查看一个地区的计算过程：请加上 explain=true（或用 format=value&column=<编号> 取该地区一行中的单元格；或去掉 ?region）。',
  }),
  'unknown-region': (p: { id: string; known?: readonly string[] }) => ({
    en: `no region "${p.id}" in this request${p.known?.length ? `; its regions are ${someIds(p.known).en}` : ''}: give the id of one of the request's regions.`,
    zh: `本请求中没有地区 "${p.id}"${p.known?.length ? `（请求中的地区为 ${someIds(p.known).zh}）` : ''}：请填写请求中某个地区的编号。`,
  }),

  // ── rules that cannot all hold (docs/contract.md § Errors): one error per rule that must give, on every route ──
  'constraints-cannot-hold': (p: { rule: { readonly en: string; readonly zh: string } }) => ({
    en: `the rules cannot all hold together: ${p.rule.en}.`,
    zh: `各项规则无法同时满足：${p.rule.zh}。`,
  }),
} satisfies Catalogue;

const QUERY_HINTS = {
  'rows-are-regions': { en: 'its rows are regions, use ?region=<id>', zh: '本接口的行是地区，请用 ?region=<编号>' },
  'rows-are-projects': { en: 'its rows are projects, use ?project=<id>', zh: '本接口的行是项目，请用 ?project=<编号>' },
  'one-table': { en: 'this route has one table, drop ?table', zh: '本接口只有一张表，请去掉 ?table' },
} as const;

const PERCENT_PROBLEMS = {
  'per-mille': { en: 'is per mille (‰); write the share as a percentage or a fraction', zh: '是千分数（‰）；请写成百分数或小数比例' },
  'full-width': { en: 'uses a full-width ％; write the ASCII % sign', zh: '使用了全角 ％；请使用半角 % 号' },
  space: { en: 'has a space before %; write the number and % together', zh: '% 前有空格；数字与 % 之间不能有空格' },
  several: { en: 'has more than one % sign; write exactly one, at the end', zh: '含有多个 % 号；只能在末尾写一个' },
  misplaced: { en: 'has the % sign before or inside the number; write it after the number', zh: '% 号写在了数字前面或中间；请写在数字之后' },
  other: { en: 'is not a percentage the service reads; write a decimal then one %', zh: '不是可识别的百分数；请写成十进制数后加一个 %' },
} as const;

const CONTROL_KINDS = {
  surrogate: { en: 'a lone surrogate', zh: '孤立的代理项（损坏的 UTF-16）' },
  bidi: { en: 'a bidirectional-text control mark', zh: '双向文本控制符' },
  control: { en: 'the control character', zh: '控制字符' },
} as const;

/** The first ten of a list of ids, and how many there are in all, in each language (a request may hold thousands). */
export function someIds(ids: readonly string[]): { en: string; zh: string } {
  if (ids.length <= 10) return { en: ids.join(', '), zh: ids.join('、') };
  const first = ids.slice(0, 10);
  return { en: `${first.join(', ')} … (${ids.length} in all)`, zh: `${first.join('、')} ……（共 ${ids.length} 个）` };
}

/**
 * A value that is one of the allowed ones but for its case or the spaces around it ("VALUE", "wan "): what
 * to change, in each language; undefined when it is further off. `values` come quoted (JSON).
 */
function nearMiss(values: readonly string[], got: string | undefined): { en: string; zh: string } | undefined {
  if (got === undefined) return undefined;
  const allowed = new Set(values);
  const trimmed = got.trim();
  if (trimmed !== got && allowed.has(JSON.stringify(trimmed)))
    return {
      en: `${quote(got)} has spaces around it: remove the spaces (${quote(trimmed)})`,
      zh: `${quote(got)} 前后有空格：请去掉空格（${quote(trimmed)}）`,
    };
  const lower = trimmed.toLowerCase();
  if (lower !== got && allowed.has(JSON.stringify(lower))) {
    const spaces = trimmed !== got ? { en: ' and remove the spaces', zh: '并去掉前后空格' } : { en: '', zh: '' };
    return { en: `use lower case${spaces.en}: ${quote(lower)}`, zh: `请用小写字母${spaces.zh}：${quote(lower)}` };
  }
  return undefined;
}
