/**
 * Dated values (after OpenFisca's parameters): one file per jurisdiction holds a model's structure once, and
 * each value that changes with the year as a series in place of the value:
 *
 *   "weight": { "dated": [ { "from": "2023-01-01", "value": "0.30", "source": "质效双提方案 §二4 (before the change)" },
 *                          { "from": "2024-01-01", "value": "0.35", "source": "质效双提方案 §二4" } ] }
 *
 * An edition (e.g. "sichuan-2024" at 2024-01-01) is the model with every series replaced by the value in force on
 * its date: the last entry whose `from` is on or before it. An entry's `source` (a `ref` of the model's `sources`
 * and the section, or "choice: …") becomes the `source` of the object holding the value, unless that object
 * names one itself. The result is an ordinary model, checked by the kind's own schema.
 */

export interface Edition {
  /** the model id requests use, e.g. "sichuan-2024" */
  readonly id: string;
  /** the date the edition is read at, YYYY-MM-DD */
  readonly date: string;
}

/** A file with dated values: `kind`, the jurisdiction's `id`, its editions and the model with its series. */
export interface DatedFile {
  readonly kind: string;
  readonly id: string;
  readonly editions: readonly Edition[];
  readonly model: Record<string, unknown>;
}

export function isDatedFile(file: unknown): file is DatedFile {
  return typeof file === 'object' && file !== null && 'editions' in file && 'model' in file;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ENTRY_KEYS = new Set(['from', 'value', 'source']);

interface Entry {
  readonly from: string;
  readonly value: unknown;
  readonly source?: string;
}

/** The series of a `{ "dated": [...] }` object, checked; null for any other value. */
function seriesOf(value: unknown, where: string): readonly Entry[] | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('dated' in value)) return null;
  const keys = Object.keys(value);
  if (keys.length !== 1) throw new Error(`${where}: a dated value has only "dated", not ${keys.join(', ')}`);
  const series = (value as { dated: unknown }).dated;
  if (!Array.isArray(series) || series.length === 0) throw new Error(`${where}: "dated" is a non-empty list`);
  let last = '';
  for (const [i, e] of series.entries()) {
    const bad = Object.keys(e ?? {}).filter((k) => !ENTRY_KEYS.has(k));
    if (bad.length > 0) throw new Error(`${where}/dated/${i}: unknown key ${bad.join(', ')}`);
    if (typeof e.from !== 'string' || !DATE.test(e.from)) throw new Error(`${where}/dated/${i}: "from" is a date YYYY-MM-DD`);
    if (e.from <= last) throw new Error(`${where}/dated/${i}: dates must rise (${e.from} after ${last})`);
    if (!('value' in e)) throw new Error(`${where}/dated/${i}: no "value"`);
    if (e.source !== undefined && typeof e.source !== 'string') throw new Error(`${where}/dated/${i}: "source" is text`);
    last = e.from;
  }
  return series as Entry[];
}

/** The value in force on `date`: the last entry from on or before it. */
function inForce(series: readonly Entry[], date: string, where: string): Entry {
  let found: Entry | undefined;
  for (const e of series) if (e.from <= date) found = e;
  if (!found) throw new Error(`${where}: no value in force on ${date} (the first is from ${series[0].from})`);
  return found;
}

function resolve(node: unknown, date: string, where: string): unknown {
  if (Array.isArray(node)) return node.map((x, i) => resolve(x, date, `${where}/${i}`));
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  let source: string | undefined;
  for (const [key, value] of Object.entries(node)) {
    const series = seriesOf(value, `${where}/${key}`);
    if (series) {
      const entry = inForce(series, date, `${where}/${key}`);
      out[key] = resolve(entry.value, date, `${where}/${key}`);
      source ??= entry.source;
    } else out[key] = resolve(value, date, `${where}/${key}`);
  }
  if (source !== undefined && out.source === undefined) out.source = source;
  return out;
}

/** The edition: `{ id, ...model }` with every dated value read on the edition's date. */
export function materialise(file: DatedFile, edition: Edition): Record<string, unknown> {
  if (!DATE.test(edition.date)) throw new Error(`${file.id}: edition ${edition.id} has no date YYYY-MM-DD`);
  return { id: edition.id, ...(resolve(file.model, edition.date, `${file.id}/model`) as Record<string, unknown>) };
}

/** Every place a value changes with the date, as JSON pointers into the model (for tests and documentation). */
export function datedPaths(node: unknown, where = ''): string[] {
  if (Array.isArray(node)) return node.flatMap((x, i) => datedPaths(x, `${where}/${i}`));
  if (typeof node !== 'object' || node === null) return [];
  if ('dated' in node) return [where];
  return Object.entries(node).flatMap(([k, v]) => datedPaths(v, `${where}/${k}`));
}
