/**
 * Messages of /v1/datasets: uploads (encodings, delimiters, headers, rows), metadata, and the dataset
 * itself (unknown, deleted, a revision that does not exist). Revisions and If-Match are access.ts's.
 */
import type { Catalogue } from './catalogue.js';
import { type Users, usersText } from './scenarios.js';

const quote = (s: string) => JSON.stringify(s);

export const DATASETS = {
  // ── the bytes and the table ──
  'invalid-encoding': (p: { line: number; encoding: string }) => ({
    en: `line ${p.line} is not text in ${p.encoding}: save the table again as "CSV UTF-8" (Excel: File → Save As → CSV UTF-8; WPS: 另存为 → CSV), then send it.`,
    zh: `第 ${p.line} 行不是 ${p.encoding} 编码的文本：请将表格重新另存为“CSV UTF-8”（Excel：文件 → 另存为 → CSV UTF-8；WPS：另存为 → CSV）后再上传。`,
  }),
  'mixed-encoding': (p: { utf8Line: number; otherLine: number }) => ({
    en: `the file mixes encodings: line ${p.utf8Line} is UTF-8 and line ${p.otherLine} is not (GBK?), as when two exports are pasted together. Open it in Excel or WPS and save it again as "CSV UTF-8" so it has one encoding.`,
    zh: `文件混用了多种编码：第 ${p.utf8Line} 行为 UTF-8，第 ${p.otherLine} 行不是（可能为 GBK），常见于拼接两份导出文件。请在 Excel 或 WPS 中打开并重新另存为“CSV UTF-8”，使全文件使用同一种编码。`,
  }),
  'wrong-delimiter': (p: { found: { en: string; zh: string }; expected: { en: string; zh: string }; mediaType: string }) => ({
    en: `the header line is separated by ${p.found.en}, but ${p.mediaType} is separated by ${p.expected.en}. Save the table as CSV (comma-separated) and send it as text/csv, or as tab-separated text and send it as text/tab-separated-values.`,
    zh: `表头行以${p.found.zh}分隔，而 ${p.mediaType} 应以${p.expected.zh}分隔。请将表格另存为 CSV（逗号分隔）并以 text/csv 发送，或另存为制表符分隔文本并以 text/tab-separated-values 发送。`,
  }),
  'csv-unclosed-quote': (p: { line: number }) => ({
    en: `the quote opened on line ${p.line} is never closed; a quote inside a quoted cell is written twice ("").`,
    zh: `第 ${p.line} 行开始的引号没有闭合；带引号的单元格内的引号应写成两个（""）。`,
  }),
  'csv-no-rows': () => ({
    en: 'the table has no rows: send a header line and at least one row under it.',
    zh: '表格没有数据行：请提供一行表头，并在其下至少一行数据。',
  }),
  'csv-empty-header': (p: { line: number; column: number }) => ({
    en: `line ${p.line}, column ${p.column} has no header; name the column or delete it.`,
    zh: `第 ${p.line} 行第 ${p.column} 列没有表头；请为该列命名或删除该列。`,
  }),
  'unknown-header': (p: { header: string; line: number; column: number; model: string | null; known: readonly string[] }) => ({
    en: `line ${p.line}, column ${p.column}: the header ${quote(p.header)} is not a column ${p.model ? `the model ${p.model} reads` : 'of this table; without a model, indicator columns are headed by their ids (letters, digits, _)'}. Known headers: ${p.known.join(', ')}.`,
    zh: `第 ${p.line} 行第 ${p.column} 列：表头 ${quote(p.header)} ${p.model ? `不是模型 ${p.model} 使用的列` : '无法识别；未指定模型时，指标列的表头须为指标 id（字母、数字、下划线）'}。可用的表头：${p.known.join('、')}。`,
  }),
  'duplicate-header': (p: { header: string; line: number; column: number; first: string }) => ({
    en: `line ${p.line}, column ${p.column}: ${quote(p.header)} names the same field as the column ${quote(p.first)} before it; keep one.`,
    zh: `第 ${p.line} 行第 ${p.column} 列：${quote(p.header)} 与前面的 ${quote(p.first)} 列对应同一字段；请只保留一列。`,
  }),
  'missing-id-column': (p: { line: number; names: string }) => ({
    en: `the header (line ${p.line}) has no id column: every row needs an id, under one of the headers ${p.names}.`,
    zh: `表头（第 ${p.line} 行）缺少编号列：每行都需要编号，表头可为 ${p.names} 之一。`,
  }),
  // the line is said by the location put before every row's problem (csv-location), so not here again
  'csv-extra-cells': (p: { line: number; cells: number; headers: number }) => ({
    en: `${p.cells} cells but the header has ${p.headers}: a delimiter inside a value needs quotes around the value.`,
    zh: `有 ${p.cells} 个单元格，而表头只有 ${p.headers} 列：值中含分隔符时须用引号括起。`,
  }),
  'csv-location': (p: { line: number; header?: string }) => ({
    en: p.header !== undefined ? `line ${p.line}, column ${quote(p.header)}` : `line ${p.line}`,
    zh: p.header !== undefined ? `第 ${p.line} 行“${p.header}”列` : `第 ${p.line} 行`,
  }),
  'xlsx-location': (p: { row: number; header?: string; letter?: string }) => ({
    en: p.header !== undefined ? `row ${p.row}, column ${p.letter ?? ''}${p.letter ? ' ' : ''}${quote(p.header)}` : `row ${p.row}`,
    zh: p.header !== undefined ? `第 ${p.row} 行${p.letter ? ` ${p.letter} 列` : ''}“${p.header}”` : `第 ${p.row} 行`,
  }),
  'unreadable-xlsx': (p: { xls: boolean; bytes: number }) =>
    p.xls
      ? {
          en: 'the body is an old Excel 97–2003 workbook (.xls); only .xlsx is read. Open it in Excel or WPS and save it as "Excel Workbook (*.xlsx)", or as CSV UTF-8, then send it.',
          zh: '请求体是旧版 Excel 97–2003 工作簿（.xls），本服务只读取 .xlsx。请在 Excel 或 WPS 中打开并另存为“Excel 工作簿（*.xlsx）”或“CSV UTF-8”后再上传。',
        }
      : {
          en: `the body (${p.bytes} bytes) is not a readable .xlsx workbook: save the table in Excel or WPS as "Excel Workbook (*.xlsx)" and send the file's bytes unchanged, or send it as CSV (text/csv).`,
          zh: `请求体（${p.bytes} 字节）不是可读取的 .xlsx 工作簿：请在 Excel 或 WPS 中另存为“Excel 工作簿（*.xlsx）”并原样发送文件内容，或以 CSV（text/csv）发送。`,
        },
  'xlsx-too-large': (p: { maximumMegabytes: number }) => ({
    en: `the workbook unpacks to more than ${p.maximumMegabytes} MB of sheets and styles; a dataset's table is far smaller. Send only the sheet with the table (first sheet), or save it as CSV.`,
    zh: `该工作簿解压后超过 ${p.maximumMegabytes} MB；数据集表格远小于此。请只保留含表格的工作表（第一个工作表），或另存为 CSV 后上传。`,
  }),
  'too-many-rows': (p: { maximum: number; got: number }) => ({
    en: `the table has ${p.got} rows; a dataset holds at most ${p.maximum}. Split it (by city, for instance) into several datasets.`,
    zh: `表格有 ${p.got} 行；一个数据集最多 ${p.maximum} 行。请拆分为多个数据集（例如按市拆分）。`,
  }),
  'indicator-not-in-model': (p: { key: string; model: string; known: string }) => ({
    en: `the model ${p.model} reads no indicator ${quote(p.key)}; it reads ${p.known}. Leave out "model" to keep indicators of your own.`,
    zh: `模型 ${p.model} 不使用指标 ${quote(p.key)}；它使用 ${p.known}。如需保存自定义指标，请不要指定 "model"。`,
  }),

  // ── metadata ──
  'dataset-media-type': (p: { got: string }) => ({
    en: `a dataset is sent as application/json, text/csv, text/tab-separated-values or an .xlsx workbook (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet), not ${quote(p.got)}.`,
    zh: `数据集须以 application/json、text/csv、text/tab-separated-values 或 .xlsx 工作簿（application/vnd.openxmlformats-officedocument.spreadsheetml.sheet）发送，而不是 ${quote(p.got)}。`,
  }),
  'bad-year': (p: { shown: string }) => ({
    en: `year ${p.shown} is not a year the data can describe: write a whole year between 2000 and 2100, like 2024 (digits only, no decimals).`,
    zh: `年份 ${p.shown} 无效：请填写 2000 至 2100 之间的整数年份，如 2024（只写数字，不带小数）。`,
  }),
  'metadata-required': (p: { field: string }) => ({
    en: `${p.field} is required: with a CSV/TSV/XLSX body send it in the query (?${p.field}=…) or the header Dataset-${p.field[0].toUpperCase()}${p.field.slice(1)} (percent-encoded UTF-8).`,
    zh: `缺少 ${p.field}：以 CSV/TSV/XLSX 上传时，请在查询参数（?${p.field}=…）或请求头 Dataset-${p.field[0].toUpperCase()}${p.field.slice(1)}（UTF-8 百分号编码）中提供。`,
  }),
  'metadata-in-query': (p: { name: string }) => ({
    en: `?${p.name} is for CSV/TSV/XLSX uploads; with a JSON body, put "${p.name}" in the body.`,
    zh: `?${p.name} 仅用于 CSV/TSV/XLSX 上传；以 JSON 发送时，请将 "${p.name}" 放在请求体中。`,
  }),
  'bad-metadata-header': (p: { header: string }) => ({
    en: `the header ${p.header} is not valid percent-encoded UTF-8.`,
    zh: `请求头 ${p.header} 不是有效的 UTF-8 百分号编码。`,
  }),
  'dataset-kind-fixed': (p: { kind: string; sent: string }) => ({
    en: `this dataset holds ${p.kind}; a revision cannot make it ${p.sent}. Create a new dataset instead.`,
    zh: `该数据集的类型为 ${p.kind}，修订不能改为 ${p.sent}；请另建数据集。`,
  }),

  // ── the dataset: unknown-dataset and unknown-dataset-revision (scenarios.ts) are the route's 404s too ──

  // ── a dataset that saved scenarios name (src/store/references.ts) ──
  'dataset-in-use': (p: { id: string; users: Users }) => ({
    en: `the dataset ${quote(p.id)} is used by ${usersText.count(p.users)} saved scenario(s): ${usersText.en(p.users)}. A saved scenario must keep re-running, so the dataset cannot be deleted while they name it: delete those scenarios, or re-point them to another dataset (PUT /v1/scenarios/{id}), first.`,
    zh: `数据集 ${quote(p.id)} 正被 ${usersText.count(p.users)} 个已保存方案使用：${usersText.zh(p.users)}。已保存方案必须能够重新运行，因此在被引用期间不能删除该数据集：请先删除这些方案，或将其改为引用其他数据集（PUT /v1/scenarios/{id}）。`,
  }),
  'dataset-private-in-use': (p: { id: string; users: Users }) => ({
    en: `the dataset ${quote(p.id)} is used by ${usersText.count(p.users)} saved scenario(s) that are public or of another workspace: ${usersText.en(p.users)}. Made private, they could no longer run: make those scenarios private, re-point them to another dataset (PUT /v1/scenarios/{id}), or delete them, first. Nothing was written.`,
    zh: `数据集 ${quote(p.id)} 正被 ${usersText.count(p.users)} 个公开或属于其他工作空间的已保存方案使用：${usersText.zh(p.users)}。若设为私有，这些方案将无法运行：请先将这些方案设为私有、改为引用其他数据集（PUT /v1/scenarios/{id}）或删除。本次未写入任何内容。`,
  }),
} satisfies Catalogue;
