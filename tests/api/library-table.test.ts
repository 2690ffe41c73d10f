/**
 * A project library as a table (src/api/libraries/table.ts): CSV in UTF-8, with a BOM and in GBK, TSV and XLSX
 * read to the projects a planner wrote; every bad cell named by row, column letter and header in both
 * languages; unknown headers refused; export → import gives the same projects; the sample library passes the
 * schema and entry review.
 */
import { readFileSync } from 'node:fs';
import * as XLSX from '@e965/xlsx';
import DecimalJs from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toDelimited } from '../../src/api/format.js';
import { toXlsx } from '../../src/api/format/xlsx.js';
import { type CellRef, locateIssue, projectsHeader, projectsTable, readProjectsTable } from '../../src/api/libraries/table.js';
import { projectsModel } from '../../src/api/models/catalog.js';
import { fromZod } from '../../src/api/problem.js';
import { tableCells } from '../../src/api/respond.js';
import { entryReasons, vocabularyIssues } from '../../src/domain/projects/entry.js';
import { toStored, toWritten } from '../../src/domain/projects/project.js';
import { LibraryProject, type ProjectRulesModel, type StoredProject } from '../../src/schema/projects.js';

const model: ProjectRulesModel = projectsModel('sichuan')!;
const CSV = 'text/csv';
const TSV = 'text/tab-separated-values';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const utf8 = (s: string) => new TextEncoder().encode(s);

type Read = Awaited<ReturnType<typeof readProjectsTable>>;
function projectsOf(read: Read): unknown[] {
  if ('issues' in read) throw new Error(JSON.stringify(read.issues, null, 2));
  return read.projects;
}
function issuesOf(read: Read) {
  if (!('issues' in read)) throw new Error(`expected issues, got ${JSON.stringify(read.projects)}`);
  return read.issues;
}

/** A small table in Chinese headers (one with its unit), cells as a planner writes them. */
const SMALL = [
  '项目编号,项目名称,乡镇,项目类别,计划投资（万元）,资金来源,评估论证,产出指标,状态',
  'A1,白溪镇猕猴桃园,白溪镇,产业发展,180,中央衔接资金、省级衔接资金,是,★新建基地：200亩,计划',
].join('\n');
const SMALL_PROJECT = {
  id: 'A1',
  name: '白溪镇猕猴桃园',
  town: '白溪镇',
  category: 'industry',
  amount: '180',
  sources: ['central', 'provincial'],
  feasibilityReviewed: true,
  targets: { output: [{ name: '新建基地', value: '200', unit: '亩', core: true }] },
  status: 'planned',
};

/** GBK codes of the characters of SMALL (from Python's gbk codec, by hand; a character not here throws). */
const GBK: Record<string, [number, number]> = {
  '★': [0xa1, 0xef],
  '、': [0xa1, 0xa2],
  万: [0xcd, 0xf2],
  业: [0xd2, 0xb5],
  中: [0xd6, 0xd0],
  乡: [0xcf, 0xe7],
  产: [0xb2, 0xfa],
  亩: [0xc4, 0xb6],
  估: [0xb9, 0xc0],
  元: [0xd4, 0xaa],
  出: [0xb3, 0xf6],
  划: [0xbb, 0xae],
  别: [0xb1, 0xf0],
  发: [0xb7, 0xa2],
  号: [0xba, 0xc5],
  名: [0xc3, 0xfb],
  园: [0xd4, 0xb0],
  地: [0xb5, 0xd8],
  基: [0xbb, 0xf9],
  央: [0xd1, 0xeb],
  展: [0xd5, 0xb9],
  建: [0xbd, 0xa8],
  态: [0xcc, 0xac],
  投: [0xcd, 0xb6],
  指: [0xd6, 0xb8],
  接: [0xbd, 0xd3],
  新: [0xd0, 0xc2],
  是: [0xca, 0xc7],
  来: [0xc0, 0xb4],
  标: [0xb1, 0xea],
  桃: [0xcc, 0xd2],
  源: [0xd4, 0xb4],
  溪: [0xcf, 0xaa],
  状: [0xd7, 0xb4],
  猕: [0xe2, 0xa8],
  猴: [0xba, 0xef],
  白: [0xb0, 0xd7],
  目: [0xc4, 0xbf],
  省: [0xca, 0xa1],
  称: [0xb3, 0xc6],
  类: [0xc0, 0xe0],
  级: [0xbc, 0xb6],
  编: [0xb1, 0xe0],
  衔: [0xcf, 0xce],
  计: [0xbc, 0xc6],
  论: [0xc2, 0xdb],
  证: [0xd6, 0xa4],
  评: [0xc6, 0xc0],
  资: [0xd7, 0xca],
  金: [0xbd, 0xf0],
  镇: [0xd5, 0xf2],
  项: [0xcf, 0xee],
  '（': [0xa3, 0xa8],
  '）': [0xa3, 0xa9],
  '：': [0xa3, 0xba],
};
function gbkFixture(text: string): Uint8Array {
  return new Uint8Array(
    [...text].flatMap((c) => {
      if (c.charCodeAt(0) < 0x80) return [c.charCodeAt(0)];
      const code = GBK[c];
      if (!code) throw new Error(`no GBK code for ${c} in the fixture`);
      return code;
    }),
  );
}

describe('readProjectsTable: the formats', () => {
  it('reads CSV in UTF-8, UTF-8 with a BOM and GBK to the same project', async () => {
    expect(projectsOf(await readProjectsTable(utf8(SMALL), CSV, model))).toEqual([SMALL_PROJECT]);
    expect(projectsOf(await readProjectsTable(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(SMALL)]), CSV, model))).toEqual([SMALL_PROJECT]);
    const gbk = gbkFixture(SMALL);
    expect(gbk.length).toBeLessThan(utf8(SMALL).length); // two bytes a character, not UTF-8's three
    expect(projectsOf(await readProjectsTable(gbk, 'text/csv; charset=gbk', model))).toEqual([SMALL_PROJECT]);
  });

  it('reads TSV, English headers, ids for names, and every kind of cell', async () => {
    const tsv = [
      ['id', 'name', 'village', 'category', 'purpose', 'amount (yuan)', 'approvedAmount', 'sources', 'output', 'effect', 'linkage'].join('\t'),
      [
        'B-2',
        '红岩村步道',
        '红岩村',
        'infrastructure',
        '乡村建设',
        '1200000',
        '1000000',
        'central/county; 市级衔接资金',
        '步道:3.5公里',
        '受益:1260人；满意度：95%',
        ' 务工 ',
      ].join('\t'),
    ].join('\r\n');
    const more = [
      [
        '项目编号',
        '项目名称',
        '项目类别',
        '计划投资',
        '施工图审查',
        '重点帮扶镇',
        '优先序',
        '计划年度',
        '状态',
        '入库日期',
        '开工日期',
        '完工日期',
        '村集体经济收入（万元）',
        '已安排资金',
        '已拨付',
        '主管部门',
      ].join('\t'),
      ['C3', '茶园', '产业发展', '50', '√', '否', '2', '2025年', '实施', '2024/9/5', '2025年3月1日', '', '14.5', '20', '10', '县农业农村局'].join('\t'),
      ['C4', '茶园二期', 'industry', '60', 'TRUE', '0', '三', '2026', 'Reserve', '2024-10-01', '', '', '', '', '', ''].join('\t'),
    ].join('\n');
    const first = await readProjectsTable(utf8(tsv), TSV, model);
    expect(projectsOf(first)).toEqual([
      {
        id: 'B-2',
        name: '红岩村步道',
        village: '红岩村',
        category: 'infrastructure',
        purpose: 'construction',
        amount: '1200000',
        approvedAmount: '1000000',
        sources: ['central', 'county', 'city'],
        targets: {
          output: [{ name: '步道', value: '3.5', unit: '公里' }],
          effect: [
            { name: '受益', value: '1260', unit: '人' },
            { name: '满意度', value: '95', unit: '%' },
          ],
        },
        linkage: ' 务工 ',
      },
    ]);
    expect('unit' in first && first.unit).toBe('yuan');
    expect(projectsOf(await readProjectsTable(utf8(more), TSV, model))).toEqual([
      {
        id: 'C3',
        name: '茶园',
        category: 'industry',
        amount: '50',
        drawingReviewed: true,
        keyTown: false,
        priority: 2,
        year: 2025,
        status: 'implementing',
        enteredOn: '2024-09-05',
        startedOn: '2025-03-01',
        villageIncome: '14.5',
        arranged: '20',
        paid: '10',
        department: '县农业农村局',
      },
      {
        id: 'C4',
        name: '茶园二期',
        category: 'industry',
        amount: '60',
        drawingReviewed: true,
        keyTown: false,
        priority: 3,
        year: 2026,
        status: 'reserve',
        enteredOn: '2024-10-01',
      },
    ]);
  });

  it('reads an .xlsx workbook (numbers, booleans and dates as cells) made by SheetJS', async () => {
    const sheet = XLSX.utils.aoa_to_sheet([
      ['项目编号', '项目名称', '项目类别', '计划投资（万元）', '评估论证', '计划年度', '入库日期', '产出指标'],
      ['007', '猕猴桃园', '产业发展', 180.5, true, 2025, new Date(Date.UTC(2024, 9, 12)), '新建基地：200亩'],
    ]);
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, 'projects');
    const bytes = new Uint8Array(XLSX.write(book, { bookType: 'xlsx', type: 'array' }) as ArrayBuffer);
    expect(projectsOf(await readProjectsTable(bytes, XLSX_TYPE, model))).toEqual([
      {
        id: '007',
        name: '猕猴桃园',
        category: 'industry',
        amount: '180.5',
        feasibilityReviewed: true,
        year: 2025,
        enteredOn: '2024-10-12',
        targets: { output: [{ name: '新建基地', value: '200', unit: '亩' }] },
      },
    ]);
  });

  it('refuses a body that is no table', async () => {
    expect(issuesOf(await readProjectsTable(utf8('{}'), 'application/json', model))).toMatchObject([{ code: 'library-table-type' }]);
  });
});

describe('readProjectsTable: problems name the row, the column letter and the header, in English and Chinese', () => {
  it('each bad cell at its pointer and its cell', async () => {
    const csv = [
      '项目编号,项目名称,项目类别,计划投资（万元）,评估论证,优先序,计划年度,入库日期,产出指标,效益指标',
      'A1,甲,产业发展,10,是,1,2025,2024-01-01,基地:200亩,增收:十户',
      'A2,乙,产业发展,10,也许,4,25年,昨天,基地200亩,增收:30',
    ].join('\n');
    const issues = issuesOf(await readProjectsTable(utf8(csv), CSV, model));
    const at = (path: string) => issues.find((i) => i.path === path);
    const expectCell = (path: string, code: string, row: number, letter: string, header: string) => {
      const found = at(path);
      expect(found, path).toMatchObject({ code });
      expect(found!.en.startsWith(`row ${row}, column ${letter} "${header}": `), found!.en).toBe(true);
      expect(found!.zh.startsWith(`第 ${row} 行 ${letter} 列“${header}”：`), found!.zh).toBe(true);
    };
    expectCell('/projects/0/targets/effect/0', 'library-indicator-value', 2, 'J', '效益指标');
    expect(at('/projects/0/targets/effect/0')!.en).toContain('"十户" does not start with a number');
    expectCell('/projects/1/feasibilityReviewed', 'library-not-boolean', 3, 'E', '评估论证');
    expectCell('/projects/1/priority', 'library-not-priority', 3, 'F', '优先序');
    expectCell('/projects/1/year', 'library-not-year', 3, 'G', '计划年度');
    expectCell('/projects/1/enteredOn', 'library-not-date', 3, 'H', '入库日期');
    expectCell('/projects/1/targets/output/0', 'library-indicator-form', 3, 'I', '产出指标');
    expectCell('/projects/1/targets/effect/0', 'library-indicator-unit', 3, 'J', '效益指标');
    expect(issues).toHaveLength(7); // nothing else said, nothing said twice
  });

  it('thousands separators in money cells and indicator values get the thousands-separator issue at their cell, as in JSON (audit 15 #8)', async () => {
    const csv = [
      '项目编号,项目名称,项目类别,计划投资（万元）,批复金额,村集体经济收入,产出指标,状态',
      'A1,甲,产业发展,"1,200",1000,"12,500.5",新建基地:1，200亩,完成',
      'A2,乙,产业发展,1200,"1,000",12.5,新建基地:200亩,计划',
    ].join('\n');
    const issues = issuesOf(await readProjectsTable(utf8(csv), CSV, model));
    const at = (path: string) => issues.find((i) => i.path === path);
    expect(at('/projects/0/amount')).toMatchObject({ code: 'thousands-separator' });
    expect(at('/projects/0/amount')!.en).toMatch(/^row 2, column D "计划投资（万元）": .*1200/);
    expect(at('/projects/0/amount')!.zh).toContain('千位分隔符');
    expect(at('/projects/0/villageIncome')).toMatchObject({ code: 'thousands-separator' });
    expect(at('/projects/0/villageIncome')!.en).toContain('12500.5');
    expect(at('/projects/0/targets/output/0')).toMatchObject({ code: 'thousands-separator' });
    expect(at('/projects/0/targets/output/0')!.zh).toMatch(/^第 2 行 G 列“产出指标”：/);
    expect(at('/projects/1/approvedAmount')).toMatchObject({ code: 'thousands-separator' });
    expect(at('/projects/1/approvedAmount')!.en).toMatch(/^row 3, column E "批复金额": /);
    // a status the sheet writes in Chinese is listed in Chinese, with its id (audit 15 #13)
    expect(at('/projects/0/status')).toMatchObject({ code: 'library-not-status' });
    expect(at('/projects/0/status')!.zh).toContain('储备（reserve）、计划（planned）、实施（implementing）、完工（completed）、移出（removed）');
    expect(at('/projects/0/status')!.en).toContain('储备 (reserve), 计划 (planned)');
    expect(issues).toHaveLength(5);
  });

  it('an unknown header is refused naming the known ones; a duplicate and missing required columns too', async () => {
    const csv = ['项目编号,项目名称,备注,计划投资,投资', 'A1,甲,见附件,10,10'].join('\n');
    const issues = issuesOf(await readProjectsTable(utf8(csv), CSV, model));
    expect(issues.map((i) => i.code).sort()).toEqual(['library-duplicate-header', 'library-missing-columns', 'library-unknown-header']);
    const unknown = issues.find((i) => i.code === 'library-unknown-header')!;
    expect(unknown.path).toBe('/columns/2');
    expect(unknown.en).toContain('row 1, column C: the header "备注"');
    expect(unknown.en).toContain('项目编号/id');
    expect(unknown.en).toContain('计划投资/amount');
    expect(unknown.zh).toContain('第 1 行 C 列：表头 "备注"');
    expect(issues.find((i) => i.code === 'library-duplicate-header')!.en).toContain('column E');
    expect(issues.find((i) => i.code === 'library-missing-columns')!.en).toContain('项目类别/category');
  });

  it('extra cells beyond the header are a problem of their row, not dropped', async () => {
    const csv = ['项目编号,项目名称,项目类别,计划投资', 'A1,甲,产业发展,10,多余'].join('\n');
    const issues = issuesOf(await readProjectsTable(utf8(csv), CSV, model));
    expect(issues).toMatchObject([{ path: '/projects/0', code: 'csv-extra-cells' }]);
    expect(issues[0].en.startsWith('row 2: ')).toBe(true);
    expect(issues[0].zh.startsWith('第 2 行：')).toBe(true);
  });

  it('cellOf places the schema and the rules issues of /projects/<i>/… on their cells', async () => {
    const csv = [
      '',
      '编号,名称,类别,资金来源,计划投资（万元）,产出指标,状态',
      'A1,甲,产业发展,中央衔接资金,12万,基地:1亩,储备',
      'A2,乙,养殖,国家资金,5,,实施',
    ].join('\n');
    const read = await readProjectsTable(utf8(csv), CSV, model);
    if (!('cellOf' in read)) throw new Error(JSON.stringify(read));
    const cellOf: (p: string) => CellRef | undefined = read.cellOf;
    expect(cellOf('/projects/0/amount')).toEqual({ row: 3, column: 'E', header: '计划投资（万元）' });
    expect(cellOf('/projects/1/sources/0')).toEqual({ row: 4, column: 'D', header: '资金来源' });
    expect(cellOf('/projects/0/targets/output/0/value')).toEqual({ row: 3, column: 'F', header: '产出指标' });
    expect(cellOf('/projects/1/targets')).toEqual({ row: 4, column: 'F', header: '产出指标' });
    expect(cellOf('/projects/1/linkage')).toBeUndefined(); // no such column
    expect(cellOf('/projects/2/amount')).toBeUndefined(); // no such row
    // what a caller does with them: the schema's and the vocabulary's issues, each on its cell
    const issues = read.projects.flatMap((p, i) => {
      const parsed = LibraryProject.safeParse(p);
      const schema = parsed.success ? [] : fromZod(parsed.error.issues, ['projects', i]);
      return [...schema, ...vocabularyIssues(p as never, model, `/projects/${i}`)];
    });
    const located = issues.map((x) => locateIssue(x, cellOf));
    const amount = located.find((x) => x.path === '/projects/0/amount')!;
    expect(amount.en.startsWith('row 3, column E "计划投资（万元）": ')).toBe(true);
    expect(amount.zh.startsWith('第 3 行 E 列“计划投资（万元）”：')).toBe(true);
    expect(located.find((x) => x.path === '/projects/1/category')!.en).toMatch(/^row 4, column C "类别": /);
    expect(located.find((x) => x.path === '/projects/1/sources/0')!.zh).toMatch(/^第 4 行 D 列“资金来源”：/);
    // the model's words listed as the county writes them, with their ids (audit 15 #13)
    expect(located.find((x) => x.path === '/projects/1/sources/0')!.zh).toContain('中央衔接资金（central）、省级衔接资金（provincial）');
    expect(located.find((x) => x.path === '/projects/1/category')!.en).toContain('产业发展 (industry), 小型公益性基础设施 (infrastructure)');
  });
});

// ── export → import ──

const plain = fc
  .string({ unit: fc.constantFrom('甲', '乙', '村', '镇', 'a', 'Z', '1', ' ', ',', '"', '=', '-', '/', '、'), minLength: 1, maxLength: 12 })
  .map((s) => s.trim())
  .filter((s) => s !== '');
const free = fc
  .string({ unit: fc.constantFrom('甲', '村', 'a', ' ', ',', '"', '\n', '=', '+', '-', ';', ':', '★'), minLength: 1, maxLength: 20 })
  .filter((s) => s.trim() !== '' && !s.startsWith("'"));
const decimal = fc
  .tuple(fc.integer({ min: 0, max: 99_999 }), fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }))
  .map(([w, f]) => (f === undefined ? String(w) : `${w}.${String(f).padStart(2, '0')}`));
const positive = decimal.filter((d) => new DecimalJs(d).gt(0));
const date = fc
  .date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const indicator = fc.record(
  {
    name: fc
      .string({ unit: fc.constantFrom('新', '建', '基', '地', 'a', ' ', '-', '(', ')'), minLength: 1, maxLength: 8 })
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    value: decimal,
    unit: fc.constantFrom('亩', '个', '公里', '人次', '%', '万元', '元/户'),
    core: fc.constant(true),
  },
  { requiredKeys: ['name', 'value', 'unit'] },
);
const ids = (list: readonly { id: string }[]) => list.map((x) => x.id);
const written = fc.record(
  {
    id: fc.stringMatching(/^[A-Z]{1,3}-?[0-9]{1,4}$/),
    name: plain,
    town: plain,
    village: plain,
    category: fc.constantFrom(...ids(model.categories)),
    purpose: fc.constantFrom(...ids(model.purposes)),
    content: free,
    amount: positive,
    approvedAmount: decimal,
    sources: fc.uniqueArray(fc.constantFrom(...ids(model.fundSources)), { minLength: 1, maxLength: 4 }),
    targets: fc
      .record(
        { output: fc.array(indicator, { minLength: 1, maxLength: 3 }), effect: fc.array(indicator, { minLength: 1, maxLength: 3 }) },
        { requiredKeys: [] },
      )
      .filter(
        (t) => Object.keys(t).length > 0, // an empty targets object is no cell: it reads back absent, as it means
      ),
    linkage: free,
    feasibilityReviewed: fc.boolean(),
    drawingReviewed: fc.boolean(),
    priority: fc.constantFrom(1 as const, 2 as const, 3 as const),
    villageIncome: decimal,
    keyTown: fc.boolean(),
    year: fc.integer({ min: 2000, max: 2100 }),
    status: fc.constantFrom('reserve', 'planned', 'implementing', 'completed', 'removed'),
    enteredOn: date,
    startedOn: date,
    completedOn: date,
    arranged: decimal,
    paid: decimal,
    department: plain,
  },
  { requiredKeys: ['id', 'name', 'category', 'amount'] },
);
const library = fc.uniqueArray(written, { minLength: 1, maxLength: 6, selector: (p) => p.id }).map((list) =>
  list.map((p) => {
    const parsed = LibraryProject.parse(p);
    return toStored(parsed, { today: '2025-06-30', revision: 3 });
  }),
);

/** What a project's table row must read back to: the fields written (toWritten), as the schema takes them. */
const expectedOf = (stored: readonly StoredProject[]) => stored.map((p) => JSON.parse(JSON.stringify(toWritten(p))));

describe('projectsTable: export → import gives the same projects', () => {
  it('CSV and TSV with the bilingual header, and CSV as the calculation responder writes it (ids, unit, a total row)', async () => {
    await fc.assert(
      fc.asyncProperty(library, fc.constantFrom('wan', 'yuan'), async (stored, unit) => {
        const table = projectsTable(stored, model);
        const rows = table.rows.map((r) => [...r]);
        for (const kind of ['csv', 'tsv'] as const) {
          const text = toDelimited([projectsHeader(unit), ...rows], kind);
          const read = await readProjectsTable(utf8(text), kind === 'csv' ? CSV : TSV, model);
          expect(projectsOf(read)).toEqual(expectedOf(stored));
          expect('unit' in read && read.unit).toBe(unit);
        }
        const responder = toDelimited(tableCells(table, unit), 'csv');
        expect(projectsOf(await readProjectsTable(utf8(responder), CSV, model))).toEqual(expectedOf(stored));
        // and every project read back passes the schema
        for (const p of expectedOf(stored)) expect(LibraryProject.safeParse(p).success).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('XLSX as the responder writes it: the same projects, amounts the same decimals', async () => {
    const same = (d: unknown) => (typeof d === 'string' && /^\d+(\.\d+)?$/.test(d) ? new DecimalJs(d).toString() : d);
    const normal = (list: unknown[]) => JSON.parse(JSON.stringify(list, (_k, v) => same(v)));
    await fc.assert(
      fc.asyncProperty(library, async (stored) => {
        const table = projectsTable(stored, model);
        const bytes = await toXlsx({ sheet: 'projects', columns: table.columns, unit: 'wan', rows: table.rows }, [], model);
        const read = await readProjectsTable(bytes, XLSX_TYPE, model);
        expect(normal(projectsOf(read))).toEqual(normal(expectedOf(stored)));
        expect('unit' in read && read.unit).toBe('wan');
      }),
      { numRuns: 15 },
    );
  });

  it('a project shows its categories, sources, statuses and booleans in the model’s Chinese words', () => {
    const [p] = [toStored(LibraryProject.parse({ ...SMALL_PROJECT, keyTown: false, year: 2025 }), { today: '2025-01-02', revision: 1 })];
    const table = projectsTable([p], model);
    const cell = (id: string) => table.rows[0][table.columns.findIndex((c) => c.id === id)];
    expect(cell('category')).toBe('产业发展');
    expect(cell('sources')).toBe('中央衔接资金、省级衔接资金');
    expect(cell('status')).toBe('计划');
    expect(cell('feasibilityReviewed')).toBe('是');
    expect(cell('keyTown')).toBe('否');
    expect(cell('drawingReviewed')).toBe('');
    expect(cell('output')).toBe('★新建基地:200亩');
    expect(cell('enteredOn')).toBe('2025-01-02');
    const header = projectsHeader('wan');
    expect(header).toHaveLength(table.columns.length);
    expect(header[0]).toBe('项目编号 · project id');
    expect(header).toContain('计划投资（万元） · planned investment (wan)');
    expect(projectsHeader('yuan')).toContain('已拨付（元） · paid (yuan)');
    // the village income is money in the library's unit, like every amount (audit 15 #17)
    expect(header).toContain('村集体经济收入（万元） · village income (wan)');
    expect(projectsHeader('yuan')).toContain('村集体经济收入（元） · village income (yuan)');
  });
});

// ── the sample library ──

describe('samples/library-sample.csv', () => {
  const text = readFileSync(new URL('../../samples/library-sample.csv', import.meta.url), 'utf8');

  it('reads, passes the schema, the vocabulary and entry review, and has what the scenarios use', async () => {
    const projects = projectsOf(await readProjectsTable(utf8(text), CSV, model));
    expect(projects.length).toBeGreaterThanOrEqual(15);
    const parsed = projects.map((p, i) => {
      const r = LibraryProject.safeParse(p);
      expect(r.success, `${i}: ${JSON.stringify(r.error?.issues)}`).toBe(true);
      return r.data!;
    });
    for (const p of parsed) {
      expect(vocabularyIssues(p, model, '')).toEqual([]);
      expect(entryReasons(p, model), p.id).toEqual([]);
      // the status rules a library write checks
      if (p.status !== 'reserve' && p.status !== 'removed') expect(p.year, p.id).toBeDefined();
      if (p.status === 'implementing' || p.status === 'completed') expect(p.startedOn, p.id).toBeDefined();
      if (p.status === 'completed') expect(p.completedOn, p.id).toBeDefined();
      const dates = [p.enteredOn, p.startedOn, p.completedOn].filter((d) => d !== undefined);
      expect([...dates].sort(), p.id).toEqual(dates);
      if (p.arranged !== undefined) expect(new DecimalJs(p.arranged).lte(p.amount), p.id).toBe(true);
    }
    expect(new Set(parsed.map((p) => p.id)).size).toBe(parsed.length);
    // a reserve project entered two years or more before 2025-09-15 (seed 003 §9)
    expect(parsed.some((p) => (p.status ?? 'reserve') === 'reserve' && p.enteredOn !== undefined && p.enteredOn <= '2023-09-15')).toBe(true);
    // an amount changed by 20% or more against the approved amount (seed 003 §12)
    expect(
      parsed.some(
        (p) => p.approvedAmount !== undefined && new DecimalJs(p.amount).minus(p.approvedAmount).abs().gte(new DecimalJs(p.approvedAmount).times('0.2')),
      ),
    ).toBe(true);
    // 400万元 or more without the joint drawing review (seed 002), and one with it
    expect(parsed.some((p) => new DecimalJs(p.amount).gte(400) && p.drawingReviewed !== true && p.status === 'planned')).toBe(true);
    expect(parsed.some((p) => new DecimalJs(p.amount).gte(400) && p.drawingReviewed === true)).toBe(true);
    expect(new Set(parsed.map((p) => p.priority).filter((x) => x !== undefined))).toEqual(new Set([1, 2, 3]));
    expect(parsed.some((p) => p.villageIncome !== undefined && new DecimalJs(p.villageIncome).lt(15))).toBe(true);
    expect(parsed.some((p) => p.keyTown === true)).toBe(true);
    const sources = new Set(parsed.flatMap((p) => p.sources ?? []));
    expect(sources.has('central') && sources.has('provincial')).toBe(true);
  });

  it('is GBK-safe: saved as GBK (Chinese Excel’s CSV) it reads to the same projects', async () => {
    // the platform's GBK decoder, inverted for the two-byte codes
    const decoder = new TextDecoder('gbk');
    const encode = new Map<string, [number, number]>();
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const c = decoder.decode(new Uint8Array([lead, trail]));
        if (c.length === 1 && c !== '\ufffd' && !encode.has(c)) encode.set(c, [lead, trail]);
      }
    }
    const bytes = new Uint8Array(
      [...text].flatMap((c) => {
        if (c.charCodeAt(0) < 0x80) return [c.charCodeAt(0)];
        const code = encode.get(c);
        if (!code) throw new Error(`${c} is not in GBK`);
        return code;
      }),
    );
    expect(projectsOf(await readProjectsTable(bytes, CSV, model))).toEqual(projectsOf(await readProjectsTable(utf8(text), CSV, model)));
  });
});
