/**
 * Reads an .xlsx as Excel stores it (a zip of XML parts) and evaluates the few worksheet functions the examples
 * use, so a test runs the workbook's own formulas instead of a copy of them.
 *
 * read-excel-file does not help here: it returns a formula cell's cached value, and a generated workbook has none.
 * The zip is read with node:zlib (stored and deflated entries, what every writer uses); the formula language is
 * the subset the examples need: "text", numbers, cell references, &, and WEBSERVICE, FILTERXML, VALUE, IFERROR.
 * Anything else is an error, so a formula the evaluator does not understand fails the test instead of passing it.
 */
import { inflateRawSync } from 'node:zlib';

/** The entries of a zip archive, by name. */
export function unzip(zip: Buffer): Map<string, Buffer> {
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('not a zip archive: no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`zip central directory entry ${n} is broken`);
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    if (method === 0) files.set(name, Buffer.from(data));
    else if (method === 8) files.set(name, inflateRawSync(data));
    else throw new Error(`zip entry ${name}: compression method ${method}`);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

export function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#(\d+)|#x([0-9a-fA-F]+));/g, (_, name: string, dec?: string, hex?: string) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(Number.parseInt(hex, 16));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[name as 'amp']!;
  });
}

/** A cell as the file holds it: a formula (without "=") or a value (shared strings resolved; numbers as numbers). */
export type StoredCell = { formula: string } | { value: string | number };

/** The cells of each sheet, by sheet name, then by address ("B6"). */
export function readWorkbook(xlsx: Buffer): Map<string, Map<string, StoredCell>> {
  const files = unzip(xlsx);
  const text = (name: string) => {
    const f = files.get(name);
    if (!f) throw new Error(`the workbook has no ${name}`);
    return f.toString('utf8');
  };
  const shared = files.has('xl/sharedStrings.xml')
    ? [...text('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
        [...m[1].matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((t) => unescapeXml(t[1])).join(''),
      )
    : [];
  const rels = new Map([...text('xl/_rels/workbook.xml.rels').matchAll(/<Relationship\s[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"/g)].map((m) => [m[1], m[2]]));
  const sheets = new Map<string, Map<string, StoredCell>>();
  // attributes in any order (write-excel-file puts r:id first)
  for (const m of text('xl/workbook.xml').matchAll(/<sheet\s([^>]*)\/?>/g)) {
    const name = /\bname="([^"]+)"/.exec(m[1])![1];
    const target = rels.get(/\br:id="([^"]+)"/.exec(m[1])![1])!.replace(/^\/?(xl\/)?/, '');
    const cells = new Map<string, StoredCell>();
    for (const c of text(`xl/${target}`).matchAll(/<c\s([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const address = /\br="([A-Z]+\d+)"/.exec(c[1])![1];
      const type = /\bt="([^"]+)"/.exec(c[1])?.[1];
      const inner = c[2] ?? '';
      const f = /<f(?:\s[^>]*)?>([\s\S]*?)<\/f>/.exec(inner);
      const v = /<v>([\s\S]*?)<\/v>/.exec(inner);
      if (f) cells.set(address, { formula: unescapeXml(f[1]) });
      else if (v && type === 's') cells.set(address, { value: shared[Number(v[1])] });
      else if (v && (type === 'str' || type === 'inlineStr')) cells.set(address, { value: unescapeXml(v[1]) });
      else if (v) cells.set(address, { value: Number(v[1]) });
    }
    sheets.set(unescapeXml(name), cells);
  }
  return sheets;
}

/** An Excel error value (#VALUE!, #N/A …): what IFERROR catches. */
export class FormulaError extends Error {}

export type Value = string | number;

/** What WEBSERVICE does: GET the URL; the answer's text, or a FormulaError when the answer is not a 200. */
export type WebService = (url: string) => Promise<Value>;

/** Evaluates a sheet's cells; `overrides` replace stored cells (a planner typing into B1). */
export function evaluator(cells: Map<string, StoredCell>, webService: WebService, overrides: Record<string, Value> = {}) {
  const memo = new Map<string, Promise<Value>>();
  const cell = (address: string): Promise<Value> => {
    const key = address.replace(/\$/g, '');
    let v = memo.get(key);
    if (!v) {
      v = (async () => {
        if (key in overrides) return overrides[key];
        const stored = cells.get(key);
        if (!stored) return '';
        return 'formula' in stored ? evaluate(stored.formula) : stored.value;
      })();
      memo.set(key, v);
    }
    return v;
  };
  const evaluate = async (formula: string): Promise<Value> => {
    const parser = new Parser(formula.replace(/^=/, ''));
    const tree = parser.expression();
    parser.end();
    return run(tree);
  };
  const run = async (node: Node): Promise<Value> => {
    switch (node.kind) {
      case 'text':
      case 'number':
        return node.value;
      case 'ref':
        return cell(node.address);
      case 'concat': {
        const parts = await Promise.all(node.parts.map(run));
        return parts.map(String).join('');
      }
      case 'call':
        return call(node.name.replace(/^_xlfn\./, '').toUpperCase(), node.args);
    }
  };
  const call = async (name: string, args: Node[]): Promise<Value> => {
    const arity = { WEBSERVICE: 1, VALUE: 1, IFERROR: 2, FILTERXML: 2 }[name];
    if (arity === undefined) throw new Error(`the test evaluator does not know ${name}()`);
    if (args.length !== arity) throw new Error(`${name} takes ${arity} arguments, got ${args.length}`);
    if (name === 'IFERROR') {
      try {
        return await run(args[0]);
      } catch (e) {
        if (e instanceof FormulaError) return run(args[1]);
        throw e;
      }
    }
    const values = await Promise.all(args.map(run));
    if (name === 'WEBSERVICE') return webService(String(values[0]));
    if (name === 'VALUE') {
      const t = String(values[0]).trim();
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) throw new FormulaError(`#VALUE! VALUE(${JSON.stringify(values[0])})`);
      return Number(t);
    }
    return filterXml(String(values[0]), String(values[1]));
  };
  return { cell, evaluate };
}

/** FILTERXML for the one XPath shape the examples use: //row[<field>='<text>']/<column>. */
export function filterXml(xml: string, xpath: string): Value {
  const m = /^\/\/row\[([A-Za-z_][\w.-]*)='([^']*)'\]\/([A-Za-z_][\w.-]*)$/.exec(xpath);
  if (!m) throw new Error(`the test evaluator reads only //row[field='x']/column, not ${xpath}`);
  const [, field, wanted, column] = m;
  const found: string[] = [];
  for (const row of xml.matchAll(/<row>([\s\S]*?)<\/row>/g)) {
    const get = (name: string) => {
      const e = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(row[1]);
      return e ? unescapeXml(e[1]) : undefined;
    };
    if (get(field) === wanted) {
      const v = get(column);
      if (v !== undefined) found.push(v);
    }
  }
  if (found.length === 0) throw new FormulaError(`#VALUE! FILTERXML found nothing at ${xpath}`);
  // Excel answers a number when the text is one (and an array when several nodes match: not used here)
  if (found.length > 1) throw new Error(`FILTERXML ${xpath}: ${found.length} nodes`);
  return /^[+-]?\d+(\.\d+)?$/.test(found[0]) ? Number(found[0]) : found[0];
}

type Node =
  | { kind: 'text'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'ref'; address: string }
  | { kind: 'concat'; parts: Node[] }
  | { kind: 'call'; name: string; args: Node[] };

class Parser {
  private at = 0;
  constructor(private readonly src: string) {}

  end(): void {
    this.space();
    if (this.at !== this.src.length) throw new Error(`formula: unexpected ${JSON.stringify(this.src.slice(this.at))} in ${this.src}`);
  }

  expression(): Node {
    const parts = [this.term()];
    while (this.eat('&')) parts.push(this.term());
    return parts.length === 1 ? parts[0] : { kind: 'concat', parts };
  }

  private term(): Node {
    this.space();
    const rest = this.src.slice(this.at);
    if (rest.startsWith('"')) {
      let value = '';
      let i = 1;
      for (;;) {
        if (i >= rest.length) throw new Error(`formula: unterminated text in ${this.src}`);
        if (rest[i] === '"') {
          if (rest[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          break;
        }
        value += rest[i++];
      }
      this.at += i + 1;
      return { kind: 'text', value };
    }
    const num = /^\d+(\.\d+)?/.exec(rest);
    if (num) {
      this.at += num[0].length;
      return { kind: 'number', value: Number(num[0]) };
    }
    const fn = /^([A-Za-z_][A-Za-z0-9_.]*)\(/.exec(rest);
    if (fn) {
      this.at += fn[0].length;
      const args: Node[] = [];
      if (!this.eat(')')) {
        do args.push(this.expression());
        while (this.eat(','));
        if (!this.eat(')')) throw new Error(`formula: ")" expected in ${this.src}`);
      }
      return { kind: 'call', name: fn[1], args };
    }
    const ref = /^\$?[A-Z]{1,3}\$?\d+/.exec(rest);
    if (ref) {
      this.at += ref[0].length;
      return { kind: 'ref', address: ref[0] };
    }
    throw new Error(`formula: cannot read ${JSON.stringify(rest)} in ${this.src}`);
  }

  private eat(token: string): boolean {
    this.space();
    if (this.src.startsWith(token, this.at)) {
      this.at += token.length;
      return true;
    }
    return false;
  }

  private space(): void {
    while (this.src[this.at] === ' ') this.at++;
  }
}
