/**
 * Messages of the formats out (?format=xml|xlsx|value, src/api/format/): picking one cell, and what a format
 * cannot hold. The query options' other messages (unknown parameter, trace JSON only …) are in common.ts.
 */
import type { Catalogue } from './catalogue.js';
import { someIds } from './common.js';

export const FORMATS_OUT = {
  'column-required': () => ({
    en: 'format=value gives one cell: name its column with ?column=<id> (e.g. column=amount, the CSV header without the unit).',
    zh: 'format=value 只返回一个单元格：请用 ?column=<编号> 指明列（例如 column=amount，即 CSV 表头去掉单位）。',
  }),
  'column-needs-value': () => ({
    en: '?column picks the cell of format=value: add format=value (or drop ?column).',
    zh: '?column 用于 format=value 选取单元格：请加上 format=value（或去掉 ?column）。',
  }),
  'region-needs-value': () => ({
    en: '?region picks the row of format=value on this route: add format=value&column=<id> (or drop ?region).',
    zh: '?region 在本接口用于为 format=value 选取行：请加上 format=value&column=<编号>（或去掉 ?region）。',
  }),
  'project-needs-value': () => ({
    en: '?project picks the row of format=value: add format=value&column=<id> (or drop ?project).',
    zh: '?project 用于 format=value 选取行：请加上 format=value&column=<编号>（或去掉 ?project）。',
  }),
  'one-row-selector': () => ({
    en: 'give ?region or ?project, not both: each picks the row of format=value.',
    zh: '?region 与 ?project 只能给出一个：二者都用于为 format=value 选取行。',
  }),
  'unknown-column': (p: { column: string; columns: readonly string[] }) => ({
    en: `no column "${p.column}" in this table; its columns are ${someIds(p.columns).en}.`,
    zh: `本表没有列 "${p.column}"；本表的列为 ${someIds(p.columns).zh}。`,
  }),
  'unknown-project': (p: { id: string; known?: readonly string[] }) => ({
    en: `no project "${p.id}" in this table${p.known?.length ? `; its projects are ${someIds(p.known).en}` : ''}: give the id of one of its projects.`,
    zh: `本表中没有项目 "${p.id}"${p.known?.length ? `（表中的项目为 ${someIds(p.known).zh}）` : ''}：请填写表中某个项目的编号。`,
  }),
  'ambiguous-row': (p: { id: string; paths: readonly string[] }) => ({
    en: `"${p.id}" names ${p.paths.length} rows (${someIds(p.paths).en}): give the row as "city/county".`,
    zh: `"${p.id}" 对应 ${p.paths.length} 行（${someIds(p.paths).zh}）：请写作 "市/县"。`,
  }),
  'row-required': (p: { column: string }) => ({
    en: `the total row has no value in column "${p.column}" (or the table has no total row): pick a row with ?region=<id> or ?project=<id>.`,
    zh: `合计行在列 "${p.column}" 中没有数值（或本表没有合计行）：请用 ?region=<编号> 或 ?project=<编号> 选取一行。`,
  }),
  'xml-cannot-hold': (p: { codePoint: string; where: string }) => ({
    en: `XML 1.0 cannot hold the character ${p.codePoint} (in ${p.where}): ask for format=json or csv, which can.`,
    zh: `XML 1.0 无法表示字符 ${p.codePoint}（位于 ${p.where}）：请改用 format=json 或 csv。`,
  }),
} satisfies Catalogue;
