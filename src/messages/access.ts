/**
 * Messages of the service's memory as a whole: API keys and scopes, revisions and If-Match, the rate limit,
 * the storage itself. Each resource (datasets, scenarios, saved models) has its own part for its fields.
 */
import type { Catalogue } from './catalogue.js';

const SCOPE_ZH = { read: '只读（read）', write: '读写（write）', admin: '管理（admin）' } as const;
type ScopeName = keyof typeof SCOPE_ZH;
const RESOURCE_ZH: Record<string, string> = { dataset: '数据集', scenario: '方案', model: '模型', key: '密钥', token: '令牌', library: '项目库' };
const zhOf = (resource: string) => RESOURCE_ZH[resource] ?? resource;

export const ACCESS = {
  /** `action` names what was tried in each language ({en: 'Creating a dataset', zh: '创建数据集'}). */
  'key-required': (p: { action: { en: string; zh: string } }) => ({
    en: `${p.action.en} needs an API key: send the header Authorization: Bearer <key> (keys are made by an admin, or with npm run keys -- create).`,
    zh: `${p.action.zh}需要 API 密钥：请发送请求头 Authorization: Bearer <密钥>（密钥由管理员创建，或用 npm run keys -- create 创建）。`,
  }),
  'malformed-authorization': () => ({
    en: 'the Authorization header must be "Bearer <key>", the key as it was shown at its creation.',
    zh: 'Authorization 请求头应为 "Bearer <密钥>"，密钥须与创建时显示的一致。',
  }),
  // ── a key in the query (?key=, for WEBSERVICE and IMPORTDATA, which cannot send headers) ──
  'two-keys': () => ({
    en: 'a key was sent twice, in the Authorization header and in ?key=: send one (the header where the client can send headers).',
    zh: '密钥发送了两次（Authorization 请求头和 ?key= 各一次）：请只发送一个（客户端能发送请求头时用请求头）。',
  }),
  'key-in-query-get-only': (p: { method: string }) => ({
    en: `?key= is read on GET and HEAD only, never on ${p.method}: a key in a URL lands in logs and browser history, so a ${p.method} carries its key in the header Authorization: Bearer <key>.`,
    zh: `?key= 仅用于 GET 和 HEAD 请求，不能用于 ${p.method}：URL 中的密钥会留在日志和浏览器历史中，${p.method} 请求须在请求头 Authorization: Bearer <密钥> 中发送密钥。`,
  }),
  // short: a spreadsheet cell shows about 250 characters of it (errors=text)
  'key-in-query-not-read-only': (p: { scope: ScopeName; prefix: string }) => ({
    en: `the ${p.scope} key ${p.prefix}… is not used: a workbook's URL is seen by all, so only a read key goes there (POST /v1/keys {"name":"…","scope":"read"}).`,
    zh: `${SCOPE_ZH[p.scope]}密钥 ${p.prefix}… 未被使用：工作簿中的 URL 人人可见，只能放只读密钥（POST /v1/keys {"name":"…","scope":"read"}）。`,
  }),
  'unknown-key': (p: { prefix: string }) => ({
    en: `no API key ${p.prefix}… exists here; check it was copied whole, or ask an admin for a new one.`,
    zh: `此处不存在以 ${p.prefix}… 开头的 API 密钥；请检查是否完整复制，或向管理员申请新密钥。`,
  }),
  'revoked-key': (p: { prefix: string; at: string }) => ({
    en: `the API key ${p.prefix}… was revoked at ${p.at}; ask an admin for a new one.`,
    zh: `API 密钥 ${p.prefix}… 已于 ${p.at} 被吊销；请向管理员申请新密钥。`,
  }),
  'scope-too-narrow': (p: { scope: ScopeName; needed: ScopeName }) => ({
    en: `this key has the ${p.scope} scope; this needs ${p.needed}. Ask an admin for a key with the ${p.needed} scope.`,
    zh: `该密钥权限为${SCOPE_ZH[p.scope]}，此操作需要${SCOPE_ZH[p.needed]}权限。请向管理员申请相应权限的密钥。`,
  }),
  'other-workspace': (p: { resource: string; id: string; workspace: string }) => ({
    en: `the ${p.resource} ${p.id} belongs to another workspace; this key works for "${p.workspace}".`,
    zh: `${zhOf(p.resource)} ${p.id} 属于其他工作空间；该密钥属于"${p.workspace}"。`,
  }),
  'stale-revision': (p: { resource: string; id: string; sent: string; head: number; word?: 'revision' | 'version' }) => ({
    en: `the ${p.resource} ${p.id} is at ${p.word ?? 'revision'} ${p.head}, not ${p.sent}: someone changed it since you read it. Read it again (its ETag is "${p.head}"), redo your change and send If-Match: "${p.head}". Nothing was written.`,
    zh: `${zhOf(p.resource)} ${p.id} 当前为第 ${p.head} 版，而非 ${p.sent}：在您读取之后已有他人修改。请重新读取（ETag 为 "${p.head}"），重新修改后以 If-Match: "${p.head}" 提交。本次未写入任何内容。`,
  }),
  'if-match-required': (p: { resource: string; id: string; head: number; word?: 'revision' | 'version' }) => ({
    en: `changing the ${p.resource} ${p.id} needs the header If-Match with the ${p.word ?? 'revision'} you changed (now "${p.head}"), so two people editing at once never overwrite each other.`,
    zh: `修改${zhOf(p.resource)} ${p.id} 需要在 If-Match 请求头中注明所修改的版本（当前为 "${p.head}"），以免多人同时编辑时互相覆盖。`,
  }),
  'if-match-unreadable': (p: { sent: string; resource: string; id: string; head: number; word?: 'revision' | 'version' }) => ({
    en: `If-Match ${p.sent} is not a ${p.word ?? 'revision'}'s ETag; send the ETag of the ${p.word ?? 'revision'} you changed, as read: the ${p.resource} ${p.id} is now "${p.head}". "*" and weak tags are not accepted.`,
    zh: `If-Match ${p.sent} 不是版本的 ETag；请发送所修改版本的 ETag（${zhOf(p.resource)} ${p.id} 当前为 "${p.head}"），不接受 "*" 或弱标签。`,
  }),
  'rate-limited': (p: { limit: number; period: number; retryAfter: number }) => ({
    en: `more than ${p.limit} requests in ${p.period} seconds from this key or address; try again in ${p.retryAfter} seconds (see the Retry-After header).`,
    zh: `该密钥或地址在 ${p.period} 秒内的请求超过 ${p.limit} 次；请 ${p.retryAfter} 秒后重试（见 Retry-After 响应头）。`,
  }),
  'scope-wider-than-own': (p: { scope: ScopeName; requested: ScopeName }) => ({
    en: `a key with the ${p.scope} scope cannot make a key with the wider ${p.requested} scope; ask for ${p.scope} or narrower.`,
    zh: `权限为${SCOPE_ZH[p.scope]}的密钥不能创建权限更大的${SCOPE_ZH[p.requested]}密钥；请申请${SCOPE_ZH[p.scope]}或更小的权限。`,
  }),
  'unknown-key-id': (p: { id: string }) => ({
    en: `there is no API key with the id ${p.id}; GET /v1/keys lists them (or npm run keys -- list).`,
    zh: `不存在编号为 ${p.id} 的 API 密钥；可用 GET /v1/keys（或 npm run keys -- list）查看全部密钥。`,
  }),
  'bad-workspace': (p: { shown: string }) => ({
    en: `the workspace ${p.shown} is not a workspace name: 1 to 64 lower-case letters, digits, "-" or "_", starting with a letter or digit (like "sichuan" or "sichuan-finance").`,
    zh: `工作空间 ${p.shown} 不是有效名称：应为 1–64 个小写字母、数字、"-" 或 "_"，以字母或数字开头（如 "sichuan" 或 "sichuan-finance"）。`,
  }),
  'bad-scope': (p: { shown: string }) => ({
    en: `the scope ${p.shown} is not one of read, write, admin (read < write < admin: each covers the ones before it).`,
    zh: `权限 ${p.shown} 不是 read、write、admin 之一（read < write < admin：每一级包含其前各级）。`,
  }),
  'unknown-audit-resource': (p: { shown: string; known: readonly string[] }) => ({
    en: `resource ${p.shown} is not one the audit trail records: use one of ${p.known.join(', ')}.`,
    zh: `resource ${p.shown} 不是审计记录中的资源类型：请使用 ${p.known.join('、')} 之一。`,
  }),
  'bad-since': (p: { shown: string }) => ({
    en: `since ${p.shown} is not a time: write a date or an ISO-8601 UTC time, like 2026-01-31 or 2026-01-31T08:00:00Z.`,
    zh: `since ${p.shown} 不是有效时间：请写日期或 ISO-8601 UTC 时间，如 2026-01-31 或 2026-01-31T08:00:00Z。`,
  }),
  'bad-cursor': (p: { shown: string }) => ({
    en: `cursor ${p.shown} is not a cursor of the audit trail: use the nextCursor (a whole number) of the page before.`,
    zh: `cursor ${p.shown} 不是审计记录的游标：请使用上一页返回的 nextCursor（一个整数）。`,
  }),
  'bad-page-size': (p: { shown: string; maximum: number }) => ({
    en: `limit ${p.shown} is not a page size: a whole number from 1 to ${p.maximum}.`,
    zh: `limit ${p.shown} 不是有效的每页条数：应为 1 到 ${p.maximum} 之间的整数。`,
  }),
  'cors-origin-invalid': (p: { shown: string[] }) => ({
    en: `CORS_ORIGINS holds ${p.shown.join(', ')}, which is not an origin: list origins as scheme://host[:port] separated by commas (https://planner.example.gov.cn,http://localhost:8787), or * for every origin.`,
    zh: `CORS_ORIGINS 中的 ${p.shown.join('、')} 不是有效来源：请以逗号分隔列出 scheme://host[:port] 形式的来源（如 https://planner.example.gov.cn,http://localhost:8787），或用 * 表示允许所有来源。`,
  }),
  'rate-limit-setting': (p: { name: string; shown: string; minimum: number }) => ({
    en: `${p.name}=${p.shown} is not a whole number of at least ${p.minimum} (RATE_LIMIT: requests per period, 0 = no limit; RATE_PERIOD: seconds).`,
    zh: `${p.name}=${p.shown} 不是不小于 ${p.minimum} 的整数（RATE_LIMIT：每个周期的请求数，0 表示不限；RATE_PERIOD：秒数）。`,
  }),
  'keys-usage': () => ({
    en: "usage: npm run keys -- create --name <name> --scope read|write|admin [--workspace <w>] | list [--workspace <w>] | revoke <key id>; where: (default DATABASE_PATH or ./data/allocator.sqlite) --database <file>, --local (wrangler dev's D1), --remote [--print] (the deployed D1); --json for machine-readable output",
    zh: '用法：npm run keys -- create --name <名称> --scope read|write|admin [--workspace <工作空间>] | list [--workspace <工作空间>] | revoke <密钥编号>；数据库：默认 DATABASE_PATH 或 ./data/allocator.sqlite，--database <文件>，--local（wrangler dev 的本地 D1），--remote [--print]（已部署的 D1）；--json 输出 JSON',
  }),
  'keys-unknown-command': (p: { shown: string }) => ({
    en: `${p.shown} is not a command of npm run keys: use create, list or revoke.`,
    zh: `${p.shown} 不是 npm run keys 的命令：请使用 create、list 或 revoke。`,
  }),
  'keys-bad-arguments': (p: { what: string }) => ({
    en: `${p.what}: see the usage below.`,
    zh: `参数有误（${p.what}）：请参照下面的用法。`,
  }),
  'keys-missing-option': (p: { option: string; command: string }) => ({
    en: `${p.command} needs ${p.option}.`,
    zh: `${p.command} 需要参数 ${p.option}。`,
  }),
  'keys-bad-name': (p: { en: string; zh: string }) => ({
    en: `--name: ${p.en}`,
    zh: `密钥名称（--name）：${p.zh}`,
  }),
  'keys-one-database': () => ({
    en: 'choose one database: --database <file>, --local or --remote (--print goes with --remote only).',
    zh: '请只选择一个数据库：--database <文件>、--local 或 --remote（--print 只能与 --remote 一起使用）。',
  }),
  'keys-no-local-database': (p: { dir: string }) => ({
    en: `there is no local D1 database under ${p.dir}: run npm run migrate:local (or npm run dev) first.`,
    zh: `${p.dir} 下没有本地 D1 数据库：请先运行 npm run migrate:local（或 npm run dev）。`,
  }),
  'keys-many-local-databases': (p: { files: string[] }) => ({
    en: `there are several local D1 databases (${p.files.join(', ')}): name one with --database <file>.`,
    zh: `存在多个本地 D1 数据库（${p.files.join('、')}）：请用 --database <文件> 指定其一。`,
  }),
  'keys-bad-key-id': (p: { shown: string }) => ({
    en: `${p.shown} is not a key id (key_ and lower-case letters or digits, as npm run keys -- list shows them).`,
    zh: `${p.shown} 不是密钥编号（应为 key_ 加小写字母或数字，见 npm run keys -- list）。`,
  }),
  'keys-wrangler-failed': (p: { status: string }) => ({
    en: `wrangler d1 execute failed (${p.status}): see its output above; log in with npx wrangler login, and check database_id in wrangler.toml.`,
    zh: `wrangler d1 execute 执行失败（${p.status}）：请查看上方输出；用 npx wrangler login 登录，并检查 wrangler.toml 中的 database_id。`,
  }),
  'storage-not-configured': () => ({
    en: 'this deployment has no database: datasets, scenarios, saved models and keys need the D1 binding DB (Workers) or DATABASE_PATH (Node).',
    zh: '此部署未配置数据库：数据集、方案、自定义模型和密钥需要 D1 绑定 DB（Workers）或 DATABASE_PATH（Node）。',
  }),
} satisfies Catalogue;
