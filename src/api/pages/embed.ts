/**
 * GET /embed?dataset=…&total=…: a bare page holding one <fund-allocator>, for portals whose editors strip
 * scripts but allow an iframe. Its attributes come from the query, only the element's own (escaped when the
 * page is written); anything else in the query is named in a note on the page, never written into the element.
 * The page tells its parent its height on every resize ({type: 'fund-allocator:height', height}) and takes a
 * save token from its parent only ({type: 'fund-allocator:token', token}); it also says when it is ready to
 * take one ({type: 'fund-allocator:ready'}) and when a scenario was saved ({type: 'fund-allocator:saved', id}).
 * Any site may frame it.
 */
import { attributes, escapeHtml, WIDGET_SCRIPT } from './html.js';

/** The element's attributes a query may set (issue 14's contract), in the order they are written. */
export const EMBED_ATTRIBUTES = ['dataset', 'revision', 'scenario', 'model', 'total', 'unit', 'weights', 'lang', 'region'] as const;

/** A value longer than this is no attribute of the widget: noted, not written. */
export const MAX_VALUE_LENGTH = 2000;

export interface Note {
  readonly en: string;
  readonly zh: string;
}

/** Parameters of the element that are not taken from an address, and why. */
const REFUSED: Record<string, Note> = {
  token: {
    en: 'token is never taken from the address (it would stay in logs and history): the host page sends it with postMessage({type: "fund-allocator:token", token}).',
    zh: 'token 不能写在网址中（会留在日志和浏览记录里）：请由宿主页面用 postMessage({type: "fund-allocator:token", token}) 发送。',
  },
  key: {
    en: 'key: an API key never goes into a page or its address; to let the widget save, the host page’s server asks POST /v1/tokens for a short-lived token.',
    zh: 'key：API 密钥不得写入页面或其网址；如需保存方案，请由宿主页面的服务器调用 POST /v1/tokens 获取短期令牌。',
  },
  api: {
    en: 'api: this page always uses the service that serves it; to use another service, embed that service’s /embed page.',
    zh: 'api：本页面始终使用提供它的服务；如需使用其他服务，请嵌入该服务的 /embed 页面。',
  },
};

export interface EmbedRequest {
  /** The attributes to write, in EMBED_ATTRIBUTES order (values as given; escaped when written). */
  readonly attributes: readonly (readonly [string, string])[];
  /** What in the query was not used, and why. */
  readonly notes: readonly Note[];
  readonly lang: 'zh' | 'en';
}

const known = new Set<string>(EMBED_ATTRIBUTES);

/** The element's attributes from the query, and a note for each parameter not used. */
export function embedRequest(query: URLSearchParams): EmbedRequest {
  const values = new Map<string, string>();
  const notes: Note[] = [];
  const seen = new Map<string, number>();
  for (const [name] of query) seen.set(name, (seen.get(name) ?? 0) + 1);
  for (const [name, count] of seen) {
    const shown = name.length > 60 ? `${name.slice(0, 60)}…` : name;
    if (Object.hasOwn(REFUSED, name)) {
      notes.push(REFUSED[name]);
      continue;
    }
    if (!known.has(name)) {
      notes.push({
        en: `?${shown} is not an attribute of <fund-allocator> and was not used; the attributes are ${EMBED_ATTRIBUTES.join(', ')}.`,
        zh: `?${shown} 不是 <fund-allocator> 的属性，未被使用；可用属性为 ${EMBED_ATTRIBUTES.join('、')}。`,
      });
      continue;
    }
    const value = query.get(name)!;
    if (value.length > MAX_VALUE_LENGTH) {
      notes.push({
        en: `?${name} is ${value.length} characters long, more than any value of it can be (${MAX_VALUE_LENGTH}): not used.`,
        zh: `?${name} 长 ${value.length} 个字符，超过其任何取值可能的长度（${MAX_VALUE_LENGTH}）：未被使用。`,
      });
      continue;
    }
    if (count > 1) {
      notes.push({
        en: `?${name} is given ${count} times: the first, "${value}", is used.`,
        zh: `?${name} 出现了 ${count} 次：使用第一个值 "${value}"。`,
      });
    }
    values.set(name, value);
  }
  const lang = values.get('lang') === 'en' ? 'en' : 'zh';
  return { attributes: EMBED_ATTRIBUTES.filter((a) => values.has(a)).map((a) => [a, values.get(a)!] as const), notes, lang };
}

/** The script of the page: height to the parent, the token from the parent (only from it), ready and saved. */
const EMBED_SCRIPT = `(() => {
  const el = document.querySelector('fund-allocator');
  const framed = window.parent !== window;
  const tell = (data) => { if (framed) window.parent.postMessage(data, '*'); };
  let last = -1;
  const measure = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) { last = height; tell({ type: 'fund-allocator:height', height }); }
  };
  new ResizeObserver(measure).observe(document.body);
  window.addEventListener('load', measure);
  window.addEventListener('message', (event) => {
    const data = event.data;
    if (event.source !== window.parent || !data || data.type !== 'fund-allocator:token' || typeof data.token !== 'string') return;
    customElements.whenDefined('fund-allocator').then(() => { el.token = data.token; });
  });
  el.addEventListener('fund-allocator:saved', (event) => tell({ type: 'fund-allocator:saved', id: event.detail && event.detail.id }));
  const script = document.getElementById('widget-script');
  script.addEventListener('error', () => {
    const said = document.getElementById('widget-missing');
    if (said) said.hidden = false;
  });
  customElements.whenDefined('fund-allocator').then(() => tell({ type: 'fund-allocator:ready' }));
})();`;

const TEXT = {
  zh: {
    title: '衔接资金分配计算器',
    notes: '网址中以下参数未被使用：',
    loading: '正在加载分配计算器……',
    missing: `无法加载计算器脚本 ${WIDGET_SCRIPT}：请服务管理员运行 npm run build:widget。`,
  },
  en: {
    title: 'Fund-allocation calculator',
    notes: 'Not used from the address:',
    loading: 'Loading the allocation calculator…',
    missing: `The calculator’s script ${WIDGET_SCRIPT} could not be loaded: the service’s operator should run npm run build:widget.`,
  },
};

/** The /embed page for a parsed query. */
export function embedPage(request: EmbedRequest, scriptNonce: string): string {
  const t = TEXT[request.lang];
  const notes =
    request.notes.length === 0
      ? ''
      : `<div id="embed-notes" class="notes" role="note"><p>${escapeHtml(t.notes)}</p><ul>${request.notes
          .map((n) => `<li>${escapeHtml(request.lang === 'en' ? n.en : n.zh)}</li>`)
          .join('')}</ul></div>\n`;
  return `<!doctype html>
<html lang="${request.lang === 'en' ? 'en' : 'zh-CN'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(t.title)}</title>
<style>
html, body { margin: 0; padding: 0; background: transparent; }
body { font: 14px/1.5 system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
.notes { margin: 0 0 8px; padding: 8px 12px; border: 1px solid #d9a400; border-radius: 4px; background: #fff8e1; color: #3d2f00; }
.notes p, .notes ul { margin: 0; }
.notes ul { padding-left: 20px; }
</style>
</head>
<body>
${notes}<fund-allocator${attributes(request.attributes)}><p>${escapeHtml(t.loading)}</p><p id="widget-missing" role="alert" hidden>${escapeHtml(t.missing)}</p></fund-allocator>
<script type="module" id="widget-script" src="${WIDGET_SCRIPT}"></script>
<script nonce="${scriptNonce}">${EMBED_SCRIPT}</script>
</body>
</html>
`;
}
