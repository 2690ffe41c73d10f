/**
 * The LibreOffice workbook examples/libreoffice/allocation.fods, recalculated by a real LibreOffice Calc
 * (Debian's libreoffice-calc-nogui, headless) against the edge build under `wrangler dev`: its WEBSERVICE and
 * FILTERXML cells, its what-if weights and its sheet linked to the CSV answer are fetched from the service, and
 * every value must equal the JSON answer of the same request sent as POST, to the cent.
 *
 * One server, one soffice run (examples/libreoffice/recalc.sh: a throw-away profile, the Basic macro
 * Recalc.xba, every sheet stored as CSV; each soffice step under `timeout -k 5 60`). The test changes only
 * what a planner would: the service address (cell B1 and the linked sheet's address) and a read key in B2.
 *
 * Without LibreOffice (apt-get install libreoffice-calc-nogui) the test is skipped, or fails when CI is set.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Decimal from 'decimal.js';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_CI, ROOT, WranglerDev, within } from './harness.js';

const SOFFICE = process.env.SOFFICE_PATH ?? '/usr/bin/soffice';
const NO_SOFFICE = `LibreOffice not found at ${SOFFICE}: install Debian's (apt-get install -y libreoffice-calc-nogui fonts-noto-cjk) or set SOFFICE_PATH`;
const EXAMPLE = join(ROOT, 'examples', 'libreoffice');
const SHIPPED_ORIGIN = 'http://127.0.0.1:8787';
/** The counties the workbook asks for one by one (allocation!A10:A14) and its first row. */
const COUNTIES = ['A', 'B', 'C', 'D', 'E'];
const FIRST = 10;
/** The request the workbook builds from its cells, as the JSON body of the same POST. */
const REQUEST = { model: 'sichuan-2024', total: 5000, unit: 'wan', regions: { dataset: 'sample-20' } };
/** The what-if sheet's weights (whatif!B2:B5), sent as the exact decimal strings. */
const WHAT_IF = { policy: '0.40', population: '0.25', income: '0.30', performance: '0.05' };

type Sheet = string[][];
interface Row {
  id: string;
  name: string;
  amount: string;
}
interface Answer {
  summary: { total: string; sum: string };
  rows: Row[];
}

/** A cell by its A1 address. */
function cell(sheet: Sheet, address: string): string {
  const m = /^([A-Z])(\d+)$/.exec(address)!;
  return sheet[Number(m[2]) - 1]?.[m[1].charCodeAt(0) - 65] ?? '';
}

function readSheet(file: string): Sheet {
  const parsed = Papa.parse<string[]>(readFileSync(file, 'utf8'), { skipEmptyLines: false });
  expect(parsed.errors, file).toEqual([]);
  return parsed.data;
}

const sum = (values: string[]) => values.reduce((a, v) => a.plus(v), new Decimal(0));

/** Runs examples/libreoffice/recalc.sh; resolves to its output, rejects with it on failure. */
function recalc(workbook: string, out: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(EXAMPLE, 'recalc.sh'), workbook, out], {
      env: { ...process.env, SOFFICE, RECALC_TIMEOUT: '60' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`recalc.sh exited ${code}:\n${output}`))));
  });
}

const haveSoffice = existsSync(SOFFICE);

if (!haveSoffice && IN_CI) {
  it('LibreOffice is installed (required when CI is set)', () => {
    throw new Error(`${NO_SOFFICE}. CI must run the spreadsheet test, so this is a failure, not a skip.`);
  });
} else if (!haveSoffice) {
  it('LibreOffice workbook recalculated against the service', (ctx) => {
    console.warn(`[e2e] skipped: ${NO_SOFFICE}.`);
    ctx.skip(`${NO_SOFFICE}.`);
  });
} else {
  describe('examples/libreoffice/allocation.fods recalculated by LibreOffice Calc against wrangler dev', () => {
    let server: WranglerDev | undefined;
    let work: string | undefined;
    let key = '';
    const sheets: Record<string, Sheet> = {};

    const post = async (body: unknown): Promise<Answer> => {
      const res = await fetch(`${server!.origin}/v1/allocations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as Answer;
    };

    beforeAll(async () => {
      server = await WranglerDev.start(90_000);
      // A read key in the query, as a planner puts one for a private dataset (the sample is public: it must
      // still be accepted, and it proves LibreOffice carries ?key= through HEAD and GET).
      key = await server.createKey('read', 'libreoffice e2e');

      work = mkdtempSync(join(tmpdir(), 'libreoffice-e2e-'));
      let fods = readFileSync(join(EXAMPLE, 'allocation.fods'), 'utf8');
      // The shipped address appears exactly twice: the one cell every formula reads, and the linked sheet's address.
      expect(fods.split(SHIPPED_ORIGIN).length - 1).toBe(2);
      expect(fods).toContain(`<text:p>${SHIPPED_ORIGIN}</text:p>`);
      expect(fods).toContain(`xlink:href="${SHIPPED_ORIGIN}/v1/allocations?`);
      fods = fods.replaceAll(SHIPPED_ORIGIN, server.origin);
      const keyCell =
        '<text:p>key · 密钥 (optional · 可选)</text:p></table:table-cell><table:table-cell office:value-type="string" table:style-name="input"><text:p></text:p>';
      expect(fods.split(keyCell).length - 1).toBe(1);
      fods = fods.replace(keyCell, keyCell.replace('<text:p></text:p>', `<text:p>${key}</text:p>`));
      const workbook = join(work, 'allocation.fods');
      writeFileSync(workbook, fods);

      const out = join(work, 'out');
      const started = Date.now();
      // recalc.sh bounds each of its two soffice runs to 60 s (+5 s to kill); this bounds the script.
      await within(140_000, 'recalc.sh (LibreOffice)', recalc(workbook, out));
      console.log(`[e2e] LibreOffice recalculated the workbook in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      for (const name of ['allocation', 'whatif', 'table']) sheets[name] = readSheet(join(out, `allocation-${name}.csv`));
      // A server start (at most 90 s) and LibreOffice (at most 140 s): more than the config's 120 s for a hook.
    }, 240_000);

    afterAll(async () => {
      if (work) rmSync(work, { recursive: true, force: true });
      if (server) await server.stop();
    });

    it('builds its request from the cells, B1 (the service) first, the key from B2', () => {
      expect(cell(sheets.allocation, 'B1')).toBe(server!.origin);
      expect(cell(sheets.allocation, 'B7')).toBe(`${server!.origin}/v1/allocations?dataset=sample-20&model=sichuan-2024&total=5000&unit=wan&key=${key}`);
    });

    it('WEBSERVICE (format=value) and FILTERXML (format=xml) cells hold the JSON answer’s amounts, to the cent', async () => {
      const answer = await post(REQUEST);
      expect(answer.rows).toHaveLength(20);
      const byId = new Map(answer.rows.map((r) => [r.id, r]));
      const a = sheets.allocation;
      COUNTIES.forEach((id, i) => {
        const r = FIRST + i;
        const row = byId.get(id);
        expect(row, `county ${id} of the workbook is in the sample dataset`).toBeDefined();
        expect(cell(a, `A${r}`)).toBe(id);
        expect(cell(a, `B${r}`), `name of ${id} (FILTERXML)`).toBe(row!.name);
        // WEBSERVICE and FILTERXML answer text: the service's exact decimal string, not a float's rendering.
        expect(cell(a, `C${r}`), `amount of ${id} (WEBSERVICE)`).toBe(row!.amount);
        expect(cell(a, `D${r}`), `amount of ${id} (FILTERXML)`).toBe(row!.amount);
        // VALUE() makes it a number: the same decimal (LibreOffice prints 296 for 296.00).
        expect(new Decimal(cell(a, `E${r}`)).eq(row!.amount), `number of ${id}`).toBe(true);
      });
      const t = FIRST + COUNTIES.length;
      expect(cell(a, `A${t}`)).toMatch(/^total/);
      // The total row: the total asked for, and exactly the sum of the 20 amounts.
      expect(cell(a, `C${t}`)).toBe('5000.00');
      expect(cell(a, `D${t}`)).toBe('5000.00');
      expect(answer.summary.total).toBe('5000.00');
      expect(sum(answer.rows.map((r) => r.amount)).eq(cell(a, `C${t}`))).toBe(true);
      expect(new Decimal(cell(a, `E${t}`)).eq('5000')).toBe(true);
    });

    it('a mistake shows in its cell as one line in English and Chinese (errors=text), not Err:', () => {
      const shown = cell(sheets.allocation, 'C17');
      expect(cell(sheets.allocation, 'B17')).toBe('Z');
      expect(shown).toMatch(/^#ERROR 422 unknown-region: /);
      expect(shown).toContain('"Z"');
      expect(shown).toMatch(/ \/ .*[\u4e00-\u9fff]/);
    });

    it('the what-if sheet’s weights give the POST with overrides.weights, and the change beside the model’s', async () => {
      const w = sheets.whatif;
      expect([2, 3, 4, 5].map((r) => new Decimal(cell(w, `B${r}`)).toFixed(2))).toEqual(Object.values(WHAT_IF));
      expect(new Decimal(cell(w, 'B6')).eq(1)).toBe(true);
      expect(cell(w, 'B7')).toBe(`${cell(sheets.allocation, 'B7')}&weights.policy=0.4&weights.population=0.25&weights.income=0.3&weights.performance=0.05`);
      const [base, whatIf] = await Promise.all([post(REQUEST), post({ ...REQUEST, overrides: { weights: WHAT_IF } })]);
      const baseOf = new Map(base.rows.map((r) => [r.id, r.amount]));
      const newOf = new Map(whatIf.rows.map((r) => [r.id, r.amount]));
      let changed = 0;
      COUNTIES.forEach((id, i) => {
        const r = FIRST + i;
        expect(cell(w, `A${r}`)).toBe(id);
        expect(new Decimal(cell(w, `B${r}`)).eq(baseOf.get(id)!), `model-weight amount of ${id}`).toBe(true);
        expect(new Decimal(cell(w, `C${r}`)).eq(newOf.get(id)!), `what-if amount of ${id}`).toBe(true);
        const change = new Decimal(newOf.get(id)!).minus(baseOf.get(id)!);
        expect(new Decimal(cell(w, `D${r}`)).eq(change), `change of ${id}`).toBe(true);
        if (!change.isZero()) changed++;
      });
      expect(changed, 'the weights moved money between the counties shown').toBeGreaterThan(0);
      const t = FIRST + COUNTIES.length;
      expect(new Decimal(cell(w, `C${t}`)).eq(sum(whatIf.rows.map((r) => r.amount)))).toBe(true);
      expect(new Decimal(cell(w, `C${t}`)).eq('5000')).toBe(true);
    });

    it('the sheet linked to the CSV answer holds every county and the total row of the JSON answer', async () => {
      const answer = await post(REQUEST);
      const [head, ...body] = sheets.table;
      expect(head.slice(0, 3)).toEqual(['id', 'name', 'amount (wan)']);
      const rows = body.filter((r) => r.some((c) => c !== ''));
      expect(rows).toHaveLength(answer.rows.length + 1);
      answer.rows.forEach((row, i) => {
        expect(rows[i].slice(0, 2)).toEqual([row.id, row.name]);
        expect(new Decimal(rows[i][2]).eq(row.amount), `amount of ${row.id} in the linked sheet`).toBe(true);
      });
      const total = rows[rows.length - 1];
      expect(total[0]).toMatch(/^total/);
      expect(new Decimal(total[2]).eq(answer.summary.total)).toBe(true);
    });

    it('answers HEAD with 200 and no body for every address the workbook asks (LibreOffice sends HEAD first)', async () => {
      const base = cell(sheets.allocation, 'B7');
      const whatIf = cell(sheets.whatif, 'B7');
      const addresses = [
        ...COUNTIES.flatMap((id) => [`${base}&format=value&column=amount&region=${id}`, `${whatIf}&format=value&column=amount&region=${id}`]),
        `${base}&format=value&column=amount`,
        `${whatIf}&format=value&column=amount`,
        `${base}&format=xml`,
        `${base}&format=value&column=amount&region=Z&errors=text`,
        `${server!.origin}/v1/allocations?dataset=sample-20&model=sichuan-2024&total=5000&unit=wan&format=csv`,
      ];
      for (const address of addresses) {
        const head = await fetch(address, { method: 'HEAD', signal: AbortSignal.timeout(30_000) });
        expect(head.status, `HEAD ${address}`).toBe(200);
        expect(await head.text()).toBe('');
        const get = await fetch(address, { signal: AbortSignal.timeout(30_000) });
        expect(get.status, `GET ${address}`).toBe(200);
        await get.arrayBuffer();
        // HEAD is GET without the body: the same type and validator.
        expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
        expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
      }
    });
  });
}
