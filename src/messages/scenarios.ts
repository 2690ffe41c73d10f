/**
 * Messages of saved scenarios, their cached results, and references instead of inline data
 * (`{"dataset": id, "revision": n}` where a route takes regions or projects, `"lastYear": {"scenario": id}`).
 */
import type { Catalogue } from './catalogue.js';

const KIND_ZH: Record<string, string> = { regions: '地区表', projects: '项目表' };
const kindZh = (kind: string) => KIND_ZH[kind] ?? kind;

/** The saved scenarios that name something, as a caller may see them: ids and titles, the rest counted. */
export interface Users {
  readonly shown: readonly { readonly id: string; readonly title: string }[];
  readonly hidden: number;
}
const usersEn = (u: Users) =>
  [...u.shown.map((s) => `${s.id} (${JSON.stringify(s.title)})`), ...(u.hidden > 0 ? [`${u.hidden} you cannot see`] : [])].join(', ');
const usersZh = (u: Users) => [...u.shown.map((s) => `${s.id}（“${s.title}”）`), ...(u.hidden > 0 ? [`另有 ${u.hidden} 个您无权查看的方案`] : [])].join('、');
const countOf = (u: Users) => u.shown.length + u.hidden;
export const usersText = { en: usersEn, zh: usersZh, count: countOf };

export const SCENARIOS = {
  // ── references (src/api/references/) ──
  'reference-invalid': (p: { what: string }) => ({
    en: `a reference is {"dataset": "<id>"} with an optional "revision": <n> (a whole number from 1): ${p.what}.`,
    zh: `引用应为 {"dataset": "<编号>"}，可选 "revision": <n>（从 1 开始的整数）：${p.what}。`,
  }),
  'unknown-dataset': (p: { id: string }) => ({
    en: `no dataset "${p.id}" exists here: never made, deleted, or private to another workspace (GET /v1/datasets lists those you can use).`,
    zh: `此处不存在数据集 "${p.id}"：从未创建、已删除，或属于其他工作空间的私有数据（GET /v1/datasets 列出您可使用的数据集）。`,
  }),
  'unknown-dataset-revision': (p: { id: string; revision: number | string; head: number }) => ({
    en: `the dataset "${p.id}" has no revision ${p.revision}; its revisions are 1 to ${p.head}.`,
    zh: `数据集 "${p.id}" 没有第 ${p.revision} 版；现有版本为第 1 至 ${p.head} 版。`,
  }),
  'dataset-wrong-kind': (p: { id: string; kind: string; expected: string }) => ({
    en: `the dataset "${p.id}" is a table of ${p.kind}; here a table of ${p.expected} is needed.`,
    zh: `数据集 "${p.id}" 是${kindZh(p.kind)}；此处需要${kindZh(p.expected)}。`,
  }),
  'last-year-reference-invalid': (p: { what: string }) => ({
    en: `"lastYear" is {"scenario": "<id>"} with an optional "revision": <n>: each region's last-year amount is that saved scenario's amount for it; ${p.what}.`,
    zh: `"lastYear" 应为 {"scenario": "<编号>"}，可选 "revision": <n>：各地区的上年金额取自该已保存方案中该地区的金额；${p.what}。`,
  }),
  'unknown-scenario': (p: { id: string }) => ({
    en: `no saved scenario "${p.id}" exists here: never saved, deleted, or private to another workspace (GET /v1/scenarios lists those you can use).`,
    zh: `此处不存在已保存方案 "${p.id}"：从未保存、已删除，或属于其他工作空间的私有方案（GET /v1/scenarios 列出您可使用的方案）。`,
  }),
  'unknown-scenario-revision': (p: { id: string; revision: number | string; head: number }) => ({
    en: `the saved scenario "${p.id}" has no revision ${p.revision}; its revisions are 1 to ${p.head}.`,
    zh: `已保存方案 "${p.id}" 没有第 ${p.revision} 版；现有版本为第 1 至 ${p.head} 版。`,
  }),
  'last-year-scenario-no-amounts': (p: { id: string; route: string }) => ({
    en: `the saved scenario "${p.id}" (${p.route}) has no rows of region amounts to take last year's amounts from; use an allocation scenario.`,
    zh: `已保存方案 "${p.id}"（${p.route}）的结果中没有各地区金额，无法作为上年金额；请使用资金分配方案。`,
  }),
  'last-year-scenario-failed': (p: { id: string; status: number; detail: string; detail_zh: string }) => ({
    en: `the saved scenario "${p.id}" does not answer a result now (${p.status}: ${p.detail}); GET /v1/scenarios/${p.id}/result shows why.`,
    zh: `已保存方案 "${p.id}" 当前无法给出结果（${p.status}：${p.detail_zh}）；GET /v1/scenarios/${p.id}/result 可查看原因。`,
  }),
  'last-year-unit-mismatch': (p: { id: string; unit: string; expected: string }) => ({
    en: `the saved scenario "${p.id}" is in ${p.unit}, this request in ${p.expected}: last year's amounts must be in the request's unit.`,
    zh: `已保存方案 "${p.id}" 的金额单位为 ${p.unit}，本请求为 ${p.expected}：上年金额须与请求单位一致。`,
  }),
  'last-year-given-twice': (p: { id: string }) => ({
    en: `the region "${p.id}" has its own lastYear and the request takes last year's amounts from a saved scenario too; give one of them.`,
    zh: `地区 "${p.id}" 已有自己的 lastYear，而请求又从已保存方案读取上年金额；请只保留其一。`,
  }),
  'references-too-deep': (p: { depth: number }) => ({
    en: `saved scenarios refer to one another more than ${p.depth} deep (last year's amounts of last year's amounts …); inline some amounts.`,
    zh: `已保存方案之间的引用超过 ${p.depth} 层（上年金额又引用上年金额……）；请直接填写部分金额。`,
  }),

  // ── saved scenarios (src/api/scenarios/) ──
  'scenario-route-unknown': (p: { shown: string; routes: readonly string[] }) => ({
    en: `${p.shown} is not a calculation route; a scenario saves a request to one of ${p.routes.join(', ')}.`,
    zh: `${p.shown} 不是计算接口；方案保存的请求须发往以下之一：${p.routes.join('、')}。`,
  }),
  'scenario-query-format': () => ({
    en: 'a scenario does not save ?format: ask for it when reading the result (GET /v1/scenarios/{id}/result?format=csv).',
    zh: '方案不保存 ?format：请在读取结果时指定（GET /v1/scenarios/{id}/result?format=csv）。',
  }),
  'scenario-private-data': (p: { id: string }) => ({
    en: `a public scenario cannot use the private dataset "${p.id}": its readers could not run it. Save the scenario as private, or make the dataset public.`,
    zh: `公开方案不能使用私有数据集 "${p.id}"：其他读者将无法运行该方案。请将方案保存为私有，或将数据集设为公开。`,
  }),
  'scenario-private-last-year': (p: { id: string }) => ({
    en: `a public scenario cannot take last year's amounts from the private scenario "${p.id}": its readers could not run it. Save this one as private, or make that one public.`,
    zh: `公开方案不能从私有方案 "${p.id}" 读取上年金额：其他读者将无法运行该方案。请将本方案保存为私有，或将该方案设为公开。`,
  }),
  'scenario-request-too-large': (p: { megabytes: string; maximum: string }) => ({
    en: `the request is ${p.megabytes} MB as saved; a scenario keeps at most ${p.maximum} MB. Keep the rows in a dataset (POST /v1/datasets) and save the scenario with {"dataset": "<id>"} instead of the rows.`,
    zh: `所保存的请求为 ${p.megabytes} MB，方案最多保存 ${p.maximum} MB。请将数据行保存为数据集（POST /v1/datasets），并在方案中以 {"dataset": "<编号>"} 引用，而不是直接包含数据行。`,
  }),
  'scenario-model-changed': (p: { id: string; version: string; hash: string; now: string; nowVersion: string }) => ({
    en: `the model ${p.id} ${p.version} the scenario was saved with (${p.hash}) is not the one this service has now (${p.nowVersion}, ${p.now}); the result would differ. Save the scenario again to use the model as it is now, or send the old model inline.`,
    zh: `方案保存时使用的模型 ${p.id} ${p.version}（${p.hash}）与本服务当前的模型（${p.nowVersion}，${p.now}）不同，结果将不一致。请重新保存方案以使用当前模型，或在请求中直接提供原模型。`,
  }),
  'scenario-revision-param': () => ({
    en: '?revision is a revision number: a whole number from 1 (leave it out for the newest).',
    zh: '?revision 应为修订版本号：从 1 开始的整数（不填则为最新版本）。',
  }),
  'scenario-reference-gone': (p: { scenario: string; kind: 'dataset' | 'scenario'; id: string; revision: number | null }) => ({
    en: `the saved scenario ${p.scenario} names the ${p.kind === 'dataset' ? 'dataset' : 'saved scenario'} "${p.id}"${p.revision !== null ? ` (revision ${p.revision})` : ''}, which no longer resolves for you: deleted, or not visible to your key. The scenario cannot re-run as saved; save a new revision that names ${p.kind === 'dataset' ? 'a dataset' : 'a scenario'} you can use (PUT /v1/scenarios/${p.scenario}), or ask its owner.`,
    zh: `已保存方案 ${p.scenario} 引用的${p.kind === 'dataset' ? '数据集' : '已保存方案'} "${p.id}"${p.revision !== null ? `（第 ${p.revision} 版）` : ''}对您已无法解析：已删除，或您的密钥无权查看。该方案无法按原样重新运行；请保存一个引用您可使用的${p.kind === 'dataset' ? '数据集' : '方案'}的新修订版本（PUT /v1/scenarios/${p.scenario}），或联系其所有者。`,
  }),
  'scenario-in-use': (p: { id: string; users: Users }) => ({
    en: `the saved scenario "${p.id}" gives last year's amounts to ${countOf(p.users)} saved scenario(s): ${usersEn(p.users)}. A saved scenario must keep re-running, so it cannot be deleted while they name it: delete those scenarios, or save them with lastYear from another scenario (PUT /v1/scenarios/{id}), first.`,
    zh: `已保存方案 "${p.id}" 为 ${countOf(p.users)} 个已保存方案提供上年金额：${usersZh(p.users)}。已保存方案必须能够重新运行，因此在被引用期间不能删除：请先删除这些方案，或将其 lastYear 改为引用其他方案（PUT /v1/scenarios/{id}）。`,
  }),
  'scenario-private-in-use': (p: { id: string; users: Users }) => ({
    en: `the saved scenario "${p.id}" gives last year's amounts to ${countOf(p.users)} saved scenario(s) that are public or of another workspace: ${usersEn(p.users)}. Made private, they could no longer run: make them private, or save them with lastYear from another scenario, first.`,
    zh: `已保存方案 "${p.id}" 为 ${countOf(p.users)} 个公开或属于其他工作空间的已保存方案提供上年金额：${usersZh(p.users)}。若设为私有，这些方案将无法运行：请先将其设为私有，或将其 lastYear 改为引用其他方案。`,
  }),
  'scenario-request-failed': (p: { status: number; detail: string; detail_zh: string }) => ({
    en: `the saved request does not run (${p.status}): ${p.detail}`,
    zh: `所保存的请求无法运行（${p.status}）：${p.detail_zh}`,
  }),
} satisfies Catalogue;
