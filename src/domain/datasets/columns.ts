/**
 * From a planner's table to the rows the calculation routes take, and back:
 *
 * - the vocabulary of a model: which indicators it reads (`input`, else `id`), their titles in Chinese and
 *   English (脱贫人口 → poverty), which of them are categories and the names each category goes by
 *   (国家重点县 → national), the pipeline's inputs (points, grade, misused);
 * - headers mapped to fields: the fixed columns (编号 → id, 名称 → name, 行政层级 → level, 上年金额 → lastYear;
 *   for projects 项目名称, 所属地区, 项目类别, 总投资 …), the model's indicators by id, input or title, and
 *   "脱贫人口 (poverty)" (the header this service writes) by either part;
 * - values normalised the same way for JSON and CSV (categories and levels written in Chinese become their
 *   ids), with every problem at its JSON pointer (/rows/12/indicators/poverty);
 * - for CSV, where each pointer came from (line, header), so a message names what the planner sees.
 *
 * Pure: no I/O, no zod. The schema check of the rows is the API's (src/api/datasets/).
 */
import { type Issue, pointer } from '../../core/errors.js';
import { decimalProblem } from '../../messages/grammar.js';
import { issue, message } from '../../messages/index.js';
import type { DelimitedRecord } from './delimited.js';

export type DatasetKind = 'regions' | 'projects';

/** One indicator a model reads. */
export interface IndicatorTerm {
  /** The key in a region's `indicators`. */
  readonly key: string;
  /** Headers that mean it, besides the key: titles in Chinese and English. */
  readonly names: readonly string[];
  /** Categories (coefficient indicators): each value and the names it goes by. Absent: a number. */
  readonly categories?: readonly { readonly value: string; readonly names: readonly string[] }[];
  /** A text that is not a category list (a grade: 好, 较好 …). */
  readonly text?: boolean;
}

/** What a model lets a table say; null model: indicators by id only. */
export interface Vocabulary {
  readonly model: string | null;
  readonly indicators: readonly IndicatorTerm[];
}

export const NO_MODEL: Vocabulary = { model: null, indicators: [] };

/** Names the fixed columns go by (compared normalised: see norm). */
const REGION_FIELDS: Readonly<Record<string, readonly string[]>> = {
  id: ['id', '编号', '代码', '编码', '区划代码', '行政区划代码', '地区编码', '地区代码', '地区编号'],
  name: ['name', '名称', '地区', '地区名称', '县名', '县(市、区)', '县（市、区）', '县市区', '单位', '单位名称'],
  level: ['level', '行政层级', '层级', '级别'],
  lastYear: ['lastYear', '上年金额', '上年分配金额', '上年资金', '上年度分配金额', '上年度资金', '上年度金额'],
};

const PROJECT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  id: ['id', '编号', '项目编号', '项目代码', '项目编码'],
  name: ['name', '名称', '项目名称'],
  region: ['region', '地区', '所属地区', '县', '所属县', '县(市、区)', '县（市、区）', '地区编号'],
  category: ['category', '类别', '项目类别', '项目类型', '类型'],
  cost: ['cost', '投资', '总投资', '项目总投资', '投资额', '成本', '资金', '金额', '资金规模'],
  town: ['town', '乡镇', '乡', '镇', '所在乡镇'],
  village: ['village', '村', '村名', '所在村', '行政村'],
};

/** Names of the pipeline's inputs when a model reads them. */
export const PIPELINE_NAMES: Readonly<Record<'points' | 'grades' | 'negativeList', readonly string[]>> = {
  points: ['积分', '计分', '考核积分', '综合积分', '得分'],
  grades: ['绩效评价等级', '评价等级', '评价结果', '绩效评价结果', '等级'],
  negativeList: ['负面清单金额', '违规金额', '违规使用金额', '负面清单'],
};

/** The common Chinese names of the key-county categories, wherever a model uses these ids. */
export const CATEGORY_NAMES: Readonly<Record<string, readonly string[]>> = {
  national: ['国家重点县', '国家乡村振兴重点帮扶县', '国家重点帮扶县', '国家级重点帮扶县', '国家级', '国家级重点县'],
  provincial: ['省级重点县', '省级乡村振兴重点帮扶县', '省重点帮扶县', '省级重点帮扶县', '省级', '省重点县'],
  other: ['其他', '其它', '非重点县', '一般县', '否', '无', '非重点帮扶县'],
};

/** Levels in Chinese. */
const LEVEL_NAMES: Readonly<Record<string, string>> = {
  省: 'province',
  省级: 'province',
  市: 'city',
  市级: 'city',
  州: 'city',
  地级: 'city',
  县: 'county',
  县级: 'county',
  区: 'county',
  县级市: 'county',
  乡: 'town',
  镇: 'town',
  乡镇: 'town',
  乡级: 'town',
};

/**
 * A header or name as compared: NFKC (full-width letters, digits and brackets become plain), spaces and a
 * trailing unit in brackets dropped ("上年金额（万元）" = "上年金额"), ASCII lower case.
 */
export function norm(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/\((万元|元|亿元|人|户|个|%|分)\)$/, '')
    .toLowerCase();
}

/** Where a column's cells go in a row. */
export type Target =
  | { readonly field: string }
  | { readonly indicator: string }
  /** a project's own value (any id-shaped header) */
  | { readonly value: string };

/** The path of a target inside a row. */
export function targetPath(t: Target): (string | number)[] {
  if ('field' in t) return [t.field];
  if ('indicator' in t) return ['indicators', t.indicator];
  return ['values', t.value];
}

const ID_SHAPED = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/** Every header each target goes by, for lookups and for the message listing the known headers. */
function lexicon(kind: DatasetKind, vocab: Vocabulary): Map<string, Target> {
  const map = new Map<string, Target>();
  const fields = kind === 'regions' ? REGION_FIELDS : PROJECT_FIELDS;
  for (const [field, names] of Object.entries(fields)) for (const n of names) map.set(norm(n), { field });
  if (kind === 'regions') {
    for (const ind of vocab.indicators) {
      for (const n of [ind.key, ...ind.names]) if (!map.has(norm(n))) map.set(norm(n), { indicator: ind.key });
    }
  }
  return map;
}

/** The header this service writes for a target: Chinese where the model names it, then the key. */
export function headerOf(kind: DatasetKind, vocab: Vocabulary, t: Target): string {
  if ('indicator' in t) {
    const ind = vocab.indicators.find((i) => i.key === t.indicator);
    const zh = ind?.names.find((n) => /[\u4e00-\u9fff]/.test(n));
    return zh ? `${zh} (${t.indicator})` : t.indicator;
  }
  if ('value' in t) return t.value;
  const names = (kind === 'regions' ? REGION_FIELDS : PROJECT_FIELDS)[t.field];
  return `${names[1]} (${t.field})`;
}

/** One header's target: as written, else each part of "中文 (key)", or of an answer workbook's "中文 · key". */
function lookup(map: Map<string, Target>, header: string): Target | undefined {
  const direct = map.get(norm(header));
  if (direct) return direct;
  // a calculation's XLSX writes "编号 · id" (src/api/format/xlsx.ts headerOf): its columns that are fields map back
  const dot = /^(.+?)\s+·\s+(.+)$/.exec(header.trim());
  if (dot) return lookup(map, dot[2]) ?? lookup(map, dot[1]);
  const m = /^(.*?)[(（]([^()（）]+)[)）]$/.exec(header.trim());
  if (m) return map.get(norm(m[2])) ?? map.get(norm(m[1]));
  return undefined;
}

const sameTarget = (a: Target, b: Target) => targetPath(a).join('/') === targetPath(b).join('/');

/**
 * The target of each header, with the problems: a header nothing maps to (with a model: anything it does
 * not read; without: anything not id-shaped), two headers for one field, no id column.
 */
export function mapHeaders(kind: DatasetKind, vocab: Vocabulary, headers: readonly string[], line: number): { targets: Target[]; issues: Issue[] } {
  const map = lexicon(kind, vocab);
  const targets: Target[] = [];
  const issues: Issue[] = [];
  const known = knownHeaders(kind, vocab);
  headers.forEach((raw, j) => {
    const header = raw.trim();
    let t = lookup(map, header);
    if (!t && ID_SHAPED.test(header)) {
      if (kind === 'projects') t = { value: header };
      else if (vocab.model === null) t = { indicator: header };
    }
    if (!t) {
      const at = pointer('columns', j);
      if (header === '') issues.push(issue(at, 'csv-empty-header', { line, column: j + 1 }));
      else issues.push(issue(at, 'unknown-header', { header, line, column: j + 1, model: vocab.model, known }));
      targets.push({ value: `\u0000${j}` });
      return;
    }
    const first = targets.findIndex((u) => sameTarget(u, t));
    if (first >= 0) issues.push(issue(pointer('columns', j), 'duplicate-header', { header, line, column: j + 1, first: headers[first].trim() }));
    targets.push(t);
  });
  if (!targets.some((t) => 'field' in t && t.field === 'id')) {
    const names = (kind === 'regions' ? REGION_FIELDS : PROJECT_FIELDS).id;
    issues.push(issue('/columns', 'missing-id-column', { line, names: names.join(', ') }));
  }
  return { targets, issues };
}

/** The headers a table of this kind may have, for the unknown-header message (the main name of each). */
export function knownHeaders(kind: DatasetKind, vocab: Vocabulary): string[] {
  const fields = kind === 'regions' ? REGION_FIELDS : PROJECT_FIELDS;
  const out = Object.entries(fields).map(([f, names]) => `${names[1]}/${f}`);
  for (const ind of vocab.indicators) {
    const zh = ind.names.find((n) => /[\u4e00-\u9fff]/.test(n));
    out.push(zh ? `${zh}/${ind.key}` : ind.key);
  }
  return out;
}

/** Where a pointer of a CSV-made row came from. */
export interface CsvOrigin {
  /** The line each row starts on. */
  readonly lines: readonly number[];
  /** The header of each path inside a row ("indicators/poverty" → "脱贫人口"). */
  readonly headers: ReadonlyMap<string, string>;
}

/** Rows from the records after the header (empty cells left out), and where each came from. */
export function rowsFromRecords(
  records: readonly DelimitedRecord[],
  headerCells: readonly string[],
  targets: readonly Target[],
): { rows: Record<string, unknown>[]; origin: CsvOrigin; issues: Issue[] } {
  const rows: Record<string, unknown>[] = [];
  const lines: number[] = [];
  const issues: Issue[] = [];
  const headers = new Map<string, string>();
  targets.forEach((t, j) => headers.set(targetPath(t).join('/'), headerCells[j].trim()));
  records.forEach((rec, i) => {
    lines.push(rec.line);
    if (rec.cells.length > targets.length && rec.cells.slice(targets.length).some((c) => c !== '')) {
      issues.push(issue(pointer('rows', i), 'csv-extra-cells', { line: rec.line, cells: rec.cells.length, headers: targets.length }));
    }
    const row: Record<string, unknown> = {};
    targets.forEach((t, j) => {
      const cell = unescapeCell(rec.cells[j] ?? '');
      if (cell === '' || ('value' in t && t.value.startsWith('\u0000'))) return;
      if ('field' in t) row[t.field] = cell;
      else if ('indicator' in t) ((row.indicators ??= {}) as Record<string, unknown>)[t.indicator] = cell;
      else ((row.values ??= {}) as Record<string, unknown>)[t.value] = cell;
    });
    if (!('indicators' in row) && targets.some((t) => 'indicator' in t)) row.indicators = {};
    rows.push(row);
  });
  return { rows, origin: { lines, headers }, issues };
}

/** A cell this service wrote defused against formula injection ('=… in quotes) reads back as written before. */
function unescapeCell(cell: string): string {
  return /^'[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/.test(cell) ? cell.slice(1) : cell;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * Rows (from JSON or CSV) with categories and levels written in Chinese turned into their ids, and the
 * problems a schema cannot see: a category the model does not know, a number in a number's column that is
 * not a decimal, an indicator the model does not read, ids used twice, more than `max` rows.
 */
export function normaliseRows(kind: DatasetKind, vocab: Vocabulary, rows: readonly unknown[], max: number): { rows: unknown[]; issues: Issue[] } {
  const issues: Issue[] = [];
  if (rows.length > max) issues.push(issue('/rows', 'too-many-rows', { maximum: max, got: rows.length }));
  const terms = new Map(vocab.indicators.map((i) => [i.key, i]));
  // each category indicator's values by id and by normalised name, built once (10,000 rows × names would be slow)
  const categoryOf = new Map<string, Map<string, string>>();
  for (const term of vocab.indicators) {
    if (!term.categories) continue;
    const byName = new Map<string, string>();
    for (const c of term.categories) for (const n of c.names) if (!byName.has(norm(n))) byName.set(norm(n), c.value);
    for (const c of term.categories) byName.set(c.value, c.value);
    categoryOf.set(term.key, byName);
  }
  const seen = new Map<string, number>();
  const out = rows.map((row, i) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) return row;
    const r = { ...(row as Record<string, unknown>) };
    if (typeof r.id === 'string' || typeof r.id === 'number') {
      const id = String(r.id);
      const first = seen.get(id);
      if (first !== undefined) issues.push(issue(pointer('rows', i, 'id'), 'duplicate-id', { id: JSON.stringify(id), first: `/rows/${first}` }));
      else seen.set(id, i);
    }
    if (kind === 'regions') {
      if (typeof r.level === 'string' && LEVEL_NAMES[norm(r.level)]) r.level = LEVEL_NAMES[norm(r.level)];
      const ind = r.indicators;
      if (ind !== null && typeof ind === 'object' && !Array.isArray(ind)) {
        const values = { ...(ind as Record<string, unknown>) };
        for (const [key, value] of Object.entries(values)) {
          const at = () => pointer('rows', i, 'indicators', key);
          const term = terms.get(key);
          if (vocab.model !== null && !term) {
            issues.push(issue(at(), 'indicator-not-in-model', { key, model: vocab.model, known: [...terms.keys()].join(', ') }));
            continue;
          }
          if (term?.categories) {
            if (typeof value !== 'string') continue; // the schema says what a category must be
            const byName = categoryOf.get(key)!;
            const found = byName.get(value) ?? byName.get(norm(value));
            if (found !== undefined) values[key] = found;
            else
              issues.push(
                issue(at(), 'unknown-category', {
                  shown: JSON.stringify(value),
                  input: key,
                  known: term.categories.map((c) => (c.names[0] ? `${c.value} (${c.names[0]})` : c.value)).join(', '),
                }),
              );
            continue;
          }
          if (term?.text) continue;
          // a number's column (or, with no model, a value with digits in it): a decimal, as the grammar says
          if (typeof value === 'string' && !DECIMAL.test(value) && (term !== undefined || /\d/.test(value))) {
            issues.push({ path: at(), ...decimalProblem(value) });
          }
        }
        r.indicators = values;
      }
    }
    return r;
  });
  return { rows: out, issues };
}

/** An issue at a CSV-made row's pointer, its message naming the line and the header. */
export function locate(issueAt: Issue, origin: CsvOrigin): Issue {
  const m = /^\/rows\/(\d+)(?:\/(.*))?$/.exec(issueAt.path);
  if (!m) return issueAt;
  const line = origin.lines[Number(m[1])];
  if (line === undefined) return issueAt;
  const header = m[2] !== undefined ? (origin.headers.get(m[2]) ?? origin.headers.get(m[2].split('/').slice(0, 2).join('/'))) : undefined;
  const where = message('csv-location', { line, header });
  return { ...issueAt, en: `${where.en}: ${issueAt.en}`, zh: `${where.zh}：${issueAt.zh}` };
}
