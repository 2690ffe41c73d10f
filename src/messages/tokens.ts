/**
 * Messages of save tokens (POST/DELETE /v1/tokens, src/api/tokens/): what a page that embeds the widget
 * hears when its token is refused, expired or asked for something it was not granted.
 */
import type { Catalogue } from './catalogue.js';

const SCOPE_ZH: Record<string, string> = { read: '只读（read）', write: '读写（write）', admin: '管理（admin）' };
const GRANT_ZH: Record<string, string> = { 'save-scenario': '保存方案（save-scenario）' };
const grantZh = (g: string) => GRANT_ZH[g] ?? g;
const grantsEn = (grants: readonly string[]) => (grants.length === 0 ? 'no grant' : grants.join(', '));
const grantsZh = (grants: readonly string[]) => (grants.length === 0 ? '无授权' : grants.map(grantZh).join('、'));

const NEW_TOKEN_EN = 'the host page must get a new one from its own server (POST /v1/tokens with a write key) and give it to the widget';
const NEW_TOKEN_ZH = '嵌入页面须由其服务器端重新申请（用读写密钥调用 POST /v1/tokens）并交给组件';

export const TOKENS = {
  'token-expired': (p: { prefix: string; at: string }) => ({
    en: `the save token ${p.prefix}… expired at ${p.at}; ${NEW_TOKEN_EN}.`,
    zh: `保存令牌 ${p.prefix}… 已于 ${p.at} 过期；${NEW_TOKEN_ZH}。`,
  }),
  'token-revoked': (p: { prefix: string; at: string }) => ({
    en: `the save token ${p.prefix}… was revoked at ${p.at}; ${NEW_TOKEN_EN}.`,
    zh: `保存令牌 ${p.prefix}… 已于 ${p.at} 被吊销；${NEW_TOKEN_ZH}。`,
  }),
  'token-unknown': (p: { prefix: string }) => ({
    en: `no save token ${p.prefix}… exists here; check it was copied whole, or ${NEW_TOKEN_EN}.`,
    zh: `此处不存在以 ${p.prefix}… 开头的保存令牌；请检查是否完整复制，或由嵌入页面的服务器端重新申请（用读写密钥调用 POST /v1/tokens）并交给组件。`,
  }),
  'token-in-query': (p: { prefix: string }) => ({
    en: `the save token ${p.prefix}… is not used in a URL: it is sent as Authorization: Bearer <token> (a URL lands in logs and browser history).`,
    zh: `保存令牌 ${p.prefix}… 不能放在 URL 中使用：请在请求头 Authorization: Bearer <令牌> 中发送（URL 会留在日志和浏览器历史中）。`,
  }),
  /** A token asked for a write it was not granted: `needed` names the grant that would allow it, else the key scope it takes. */
  'token-not-granted': (p: { prefix: string; grants: readonly string[]; needed: { grant?: string; scope: string } }) => ({
    en: `the save token ${p.prefix}… reads its workspace and may only ${grantsEn(p.grants)}; this needs ${p.needed.grant ? `the grant ${p.needed.grant}` : `an API key with the ${p.needed.scope} scope`}, which a token never has.`,
    zh: `保存令牌 ${p.prefix}… 只能读取其工作空间，并仅被授予${grantsZh(p.grants)}；此操作需要${p.needed.grant ? `${grantZh(p.needed.grant)}授权` : `${SCOPE_ZH[p.needed.scope] ?? p.needed.scope}权限的 API 密钥`}，令牌不具备该权限。`,
  }),
  'unknown-grant': (p: { shown: string; known: readonly string[] }) => ({
    en: `${p.shown} is not a grant a token can have: use one of ${p.known.join(', ')} (save-scenario: POST /v1/scenarios).`,
    zh: `${p.shown} 不是令牌可被授予的权限：请使用 ${p.known.join('、')} 之一（save-scenario：保存方案，POST /v1/scenarios）。`,
  }),
  'token-ttl-out-of-range': (p: { shown: string; min: number; max: number }) => ({
    en: `ttlSeconds ${p.shown} is not a lifetime a token can have: a whole number of seconds from ${p.min} to ${p.max} (default 900, 15 minutes).`,
    zh: `ttlSeconds ${p.shown} 不是有效的令牌有效期：应为 ${p.min} 到 ${p.max} 之间的整数秒（默认 900，即 15 分钟）。`,
  }),
  'unknown-token': (p: { id: string }) => ({
    en: `there is no save token with the id ${p.id} in a workspace this key may manage.`,
    zh: `在该密钥可管理的工作空间中不存在编号为 ${p.id} 的保存令牌。`,
  }),
} satisfies Catalogue;
