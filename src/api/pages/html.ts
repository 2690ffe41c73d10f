/**
 * What the service's HTML pages (/demo, /embed) share: escaping, the widget's script path, a nonce per answer
 * and the Content-Security-Policy built on it. Pages hold no user's data: anything taken from a request (a
 * query value, the host it was addressed to) goes through escapeHtml before it is written into the page.
 */
import { SERVICE_VERSION } from '../../version.js';

/** The versioned path of the widget's bundle (scripts/build-widget.mjs writes it; cached a year, immutable). */
export const WIDGET_SCRIPT = `/widget/${SERVICE_VERSION}/fund-allocator.js`;
/** The latest copy, revalidated on every load: for pages that always want the newest widget. */
export const WIDGET_SCRIPT_LATEST = '/widget/fund-allocator.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}

/** ` name="value"` pairs, each value escaped; names are the caller's own (never a request's). */
export function attributes(pairs: readonly (readonly [string, string])[]): string {
  return pairs.map(([name, value]) => ` ${name}="${escapeHtml(value)}"`).join('');
}

/** A fresh nonce for one answer's inline script (16 random bytes, base64). */
export function nonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The pages' CSP: scripts only from the service and the page's own inline script (its nonce); styles from the
 * service and inline (Lit's shadow-root styles are constructed sheets, but ECharts and a theme may set style
 * attributes); images also data: and blob: (charts, downloads); fetches to the service only. `framedBy`: the
 * frame-ancestors source list, or undefined for a page any site may frame (/embed).
 */
export function contentSecurityPolicy(scriptNonce: string, framedBy?: string): string {
  return [
    "default-src 'none'",
    `script-src 'self' 'nonce-${scriptNonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    ...(framedBy ? [`frame-ancestors ${framedBy}`] : []),
  ].join('; ');
}

/** The headers every page answers with besides its CSP: never sniffed, revalidated (it names the versioned script), no referrer sent. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-cache',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};
