/**
 * Messages of a project library sent or read as a table (CSV, TSV, XLSX; src/api/libraries/table.ts): the
 * headers, the cells that are no boolean, year, date or priority, the indicator cells ("名称:数值单位; …").
 * Each cell's problem is said after its location, "row 7, column C "计划投资"" (library-table-cell).
 */
import type { Catalogue } from './catalogue.js';

const quote = (v: unknown) => JSON.stringify(String(v));

export const LIBRARY_TABLES = {
  'library-table-cell': (p: { row: number; letter: string; header: string }) => ({
    en: `row ${p.row}, column ${p.letter} ${quote(p.header)}`,
    zh: `第 ${p.row} 行 ${p.letter} 列“${p.header}”`,
  }),
  'library-table-row': (p: { row: number }) => ({ en: `row ${p.row}`, zh: `第 ${p.row} 行` }),
  'library-table-type': (p: { got: string }) => ({
    en: `a project table is sent as text/csv, text/tab-separated-values or an .xlsx workbook (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet), not ${quote(p.got)}.`,
    zh: `项目表须以 text/csv、text/tab-separated-values 或 .xlsx 工作簿（application/vnd.openxmlformats-officedocument.spreadsheetml.sheet）发送，而不是 ${quote(p.got)}。`,
  }),
  'library-unknown-header': (p: { header: string; row: number; letter: string; known: readonly string[] }) => ({
    en: `row ${p.row}, column ${p.letter}: the header ${quote(p.header)} is not a column of a project library (nothing in a table is left out unread: rename or delete the column). Known headers: ${p.known.join(', ')}.`,
    zh: `第 ${p.row} 行 ${p.letter} 列：表头 ${quote(p.header)} 不是项目库的列（表中各列都须读取，不会略过：请改名或删除该列）。可用的表头：${p.known.join('、')}。`,
  }),
  'library-duplicate-header': (p: { header: string; row: number; letter: string; first: string; firstLetter: string }) => ({
    en: `row ${p.row}, column ${p.letter}: ${quote(p.header)} names the same field as column ${p.firstLetter} ${quote(p.first)}; keep one.`,
    zh: `第 ${p.row} 行 ${p.letter} 列：${quote(p.header)} 与 ${p.firstLetter} 列 ${quote(p.first)} 对应同一字段；请只保留一列。`,
  }),
  'library-missing-columns': (p: { row: number; missing: readonly string[] }) => ({
    en: `the header (row ${p.row}) lacks the column(s) every project needs: ${p.missing.join(', ')}.`,
    zh: `表头（第 ${p.row} 行）缺少每个项目都须填写的列：${p.missing.join('、')}。`,
  }),
  'library-header-units': (p: { units: readonly string[] }) => ({
    en: `the money columns name different units (${p.units.join(', ')}): every amount of a library is in one unit (万元 or 元).`,
    zh: `金额列的表头单位不一致（${p.units.join('、')}）：同一项目库的金额须使用同一单位（万元或元）。`,
  }),
  'library-not-boolean': (p: { shown: string }) => ({
    en: `${quote(p.shown)} is not yes or no: write 是 or 否 (also true/false, 1/0, √, ×).`,
    zh: `${quote(p.shown)} 不是“是”或“否”：请填写 是 或 否（也可写 true/false、1/0、√、×）。`,
  }),
  'library-not-priority': (p: { shown: string }) => ({
    en: `${quote(p.shown)} is not a priority: write 1 (consolidating results), 2 (urgent, disaster-related) or 3 (strong driving effect), or leave it blank.`,
    zh: `${quote(p.shown)} 不是优先序：请填写 1（巩固脱贫成果）、2（防止因灾返贫急需）或 3（带动能力强、效益好），或留空。`,
  }),
  'library-not-year': (p: { shown: string }) => ({
    en: `${quote(p.shown)} is not a plan year: write the year as four digits (2025).`,
    zh: `${quote(p.shown)} 不是计划年度：请填写四位年份（如 2025）。`,
  }),
  'library-not-status': (p: { shown: string; known: readonly { id: string; zh: string }[] }) => ({
    en: `${quote(p.shown)} is not a project status: write one of ${p.known.map((k) => `${k.zh} (${k.id})`).join(', ')}.`,
    zh: `${quote(p.shown)} 不是项目状态：请填写 ${p.known.map((k) => `${k.zh}（${k.id}）`).join('、')} 之一。`,
  }),
  'library-not-date': (p: { shown: string }) => ({
    en: `${quote(p.shown)} is not a date: write it as 2024-09-15 (2024/9/15 and 2024年9月15日 are read too).`,
    zh: `${quote(p.shown)} 不是日期：请写作 2024-09-15（也可写 2024/9/15 或 2024年9月15日）。`,
  }),
  'library-indicator-form': (p: { item: string }) => ({
    en: `the indicator ${quote(p.item)} is not "name:value unit": write each as 名称:数值单位, separated by semicolons, e.g. "新建基地:200亩; 培训:50人次" (★ before a name marks a core indicator).`,
    zh: `指标 ${quote(p.item)} 不是“名称:数值单位”的写法：每项写作 名称:数值单位，各项以分号分隔，如“新建基地:200亩；培训:50人次”（名称前加 ★ 表示核心指标）。`,
  }),
  'library-indicator-value': (p: { item: string; name: string; shown: string }) => ({
    en: `the indicator ${quote(p.name)} (${quote(p.item)}) has no number as its value: ${p.shown === '' ? 'the value is missing' : `${quote(p.shown)} does not start with a number`}; write the target as digits and then its unit, e.g. "${p.name}:200亩".`,
    zh: `指标 ${quote(p.name)}（${quote(p.item)}）的目标值不是数值：${p.shown === '' ? '缺少数值' : `${quote(p.shown)} 不以数字开头`}；请先写数字再写单位，如“${p.name}:200亩”。`,
  }),
  'library-indicator-unit': (p: { item: string; name: string }) => ({
    en: `the indicator ${quote(p.name)} (${quote(p.item)}) has no unit after its value: write it, e.g. "${p.name}:200亩".`,
    zh: `指标 ${quote(p.name)}（${quote(p.item)}）的数值后缺少单位：请写明单位，如“${p.name}:200亩”。`,
  }),
} satisfies Catalogue;
