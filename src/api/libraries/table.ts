/**
 * A project library as a table (issue 15): read from CSV (UTF-8, with or without BOM, GBK), TSV or an .xlsx
 * workbook's first sheet through the dataset readers (src/api/datasets/table.ts recordsOf, src/domain/datasets/
 * columns.ts rowsFromRecords), and written back for ?format=csv|tsv|xlsx with the same columns, so an export
 * re-imports to the same projects.
 *
 * Headers in Chinese or English (项目编号 or id, 计划投资 or amount …), with a unit where the planner puts one
 * ("计划投资（万元）") and the forms this service writes ("计划投资（万元） · planned investment (wan)", "amount (wan)").
 * Cells as planners write them: categories, purposes and fund sources by the model's Chinese names or ids
 * (sources separated by 、 , ; /), statuses 储备/计划/… , booleans 是/否 (true/false, 1/0, √/×), indicators
 * "名称:数值单位; …" (★ before a name: a core indicator), dates 2024-09-15 (or 2024/9/15, 2024年9月15日). A blank
 * cell is an absent field. Every problem names its row as the sheet shows it, the column letter and the header,
 * in English and Chinese; an unknown header is refused (nothing in a table is left unread).
 *
 * The rows come out LibraryProject-shaped: the caller runs the schema and the library's rules and places each
 * issue at /projects/<i>/<field> back on its cell with `cellOf` (locateIssue does it for a list).
 */
import type { Issue } from '../../core/errors.js';
import { norm, rowsFromRecords, type Target } from '../../domain/datasets/columns.js';
import type { DelimitedRecord } from '../../domain/datasets/delimited.js';
import { columnLetter } from '../../domain/datasets/xlsx.js';
import { decimalProblem } from '../../messages/grammar.js';
import { issue, message } from '../../messages/index.js';
import {
  MAX_LIBRARY_PROJECTS,
  PROJECT_STATUSES,
  type ProjectRulesModel,
  STATUS_ZH,
  type StoredIndicator,
  type StoredProject,
  statusOf,
} from '../../schema/projects.js';
import { MAX_ISSUES, recordsOf, tableTypeOf } from '../datasets/table.js';
import { headerOf } from '../format/xlsx.js';
import { type Column, type Table, TOTAL_LABEL } from '../respond.js';

/** How a column's cells are read and written. */
type Kind = 'text' | 'category' | 'purpose' | 'money' | 'sources' | 'indicators' | 'boolean' | 'priority' | 'year' | 'status' | 'date';

interface ProjectColumn {
  /** The project's field (output/effect: targets.output/targets.effect). */
  readonly key: string;
  readonly zh: string;
  readonly en: string;
  readonly kind: Kind;
  /** Other headers that mean it (compared as columns.ts norm compares: full-width, spaces, case, a unit in brackets). */
  readonly names: readonly string[];
  /** Every project needs it: a table without the column is refused at its header. */
  readonly required?: true;
  /** Free text kept as written, spaces around included (the others are names: trimmed, as the schema wants them). */
  readonly raw?: true;
}

/** The columns of a project library, in the order an export writes them. */
export const PROJECT_COLUMNS: readonly ProjectColumn[] = [
  { key: 'id', zh: '项目编号', en: 'id', kind: 'text', names: ['编号', '项目代码', '项目编码', 'project id', 'project number'], required: true },
  { key: 'name', zh: '项目名称', en: 'name', kind: 'text', names: ['名称', 'project name'], required: true },
  { key: 'town', zh: '乡镇', en: 'town', kind: 'text', names: ['所在乡镇', '乡（镇）', '乡(镇)', '镇'] },
  { key: 'village', zh: '村', en: 'village', kind: 'text', names: ['行政村', '所在村', '村名', '村（社区）', '村(社区)'] },
  { key: 'category', zh: '项目类别', en: 'category', kind: 'category', names: ['项目类型', '类别', '类型'], required: true },
  { key: 'purpose', zh: '项目用途', en: 'purpose', kind: 'purpose', names: ['用途', '项目性质'] },
  { key: 'content', zh: '建设内容', en: 'content', kind: 'text', names: ['建设内容及规模', '建设规模', '建设内容和规模'], raw: true },
  {
    key: 'amount',
    zh: '计划投资',
    en: 'amount',
    kind: 'money',
    names: ['计划投资额', '总投资', '项目总投资', '投资', '投资额', '资金规模', '金额', 'planned investment'],
    required: true,
  },
  { key: 'approvedAmount', zh: '批复金额', en: 'approvedAmount', kind: 'money', names: ['计划批复金额', '批复资金', 'approved amount'] },
  { key: 'sources', zh: '资金来源', en: 'sources', kind: 'sources', names: ['资金渠道', 'fund sources'] },
  { key: 'output', zh: '产出指标', en: 'output', kind: 'indicators', names: ['output indicators'] },
  { key: 'effect', zh: '效益指标', en: 'effect', kind: 'indicators', names: ['effect indicators'] },
  { key: 'linkage', zh: '利益联结机制', en: 'linkage', kind: 'text', names: ['联农带农机制', '利益联结', 'benefit linkage'], raw: true },
  { key: 'feasibilityReviewed', zh: '评估论证', en: 'feasibilityReviewed', kind: 'boolean', names: ['是否评估论证', '可行性论证', 'feasibility reviewed'] },
  { key: 'drawingReviewed', zh: '施工图审查', en: 'drawingReviewed', kind: 'boolean', names: ['施工图联合审查', '是否施工图审查', 'drawing reviewed'] },
  { key: 'priority', zh: '优先序', en: 'priority', kind: 'priority', names: ['优先级', '三个优先', '优先类别'] },
  // in the library's unit like every amount (the weak-village line of 15万元 is converted for a library in 元)
  { key: 'villageIncome', zh: '村集体经济收入', en: 'villageIncome', kind: 'money', names: ['集体经济收入', '村集体收入', 'village income'] },
  {
    key: 'keyTown',
    zh: '重点帮扶镇',
    en: 'keyTown',
    kind: 'boolean',
    names: ['重点帮扶镇（村）', '重点帮扶镇(村)', '是否重点帮扶镇', '重点帮扶村', 'key town'],
  },
  { key: 'year', zh: '计划年度', en: 'year', kind: 'year', names: ['年度', '实施年度', 'plan year'] },
  { key: 'status', zh: '状态', en: 'status', kind: 'status', names: ['项目状态'] },
  { key: 'enteredOn', zh: '入库日期', en: 'enteredOn', kind: 'date', names: ['入库时间', 'entered on'] },
  { key: 'startedOn', zh: '开工日期', en: 'startedOn', kind: 'date', names: ['开工时间', 'started on'] },
  { key: 'completedOn', zh: '完工日期', en: 'completedOn', kind: 'date', names: ['完工时间', 'completed on'] },
  { key: 'arranged', zh: '已安排资金', en: 'arranged', kind: 'money', names: ['已安排', '已安排金额'] },
  { key: 'paid', zh: '已拨付', en: 'paid', kind: 'money', names: ['已拨付资金', '已拨付金额', '拨付金额'] },
  { key: 'department', zh: '主管部门', en: 'department', kind: 'text', names: ['责任单位', '主管单位'] },
];

/** Every name each column goes by, normalised. */
const LEXICON: ReadonlyMap<string, ProjectColumn> = (() => {
  const map = new Map<string, ProjectColumn>();
  for (const col of PROJECT_COLUMNS) for (const n of [col.zh, col.en, ...col.names]) map.set(norm(n), col);
  return map;
})();

/** The headers a project table may have, as the unknown-header message lists them. */
export const KNOWN_HEADERS: readonly string[] = PROJECT_COLUMNS.map((c) => `${c.zh}/${c.en}`);

/** One header's column: as written, else each side of "中文 · english", else "中文（unit or id）" by either part. */
function columnOfHeader(header: string): ProjectColumn | undefined {
  const h = header.trim();
  const direct = LEXICON.get(norm(h));
  if (direct) return direct;
  const dot = /^(.+?)\s*·\s*(.+)$/.exec(h);
  if (dot) return columnOfHeader(dot[1]) ?? columnOfHeader(dot[2]);
  const m = /^(.*?)\s*[(（]([^()（）]+)[)）]$/.exec(h);
  if (m) return LEXICON.get(norm(m[1])) ?? LEXICON.get(norm(m[2]));
  return undefined;
}

/** The unit a money header names ("计划投资（万元）", "amount (yuan)"), if any. */
function headerUnit(header: string): 'wan' | 'yuan' | undefined {
  const m = /[(（]\s*(万元|元|wan|yuan)\s*[)）]/i.exec(header);
  if (!m) return undefined;
  return m[1] === '万元' || m[1].toLowerCase() === 'wan' ? 'wan' : 'yuan';
}

/** Where a project's field sits in the sheet. */
export interface CellRef {
  /** The row as the sheet (or a text editor, for CSV) shows it. */
  readonly row: number;
  /** The column letter (A, B, … AA). */
  readonly column: string;
  /** The header as written. */
  readonly header: string;
}

export type ProjectsTableRead =
  | {
      readonly projects: unknown[];
      /** The cell a /projects/<i>/<field>… pointer came from; undefined when no column holds it (or no such row). */
      readonly cellOf: (pointer: string) => CellRef | undefined;
      /** The unit the money headers name ("计划投资（万元）"), when they name one. */
      readonly unit?: 'wan' | 'yuan';
    }
  | { readonly issues: Issue[] };

/** An issue at /projects/<i>/… with its cell (row, column letter, header) said first, in both languages. */
export function locateIssue(at: Issue, cellOf: (pointer: string) => CellRef | undefined, rowOf?: (pointer: string) => number | undefined): Issue {
  const cell = cellOf(at.path);
  const row = cell?.row ?? rowOf?.(at.path);
  if (row === undefined) return at;
  const where = cell ? message('library-table-cell', { row: cell.row, letter: cell.column, header: cell.header }) : message('library-table-row', { row });
  return { ...at, en: `${where.en}: ${at.en}`, zh: `${where.zh}：${at.zh}` };
}

const POINTER = /^\/projects\/(\d+)(?:\/([^/]+)(?:\/([^/]+))?)?/;

/** The column key a pointer inside a project names: /targets/output/… → output; /targets → output (else effect). */
function keyOfPointer(field: string | undefined, sub: string | undefined, present: ReadonlyMap<string, number>): string | undefined {
  if (field === undefined) return undefined;
  if (field === 'targets') {
    if (sub === 'output' || sub === 'effect') return sub;
    return present.has('output') ? 'output' : 'effect';
  }
  return field;
}

/** Text cells a planner writes for yes and no. */
const YES = new Set(['是', 'true', '1', '√', '✓', '✔', 'y', 'yes', '有', '已']);
const NO = new Set(['否', 'false', '0', '×', '✗', 'x', 'n', 'no', '无', '未']);

/** An indicator's value: digits, decimals, and thousands separators (refused, with the service's own words). */
const VALUE = /^(\d{1,3}(?:[,，]\d{3})+|\d+)(\.\d+)?/;
/** A number written with thousands separators ("1,200.5"): refused as JSON refuses it, not silently read. */
const GROUPED = /^[+-]?\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?$/;

/** The model's ids by every name they go by (id, Chinese, English), normalised. */
function namesOf(list: readonly { id: string; zh: string; en: string }[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const x of list) for (const n of [x.id, x.zh, x.en]) if (!map.has(norm(n))) map.set(norm(n), x.id);
  return map;
}

/** One indicator cell read: the indicators, or the problems (each at its item's pointer). */
function indicatorsOf(cell: string, at: string): { list: StoredIndicator[]; issues: Issue[] } {
  const list: StoredIndicator[] = [];
  const issues: Issue[] = [];
  const items = cell
    .split(/[;；\r\n]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  items.forEach((item, k) => {
    const here = `${at}/${k}`;
    let text = item;
    const core = /^[★*]/.test(text);
    if (core) text = text.slice(1).trim();
    const colon = Math.max(text.lastIndexOf(':'), text.lastIndexOf('：'));
    const name = colon > 0 ? text.slice(0, colon).trim() : '';
    if (name === '') {
      issues.push(issue(here, 'library-indicator-form', { item }));
      return;
    }
    const rest = text.slice(colon + 1).trim();
    const m = VALUE.exec(rest);
    if (!m) {
      issues.push(issue(here, 'library-indicator-value', { item, name, shown: rest }));
      return;
    }
    const unit = rest.slice(m[0].length).trim();
    if (unit === '') {
      issues.push(issue(here, 'library-indicator-unit', { item, name }));
      return;
    }
    if (/[,，]/.test(m[0])) {
      issues.push({ path: here, ...decimalProblem(m[0]) });
      return;
    }
    list.push({ name, value: m[0], unit, ...(core ? { core: true } : {}) });
  });
  return { list, issues };
}

/** "2024/9/15", "2024年9月15日", "2024-09-15 00:00" → "2024-09-15"; undefined when it is no date's form. */
function dateOf(cell: string): string | undefined {
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00)?(?:\.000)?Z?)?$/.exec(cell);
  if (iso) return iso[1];
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(cell);
  return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : undefined;
}

const PRIORITY: Readonly<Record<string, 1 | 2 | 3>> = { '1': 1, '2': 2, '3': 3, 一: 1, 二: 2, 三: 3 };

/**
 * A project table's bytes as LibraryProject-shaped rows, or every problem of its headers and cells. `contentType`
 * picks the reader (text/csv, text/tab-separated-values, the .xlsx media type); `model` names the categories,
 * purposes and fund sources a cell may give by name.
 */
export async function readProjectsTable(bytes: Uint8Array, contentType: string, model: ProjectRulesModel): Promise<ProjectsTableRead> {
  const type = tableTypeOf(contentType);
  if (!type) return { issues: [issue('', 'library-table-type', { got: contentType })] };
  const read = await recordsOf(bytes, type);
  if (!read.ok) return { issues: read.issues };
  const issues: Issue[] = [...read.issues];
  const header = read.records[0];
  let records: readonly DelimitedRecord[] = read.records.slice(1);
  // the total row an export through the calculation responder ends with ("total · 合计" in the first column)
  const last = records[records.length - 1];
  if (last && last.cells[0]?.trim() === TOTAL_LABEL) records = records.slice(0, -1);

  // ── the header ──
  const columns: (ProjectColumn | undefined)[] = [];
  const place = new Map<string, number>(); // column key → index of the header cell
  const units = new Map<'wan' | 'yuan', string>();
  header.cells.forEach((raw, j) => {
    const h = raw.trim();
    const col = h === '' ? undefined : columnOfHeader(h);
    columns.push(col);
    const letter = columnLetter(j);
    if (!col) {
      // an empty header over an empty column is no column at all (a sheet's trailing cells)
      if (h === '' && records.every((r) => (r.cells[j] ?? '').trim() === '')) return;
      issues.push(issue(`/columns/${j}`, 'library-unknown-header', { header: h, row: header.line, letter, known: KNOWN_HEADERS }));
      return;
    }
    const first = place.get(col.key);
    if (first !== undefined) {
      issues.push(
        issue(`/columns/${j}`, 'library-duplicate-header', {
          header: h,
          row: header.line,
          letter,
          first: header.cells[first].trim(),
          firstLetter: columnLetter(first),
        }),
      );
      columns[j] = undefined;
      return;
    }
    place.set(col.key, j);
    const unit = col.kind === 'money' ? headerUnit(h) : undefined;
    if (unit && !units.has(unit)) units.set(unit, h);
  });
  const missing = PROJECT_COLUMNS.filter((c) => c.required && !place.has(c.key)).map((c) => `${c.zh}/${c.en}`);
  if (missing.length > 0) issues.push(issue('/columns', 'library-missing-columns', { row: header.line, missing }));
  if (units.size > 1) issues.push(issue('/columns', 'library-header-units', { units: [...units.values()] }));
  if (records.length > MAX_LIBRARY_PROJECTS) issues.push(issue('/projects', 'too-many', { maximum: MAX_LIBRARY_PROJECTS }));

  const cellOf = (p: string): CellRef | undefined => {
    const m = POINTER.exec(p);
    if (!m) return undefined;
    const record = records[Number(m[1])];
    const key = keyOfPointer(m[2], m[3], place);
    const j = key === undefined ? undefined : place.get(key);
    if (!record || j === undefined) return undefined;
    return { row: record.line, column: columnLetter(j), header: header.cells[j].trim() };
  };
  const rowOf = (p: string): number | undefined => {
    const m = POINTER.exec(p);
    return m ? records[Number(m[1])]?.line : undefined;
  };

  // ── the cells: split by the dataset reader (blank cells left out, defused formulas read back), then each read ──
  const targets: Target[] = columns.map((c, j) => (c ? { field: c.key } : { value: `\u0000${j}` }));
  const made = rowsFromRecords(records, header.cells, targets);
  for (const x of made.issues) issues.push({ ...x, path: x.path.replace(/^\/rows\//, '/projects/') });
  const categories = namesOf(model.categories);
  const purposes = namesOf(model.purposes);
  const sources = namesOf(model.fundSources);
  const projects = made.rows.map((cells, i) => {
    const project: Record<string, unknown> = {};
    for (const col of PROJECT_COLUMNS) {
      const raw = cells[col.key];
      if (typeof raw !== 'string' || raw.trim() === '') continue;
      const cell = raw.trim();
      const at = `/projects/${i}/${col.key === 'output' || col.key === 'effect' ? `targets/${col.key}` : col.key}`;
      switch (col.kind) {
        case 'text':
          project[col.key] = col.raw ? raw : cell;
          break;
        case 'category':
          project.category = categories.get(norm(cell)) ?? cell;
          break;
        case 'purpose':
          project.purpose = purposes.get(norm(cell)) ?? cell;
          break;
        case 'money':
          // "1,200" is the thousands-separator problem here as in JSON; other forms are the schema's to say
          if (GROUPED.test(cell)) issues.push({ path: at, ...decimalProblem(cell, 'amount') });
          else project[col.key] = cell;
          break;
        case 'sources':
          project.sources = cell
            .split(/[、,，;；/]+/)
            .map((s) => s.trim())
            .filter((s) => s !== '')
            .map((s) => sources.get(norm(s)) ?? s);
          break;
        case 'indicators': {
          const read = indicatorsOf(cell, at);
          issues.push(...read.issues);
          if (read.issues.length === 0) ((project.targets ??= {}) as Record<string, unknown>)[col.key] = read.list;
          break;
        }
        case 'boolean': {
          const word = norm(cell);
          if (YES.has(word)) project[col.key] = true;
          else if (NO.has(word)) project[col.key] = false;
          else issues.push(issue(at, 'library-not-boolean', { shown: cell }));
          break;
        }
        case 'priority': {
          const p = PRIORITY[norm(cell).replace(/\.0+$/, '')];
          if (p) project.priority = p;
          else issues.push(issue(at, 'library-not-priority', { shown: cell }));
          break;
        }
        case 'year': {
          const m = /^(\d{4})(?:\.0+)?年?$/.exec(norm(cell));
          if (m) project.year = Number(m[1]);
          else issues.push(issue(at, 'library-not-year', { shown: cell }));
          break;
        }
        case 'status': {
          const status = statusOf(/^[A-Za-z]+$/.test(cell) ? cell.toLowerCase() : cell);
          if ((PROJECT_STATUSES as readonly unknown[]).includes(status)) project.status = status;
          else issues.push(issue(at, 'library-not-status', { shown: cell, known: PROJECT_STATUSES.map((s) => ({ id: s, zh: STATUS_ZH[s] })) }));
          break;
        }
        case 'date': {
          const d = dateOf(cell);
          if (d) project[col.key] = d;
          else issues.push(issue(at, 'library-not-date', { shown: cell }));
          break;
        }
      }
    }
    return project;
  });
  if (issues.length > 0) {
    issues.sort((a, b) => (rowOf(a.path) ?? 0) - (rowOf(b.path) ?? 0));
    return { issues: issues.slice(0, MAX_ISSUES).map((x) => locateIssue(x, cellOf, rowOf)) };
  }
  const unit = units.size === 1 ? [...units.keys()][0] : undefined;
  return { projects, cellOf, ...(unit ? { unit } : {}) };
}

// ── the export ──

const TEXT_KINDS: ReadonlySet<Kind> = new Set(['text', 'category', 'purpose', 'sources', 'indicators', 'boolean', 'status', 'date']);

/** The table's columns: each titled in both languages ("计划投资（万元） · planned investment (wan)" in a workbook). */
export const PROJECT_TABLE_COLUMNS: readonly Column[] = PROJECT_COLUMNS.map((c) => ({
  id: c.key,
  title: { zh: c.zh, en: c.names.find((n) => /^[a-z ]+$/.test(n) && n.includes(' ')) ?? c.en },
  ...(c.kind === 'money' ? { money: true } : {}),
  ...(c.key === 'villageIncome' ? { sum: false } : {}),
  ...(TEXT_KINDS.has(c.kind) || c.key === 'id' ? { text: true } : {}),
}));

/**
 * The header row CSV and TSV write, the one a workbook has (src/api/format/xlsx.ts headerOf): "项目编号 · project id",
 * "计划投资（万元） · planned investment (wan)"; readProjectsTable reads either side of each.
 */
export function projectsHeader(unit: string): string[] {
  return PROJECT_TABLE_COLUMNS.map((c) => headerOf(c, unit, undefined));
}

/** An indicator list as its cell: "★新建基地:200亩; 培训:50人次". */
function indicatorsCell(list: readonly StoredIndicator[] | undefined): string {
  return (list ?? []).map((i) => `${i.core ? '★' : ''}${i.name}:${i.value}${i.unit}`).join('; ');
}

/**
 * The projects as a table (src/api/respond.ts Table): one row per project in PROJECT_COLUMNS order, categories,
 * purposes, fund sources and statuses in the model's Chinese words, booleans 是/否 — what readProjectsTable
 * reads back to the same projects.
 */
export function projectsTable(projects: readonly StoredProject[], model: ProjectRulesModel): Table {
  const zh = (list: readonly { id: string; zh: string }[], id: string | undefined) => (id === undefined ? '' : (list.find((x) => x.id === id)?.zh ?? id));
  const yesNo = (b: boolean | undefined) => (b === undefined ? '' : b ? '是' : '否');
  const rows = projects.map((p) =>
    PROJECT_COLUMNS.map((c): string => {
      switch (c.key) {
        case 'category':
          return zh(model.categories, p.category);
        case 'purpose':
          return zh(model.purposes, p.purpose);
        case 'sources':
          return (p.sources ?? []).map((s) => zh(model.fundSources, s)).join('、');
        case 'output':
          return indicatorsCell(p.targets?.output);
        case 'effect':
          return indicatorsCell(p.targets?.effect);
        case 'status':
          return STATUS_ZH[p.status] ?? p.status;
        case 'feasibilityReviewed':
        case 'drawingReviewed':
        case 'keyTown':
          return yesNo((p as unknown as Record<string, boolean | undefined>)[c.key]);
        default: {
          const v = (p as unknown as Record<string, unknown>)[c.key];
          return v === undefined || v === null ? '' : String(v);
        }
      }
    }),
  );
  return { columns: PROJECT_TABLE_COLUMNS, rows };
}
