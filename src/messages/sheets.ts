/**
 * Messages of the spreadsheet door (src/api/sheets/): a calculation asked as a GET whose query is the
 * request (formQuery.ts), a table of rows sent as the body, and ?errors=text.
 */
import type { Catalogue } from './catalogue.js';

const q = (name: string) => `?${name}`;

export const SHEETS = {
  'query-name-repeated': (p: { name: string }) => ({
    en: `${q(p.name)} is given more than once; give each name once (a list is written name.0, name.1, …).`,
    zh: `${q(p.name)} 出现了不止一次；每个参数名只能出现一次（列表请写成 name.0、name.1、…）。`,
  }),
  'query-names-conflict': (p: { name: string; other: string }) => ({
    en: `${q(p.name)} and ${q(p.other)} both set the same part of the request; keep one of them.`,
    zh: `${q(p.name)} 与 ${q(p.other)} 设置了请求中的同一部分；请只保留其中一个。`,
  }),
  'query-name-malformed': (p: { name: string }) => ({
    en: `${q(p.name)} is not a path into the request: its parts, between dots, must not be empty (e.g. overrides.weights.policy).`,
    zh: `${q(p.name)} 不是有效的请求字段路径：以点分隔的各部分不能为空（例如 overrides.weights.policy）。`,
  }),
  'query-index-gap': (p: { name: string; missing: string }) => ({
    en: `${q(p.name)} leaves a gap in a list: ${q(p.missing)} is not given; a list's items are numbered 0, 1, 2, … without gaps.`,
    zh: `${q(p.name)} 使列表出现空缺：缺少 ${q(p.missing)}；列表各项须从 0 起连续编号（0、1、2、…）。`,
  }),
  'query-index-too-large': (p: { name: string; maximum: number }) => ({
    en: `${q(p.name)}: a list index is at most ${p.maximum}.`,
    zh: `${q(p.name)}：列表序号最大为 ${p.maximum}。`,
  }),
  'query-value-not-json': (p: { name: string; reason: string }) => ({
    en: `${q(p.name)} starts like JSON ({, [ or ") but is not valid JSON (${p.reason}); write it as JSON, or without the leading character.`,
    zh: `${q(p.name)} 以 JSON 开头（{、[ 或 "）但不是有效的 JSON（${p.reason}）；请写成有效的 JSON，或去掉开头的该字符。`,
  }),
  'query-reference-invalid': (p: { name: string; shown: string; what: 'dataset' | 'scenario' }) => ({
    en: `${q(p.name)}=${p.shown} is not a ${p.what} reference: write ${q(p.name)}=<id> or ${q(p.name)}=<id>@<revision> (a whole number from 1).`,
    zh: `${q(p.name)}=${p.shown} 不是有效的${p.what === 'dataset' ? '数据集' : '方案'}引用：请写成 ${q(p.name)}=<编号> 或 ${q(p.name)}=<编号>@<修订版本号>（从 1 起的整数）。`,
  }),
  'query-revision-invalid': (p: { shown: string }) => ({
    en: `?revision=${p.shown}: a revision is a whole number from 1.`,
    zh: `?revision=${p.shown}：修订版本号须为从 1 起的整数。`,
  }),
  'query-revision-without-dataset': () => ({
    en: '?revision pins the revision of ?dataset: add ?dataset=<id>, or drop ?revision.',
    zh: '?revision 用于指定 ?dataset 的修订版本：请加上 ?dataset=<编号>，或去掉 ?revision。',
  }),
  'query-no-rows-spot': (p: { name: string; route: string }) => ({
    en: `${p.route} takes no rows by dataset, so ${q(p.name)} has nowhere to go; send its fields as query names or as a JSON body.`,
    zh: `${p.route} 不接受以数据集提供的数据行，${q(p.name)} 无处可用；请以查询参数或 JSON 请求体提供各字段。`,
  }),
  'query-rows-invalid': (p: { shown: string; kinds: readonly string[] }) => ({
    en: `?rows=${p.shown}: this route takes rows as ${p.kinds.map((k) => `rows=${k}`).join(' or ')}.`,
    zh: `?rows=${p.shown}：本接口的数据行只能是 ${p.kinds.map((k) => `rows=${k}`).join(' 或 ')}。`,
  }),
  'rows-given-twice': (p: { name: string }) => ({
    en: `the body's table already gives these rows; drop ${q(p.name)}.`,
    zh: `请求体中的表格已提供这些数据行；请去掉 ${q(p.name)}。`,
  }),
  'errors-option-invalid': (p: { shown: string }) => ({
    en: `?errors=${p.shown}: the one value is errors=text (a problem as one line of text, for a spreadsheet cell); drop ?errors for problem+json.`,
    zh: `?errors=${p.shown}：唯一可用的值为 errors=text（以一行文本给出问题，供表格单元格显示）；去掉 ?errors 则以 problem+json 返回。`,
  }),
  // refused by Node's HTTP parser before the app sees the request (src/node/clientError.ts)
  'url-not-encoded': () => ({
    en: 'the URL holds characters that are not percent-encoded (Chinese text, spaces …), so it cannot be read: percent-encode each value, e.g. with ENCODEURL(A1) in Excel or WPS (ENCODEURL in Google Sheets too).',
    zh: '网址中含有未经百分号编码的字符（中文、空格等），无法读取：请对每个取值进行百分号编码，例如在 Excel 或 WPS 中使用 ENCODEURL(A1)（Google 表格同样可用 ENCODEURL）。',
  }),
  'url-too-long': (p: { kilobytes: number }) => ({
    en: `the URL is too long (the request's first line and headers may hold ${p.kilobytes} KB): name the rows by a dataset id (?dataset=<id>) instead of writing them in the URL, or send the request as a POST with a JSON body.`,
    zh: `网址过长（请求行与请求头合计不得超过 ${p.kilobytes} KB）：请以数据集编号（?dataset=<编号>）引用数据行，而不是写在网址中；或改用 POST 以 JSON 请求体发送。`,
  }),
  'headers-too-large': (p: { kilobytes: number }) => ({
    en: `the request's headers are larger than ${p.kilobytes} KB: send fewer or shorter headers (a cookie of the site may have grown large).`,
    zh: `请求头超过 ${p.kilobytes} KB：请减少或缩短请求头（可能是网站的 Cookie 过大）。`,
  }),
  'request-unreadable': () => ({
    en: 'the request is not readable as HTTP/1.1 (its first line or a header is malformed).',
    zh: '无法按 HTTP/1.1 读取该请求（请求行或某个请求头格式有误）。',
  }),
} satisfies Catalogue;
