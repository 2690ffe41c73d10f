/**
 * GET /demo: the widget on the shipped 20-county sample (sample-20, 5000 万元), so a newcomer sees it right after
 * `npm run dev`; with the one-tag snippet and the iframe snippet to copy (written for the origin the page was
 * asked at) and a note on save tokens. No token here: the widget's save button says why it is off.
 * Chinese and English side by side; ?lang=en starts the widget in English.
 */
import { attributes, escapeHtml, WIDGET_SCRIPT } from './html.js';
import type { Note } from './embed.js';

/** What the demo shows: the sample dataset and a total it fits. */
export const DEMO_WIDGET = { dataset: 'sample-20', model: 'sichuan-2024', total: '5000', unit: 'wan' } as const;

export interface DemoRequest {
  readonly lang: 'zh' | 'en';
  /** What in the query was not used, and why. */
  readonly notes: readonly Note[];
}

/** ?lang=zh|en; anything else is named in a note, never refused (a page, not an API answer). */
export function demoRequest(query: URLSearchParams): DemoRequest {
  const notes: Note[] = [];
  let lang: 'zh' | 'en' = 'zh';
  for (const name of new Set(query.keys())) {
    const value = query.get(name)!;
    if (name === 'lang' && (value === 'zh' || value === 'en')) {
      lang = value;
      continue;
    }
    const shown = (name.length > 60 ? `${name.slice(0, 60)}…` : name) + (name === 'lang' ? `=${value.slice(0, 20)}` : '');
    notes.push(
      name === 'lang'
        ? { en: `?${shown} is not a language of the widget (zh or en): Chinese is shown.`, zh: `?${shown} 不是计算器支持的语言（zh 或 en）：显示中文。` }
        : {
            en: `?${shown} is not an option of this page and was not used; its one option is lang=zh|en.`,
            zh: `?${shown} 不是本页面的参数，未被使用；本页面只有 lang=zh|en 一个参数。`,
          },
    );
  }
  return { lang, notes };
}

/** The two snippets for the origin the page was asked at (escaped when written into the page). */
export function demoSnippets(origin: string, lang: 'zh' | 'en'): { tag: string; iframe: string } {
  const { dataset, model, total, unit } = DEMO_WIDGET;
  const tag = `<script type="module" src="${origin}${WIDGET_SCRIPT}"></script>
<fund-allocator dataset="${dataset}" model="${model}" total="${total}" unit="${unit}" lang="${lang}"></fund-allocator>`;
  const iframe = `<iframe id="fund-allocator" title="${lang === 'en' ? 'Fund allocation' : '衔接资金分配'}" src="${origin}/embed?dataset=${dataset}&amp;model=${model}&amp;total=${total}&amp;unit=${unit}&amp;lang=${lang}"
  style="width: 100%; border: 0;" loading="lazy"></iframe>
<script>
  // the page inside tells its height on every resize
  addEventListener('message', (e) => {
    const frame = document.getElementById('fund-allocator');
    if (e.source === frame.contentWindow && e.data && e.data.type === 'fund-allocator:height') frame.style.height = e.data.height + 'px';
  });
</script>`;
  return { tag, iframe };
}

const TOKEN_REQUEST = (origin: string) => `curl -X POST ${origin}/v1/tokens \\
  -H "Authorization: Bearer $WRITE_KEY" -H "Content-Type: application/json" \\
  -d '{"grants": ["save-scenario"], "ttlSeconds": 900}'
# → {"token": "bft_…", "expiresAt": "…", …}`;

const SET_TOKEN = `// one tag:
document.querySelector('fund-allocator').token = token;
// iframe: send it to the page inside, naming its origin
frame.contentWindow.postMessage({ type: 'fund-allocator:token', token }, SERVICE_ORIGIN);`;

/** The script of the page: the copy buttons. */
const DEMO_SCRIPT = `(() => {
  for (const button of document.querySelectorAll('button[data-copy]')) {
    button.addEventListener('click', async () => {
      const text = document.getElementById(button.dataset.copy).textContent;
      const status = button.nextElementSibling;
      try {
        await navigator.clipboard.writeText(text);
        status.textContent = '已复制 · copied';
      } catch {
        status.textContent = '请手动选中复制 · select and copy by hand';
      }
    });
  }
  document.getElementById('widget-script').addEventListener('error', () => {
    document.getElementById('widget-missing').hidden = false;
  });
})();`;

// a <pre> that scrolls sideways must take the keyboard's focus (tabindex), or it cannot be scrolled without a mouse
const block = (id: string, code: string) =>
  `<div class="snippet"><pre tabindex="0" aria-label="代码 · code"><code id="${id}">${escapeHtml(code)}</code></pre><button type="button" data-copy="${id}">复制 · Copy</button><span class="copied" role="status"></span></div>`;

/** The /demo page for the origin it was asked at. */
export function demoPage(request: DemoRequest, origin: string, scriptNonce: string): string {
  const { tag, iframe } = demoSnippets(origin, request.lang);
  const widget = attributes([...Object.entries(DEMO_WIDGET), ['lang', request.lang]]);
  const notes =
    request.notes.length === 0
      ? ''
      : `<div id="page-notes" class="notes" role="note"><ul>${request.notes.map((n) => `<li>${escapeHtml(n.zh)} <span lang="en">${escapeHtml(n.en)}</span></li>`).join('')}</ul></div>\n`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>衔接资金分配计算器演示 · Fund-allocation widget demo</title>
<style>
body { margin: 0 auto; padding: 16px; max-width: 1100px; font: 15px/1.6 system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: #1f2328; }
h1 { font-size: 1.5em; margin: 0 0 4px; }
h2 { font-size: 1.15em; margin: 28px 0 8px; }
.en { color: #57606a; }
.lead { margin: 0 0 16px; }
fund-allocator { display: block; margin: 16px 0; }
.snippet { position: relative; margin: 8px 0 16px; }
.snippet pre { margin: 0; padding: 12px; overflow-x: auto; background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; font-size: 13px; }
.snippet button { margin-top: 6px; font: inherit; padding: 4px 12px; border: 1px solid #8c959f; border-radius: 6px; background: #fff; cursor: pointer; }
.snippet button:focus-visible, a:focus-visible { outline: 3px solid #0969da; outline-offset: 2px; }
.copied { margin-left: 8px; color: #1a7f37; }
.notes { padding: 8px 12px; border: 1px solid #d9a400; border-radius: 6px; background: #fff8e1; }
.notes ul { margin: 0; padding-left: 20px; }
a { color: #0969da; }
</style>
</head>
<body>
<header>
<h1>衔接资金分配计算器 <span class="en" lang="en">· Fund-allocation widget</span></h1>
<p class="lead">20 个县的示例数据（<a href="/v1/datasets/sample-20">sample-20</a>），按四川省 2024 年因素法模型分配 5000 万元。拖动权重滑块，浏览器内即时重算，结果与服务器逐字节一致。
<span class="en" lang="en">The shipped 20-county sample, 5000 万元 (wan yuan) by the Sichuan 2024 factor model. Move a weight: the browser recomputes at once, byte-identical to the service.</span>
<a href="/docs">API 文档 · API docs</a></p>
</header>
${notes}<main>
<fund-allocator${widget}><p>正在加载计算器…… <span lang="en">Loading the widget…</span></p><p id="widget-missing" role="alert" hidden>无法加载 ${WIDGET_SCRIPT}：请运行 npm run build:widget。 <span lang="en">${WIDGET_SCRIPT} could not be loaded: run npm run build:widget.</span></p></fund-allocator>

<h2>嵌入网页 <span class="en" lang="en">· Embed it in a page</span></h2>
<p>一个脚本标签加一个元素：脚本由本服务提供，不依赖任何 CDN。属性：dataset 或 scenario、model、total、unit、weights、lang、region。
<span class="en" lang="en">One script tag and one element; the script comes from this service, nothing from a CDN. Attributes: dataset or scenario, model, total, unit, weights, lang, region.</span></p>
${block('snippet-tag', tag)}

<h2>不能放脚本时用 iframe <span class="en" lang="en">· Where scripts are stripped: an iframe</span></h2>
<p>/embed 页面的参数即元素的属性；页面会把自身高度通过 postMessage 告知父页面。
<span class="en" lang="en">The query of /embed gives the element’s attributes; the page posts its height to its parent on every resize.</span></p>
${block('snippet-iframe', iframe)}

<h2>保存方案与令牌 <span class="en" lang="en">· Saving scenarios: tokens</span></h2>
<p>本演示页没有令牌，所以“保存”按钮不可用。要让计算器保存方案，宿主页面的<strong>服务器</strong>用写权限密钥换取一个短期令牌（默认 15 分钟，最长 1 小时，只能保存方案），再交给计算器。切勿把 API 密钥写进网页。
<span class="en" lang="en">This demo has no token, so Save is off. To let the widget save, the host page’s <strong>server</strong> trades a write key for a short-lived token (15 minutes by default, an hour at most, good for saving a scenario only) and hands it to the widget. Never put an API key in a page.</span></p>
${block('snippet-token', TOKEN_REQUEST(origin))}
${block('snippet-set-token', SET_TOKEN.replace('SERVICE_ORIGIN', JSON.stringify(origin)))}
</main>
<script type="module" id="widget-script" src="${WIDGET_SCRIPT}"></script>
<script nonce="${scriptNonce}">${DEMO_SCRIPT}</script>
</body>
</html>
`;
}
