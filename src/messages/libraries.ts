/** Messages of the project library's routes (/v1/libraries, issue 15): the resource, its revisions and its projects. */
import type { Catalogue } from './catalogue.js';

const quote = (v: unknown) => JSON.stringify(String(v));
const DECISION_ZH: Record<string, string> = { keep: '保留', adjust: '微调保留', remove: '移出' };

export const LIBRARIES = {
  'unknown-library': (p: { id: string }) => ({
    en: `no project library ${quote(p.id)} exists here: never made, deleted, or private to another workspace (GET /v1/libraries lists those you can use).`,
    zh: `此处不存在项目库 ${quote(p.id)}：从未创建、已删除，或属于其他工作空间的私有项目库（GET /v1/libraries 列出您可使用的项目库）。`,
  }),
  'unknown-library-revision': (p: { id: string; revision: number | string; head: number }) => ({
    en: `the project library ${quote(p.id)} has no revision ${p.revision}; its revisions are 1 to ${p.head}.`,
    zh: `项目库 ${quote(p.id)} 没有第 ${p.revision} 版；现有版本为第 1 至 ${p.head} 版。`,
  }),
  'library-reference-form': () => ({
    en: 'give the projects inline (an array of projects) or name a stored library: {"library": "lib_…", "revision": 3} (revision optional: the newest).',
    zh: '请直接给出项目（项目数组），或引用已保存的项目库：{"library": "lib_…", "revision": 3}（revision 可省略，即最新版本）。',
  }),
  'library-too-large': (p: { bytes: number; max: number }) => ({
    en: `the library's projects take ${p.bytes} bytes, more than the ${p.max} one revision may hold (the database keeps at most 2 MB in a row): split it into several libraries (by town, for example) or shorten long texts. Nothing was written.`,
    zh: `项目库的项目共 ${p.bytes} 字节，超过单个版本可保存的 ${p.max} 字节（数据库单行最多 2 MB）：请拆分为多个项目库（例如按乡镇），或缩短过长的文字。本次未写入任何内容。`,
  }),
  'duplicate-project-id': (p: { id: string; first: number }) => ({
    en: `the project number ${quote(p.id)} is already used by /projects/${p.first}: each project in a library has its own number.`,
    zh: `项目编号 ${quote(p.id)} 已被 /projects/${p.first} 使用：项目库中每个项目的编号须唯一。`,
  }),
  'project-exists': (p: { id: string; library: string }) => ({
    en: `the library ${p.library} already has a project ${quote(p.id)}: change it with PATCH /v1/libraries/${p.library}/projects/${p.id}, or give the new project another number.`,
    zh: `项目库 ${p.library} 中已有编号为 ${quote(p.id)} 的项目：请用 PATCH /v1/libraries/${p.library}/projects/${p.id} 修改它，或为新项目另取编号。`,
  }),
  'unknown-library-project': (p: { id: string; library: string }) => ({
    en: `the library ${p.library} has no project ${quote(p.id)} (GET /v1/libraries/${p.library} lists its projects).`,
    zh: `项目库 ${p.library} 中没有编号为 ${quote(p.id)} 的项目（GET /v1/libraries/${p.library} 可列出其全部项目）。`,
  }),
  'library-stale': (p: { id: string; sent: string; head: number }) => ({
    en: `the project library ${p.id} is at revision ${p.head}, not ${p.sent}: someone changed it since you read it. Read it again (its ETag is "${p.head}"), redo your change and send If-Match: "${p.head}". Nothing was written.`,
    zh: `项目库 ${p.id} 当前为第 ${p.head} 版，而非 ${p.sent}：在您读取之后已有他人修改。请重新读取（ETag 为 "${p.head}"），重新修改后以 If-Match: "${p.head}" 提交。本次未写入任何内容。`,
  }),
  'library-project-stale': (p: { library: string; project: string; sent: string; changedIn: number; head: number }) => ({
    en: `the project ${quote(p.project)} of the library ${p.library} was changed in revision ${p.changedIn}, after the ${p.sent} you read: read it again (GET /v1/libraries/${p.library}/projects/${p.project}, its ETag is "${p.changedIn}"), redo your change and send If-Match: "${p.changedIn}" (or the library's "${p.head}"). Nothing was written.`,
    zh: `项目库 ${p.library} 中的项目 ${quote(p.project)} 已在第 ${p.changedIn} 版被修改，晚于您读取的 ${p.sent}：请重新读取（GET /v1/libraries/${p.library}/projects/${p.project}，其 ETag 为 "${p.changedIn}"），重新修改后以 If-Match: "${p.changedIn}"（或项目库的 "${p.head}"）提交。本次未写入任何内容。`,
  }),
  'library-if-match-required': (p: { id: string; head: number }) => ({
    en: `changing the project library ${p.id} needs the header If-Match with the revision you read (now "${p.head}"), so two people editing at once never overwrite each other.`,
    zh: `修改项目库 ${p.id} 需要在 If-Match 请求头中注明您读取的版本（当前为 "${p.head}"），以免多人同时编辑时互相覆盖。`,
  }),
  'library-if-match-unreadable': (p: { id: string; sent: string; head: number }) => ({
    en: `If-Match ${quote(p.sent)} is not a revision's ETag: send the one you read, e.g. If-Match: "${p.head}" (the project library ${p.id} is at revision ${p.head}); "*", weak tags and lists are not taken.`,
    zh: `If-Match ${quote(p.sent)} 不是版本的 ETag：请发送您读取到的 ETag，例如 If-Match: "${p.head}"（项目库 ${p.id} 当前为第 ${p.head} 版）；不接受 "*"、弱 ETag 或列表。`,
  }),
  'project-id-fixed': (p: { id: string; shown: string }) => ({
    en: `a project's number cannot change: this is ${quote(p.id)}, the patch says ${quote(p.shown)}. Remove the project (a decision) and add it again under the new number.`,
    zh: `项目编号不能修改：该项目为 ${quote(p.id)}，而修改内容为 ${quote(p.shown)}。如需更换编号，请移出该项目后以新编号重新添加。`,
  }),
  'project-field-kept': (p: { field: string }) => ({
    en: `${p.field} is kept by the service (the revision that changed a project, its decisions): it cannot be written; record a decision with POST /v1/libraries/{id}/decisions.`,
    zh: `${p.field} 由系统维护（项目最近修改所在版本、审查决定），不能直接写入；审查决定请通过 POST /v1/libraries/{id}/decisions 记录。`,
  }),
  'decision-needs-changes': () => ({
    en: 'an adjustment (adjust, 微调保留) says what it changes: give "changes", a merge patch of the project\'s fields, e.g. {"amount": "100"}.',
    zh: '微调保留（adjust）须写明调整内容：请给出 "changes"（项目字段的合并补丁），例如 {"amount": "100"}。',
  }),
  'decision-changes-not-adjust': (p: { decision: string }) => ({
    en: `"changes" belongs to an adjustment (adjust) only; a ${p.decision} decision changes no field${p.decision === 'remove' ? ' (remove sets the status to removed)' : ''}.`,
    zh: `"changes" 仅用于微调保留（adjust）；“${DECISION_ZH[p.decision] ?? p.decision}”决定不修改项目字段${p.decision === 'remove' ? '（移出即把状态设为“移出”）' : ''}。`,
  }),
  'decision-reason-blank': () => ({
    en: 'a decision needs its reason (reason): say why the project is kept, adjusted or removed, as the review minutes record it.',
    zh: '审查决定须写明理由（reason）：请说明保留、微调或移出该项目的原因，与审查记录一致。',
  }),
  'decision-project-twice': (p: { id: string; first: number }) => ({
    en: `the project ${quote(p.id)} already has a decision in this request (/decisions/${p.first}): one decision per project per request.`,
    zh: `项目 ${quote(p.id)} 在本次请求中已有决定（/decisions/${p.first}）：每次请求中每个项目只能有一个决定。`,
  }),
  'library-media-type': (p: { got: string }) => ({
    en: `a project library is sent as application/json, or as a table: text/csv, text/tab-separated-values or an .xlsx workbook (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet), not ${quote(p.got)}.`,
    zh: `项目库须以 application/json 发送，或以表格发送：text/csv、text/tab-separated-values 或 .xlsx 工作簿（application/vnd.openxmlformats-officedocument.spreadsheetml.sheet），而不是 ${quote(p.got)}。`,
  }),
  'library-table-unit-conflict': (p: { query: string; table: string }) => ({
    en: `?unit=${p.query} but the table's money headers say ${p.table}: send the unit the amounts are in once (or leave ?unit out).`,
    zh: `?unit=${p.query}，但表格金额列标题注明的单位为 ${p.table}：请只注明一次金额实际所用的单位（或省略 ?unit）。`,
  }),
  'library-if-match-ahead': (p: { id: string; sent: string; head: number }) => ({
    en: `If-Match ${p.sent} names a revision the project library ${p.id} never had: there is no revision ${p.sent.replace(/"/g, '')}; the head is ${p.head}. Read it (its ETag is "${p.head}"), redo your change and send If-Match: "${p.head}". Nothing was written.`,
    zh: `If-Match ${p.sent} 所指的版本不存在：项目库 ${p.id} 没有第 ${p.sent.replace(/"/g, '')} 版，最新为第 ${p.head} 版。请重新读取（ETag 为 "${p.head}"），重新修改后以 If-Match: "${p.head}" 提交。本次未写入任何内容。`,
  }),
  'library-revision-invalid': (p: { shown: string }) => ({
    en: `?revision=${p.shown} is not a revision: a revision is a whole number from 1 (1, 2, …); leave it out for the head.`,
    zh: `?revision=${p.shown} 不是有效的版本号：版本号是从 1 开始的整数（1、2……）；省略则为最新版本。`,
  }),
  'date-invalid': () => ({
    en: 'must be a calendar date written YYYY-MM-DD, e.g. "2025-06-30".',
    zh: '必须是 YYYY-MM-DD 格式的有效日期，如 "2025-06-30"。',
  }),
  'money-too-large': (p: { field: string; maximum: string }) => ({
    en: `${p.field} must be less than ${p.maximum} (at most 15 digits before the decimal point, in the library's unit): check the unit and the number of zeros.`,
    zh: `${p.field} 必须小于 ${p.maximum}（按项目库的单位，整数部分最多 15 位）：请检查单位和位数。`,
  }),
  'library-project-dropped': (p: { ids: string; library: string }) => ({
    en: `the new project list leaves out ${p.ids}, which the library ${p.library} holds: a project leaves the library only by a decision (POST /v1/libraries/${p.library}/decisions with "decision": "remove" and its reason), so send every project of the head again. Nothing was written.`,
    zh: `新的项目清单缺少项目库 ${p.library} 中已有的 ${p.ids}：项目只能通过审查决定移出（POST /v1/libraries/${p.library}/decisions，"decision": "remove"，并写明理由），请在清单中保留当前版本的全部项目。本次未写入任何内容。`,
  }),
  'decision-date-future': (p: { date: string; today: string }) => ({
    en: `the decision date ${p.date} is after today (${p.today}): a decision is recorded on or after the day it was made.`,
    zh: `决定日期 ${p.date} 晚于今天（${p.today}）：审查决定只能在作出当日或之后记录。`,
  }),
  'decision-date-before-entry': (p: { date: string; project: string; enteredOn: string }) => ({
    en: `the decision date ${p.date} is before the project ${quote(p.project)} entered the library (${p.enteredOn}): a project is decided on only once it is in the library.`,
    zh: `决定日期 ${p.date} 早于项目 ${quote(p.project)} 的入库日期（${p.enteredOn}）：项目入库后才能作出审查决定。`,
  }),
} satisfies Catalogue;
