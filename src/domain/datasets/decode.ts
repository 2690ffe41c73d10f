/**
 * The bytes of a spreadsheet export as text: what Excel and WPS write when a planner saves "CSV" or "Text".
 *
 * - UTF-8 with a BOM (Excel's "CSV UTF-8"), or without one;
 * - UTF-16 with its BOM (Excel's "Unicode Text", tab-separated);
 * - GBK, the default of Chinese Excel ("CSV (逗号分隔)"): read with TextDecoder('gbk') (the WHATWG decoder,
 *   which is GB18030's superset of GBK), when the bytes are not well-formed UTF-8.
 *
 * A file is read in one encoding. Lines that are well-formed UTF-8 with Chinese in them next to lines that
 * are not UTF-8 are a mix (a table pasted together from two exports): refused, naming one line of each,
 * since guessing would turn one half into mojibake. Bytes that are neither UTF-8 nor GBK are refused naming
 * the first line that is neither.
 */
import type { Coded } from '../../messages/grammar.js';
import { message } from '../../messages/index.js';

export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gbk';

export type Decoded = { readonly text: string; readonly encoding: Encoding } | { readonly problem: Coded };

const LF = 0x0a;

/** The length of the well-formed UTF-8 sequence starting at i (Unicode table 3-7), 0 when it is not one. */
function sequenceLength(b: Uint8Array, i: number): number {
  const x = b[i];
  if (x < 0x80) return 1;
  const c1 = b[i + 1];
  if (x >= 0xc2 && x <= 0xdf) return c1 >= 0x80 && c1 <= 0xbf ? 2 : 0;
  const lo = x === 0xe0 ? 0xa0 : x === 0xf0 ? 0x90 : 0x80;
  const hi = x === 0xed ? 0x9f : x === 0xf4 ? 0x8f : 0xbf;
  if (!(x >= 0xe0 && x <= 0xf4) || !(c1 >= lo && c1 <= hi)) return 0;
  const c2 = b[i + 2];
  if (!(c2 >= 0x80 && c2 <= 0xbf)) return 0;
  if (x <= 0xef) return 3;
  const c3 = b[i + 3];
  return c3 >= 0x80 && c3 <= 0xbf ? 4 : 0;
}

/** Is the slice well-formed UTF-8, and does it hold anything beyond ASCII? */
function utf8Kind(b: Uint8Array, start: number, end: number): 'ascii' | 'utf-8' | 'not-utf-8' {
  let wide = false;
  for (let i = start; i < end; ) {
    const n = sequenceLength(b, i);
    if (n === 0 || i + n > end) return 'not-utf-8';
    if (n > 1) wide = true;
    i += n;
  }
  return wide ? 'utf-8' : 'ascii';
}

/**
 * Is the slice GBK (as the WHATWG gb18030 decoder reads it): ASCII, 0x80 (€), a lead 0x81–0xFE with a trail
 * 0x40–0x7E or 0x80–0xFE, or a four-byte GB18030 sequence. Checked by hand: Node's decoder lets some invalid
 * bytes (0xFF) pass even with fatal: true.
 */
function isGbk(b: Uint8Array, start = 0, end = b.length): boolean {
  for (let i = start; i < end; ) {
    const x = b[i];
    if (x <= 0x80) {
      i++;
      continue;
    }
    if (x === 0xff || i + 1 >= end) return false;
    const y = b[i + 1];
    if ((y >= 0x40 && y <= 0x7e) || (y >= 0x80 && y <= 0xfe)) {
      i += 2;
      continue;
    }
    if (y >= 0x30 && y <= 0x39 && i + 3 < end && b[i + 2] >= 0x81 && b[i + 2] <= 0xfe && b[i + 3] >= 0x30 && b[i + 3] <= 0x39) {
      i += 4;
      continue;
    }
    return false;
  }
  return true;
}

function decodes(encoding: string, bytes: Uint8Array): string | undefined {
  if (encoding === 'gbk' && !isGbk(bytes)) return undefined;
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The text of an uploaded table, or the problem with its bytes (which line, what to do). */
export function decodeTable(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = decodes('utf-8', bytes.subarray(3));
    if (text !== undefined) return { text, encoding: 'utf-8-bom' };
    return { problem: badLines(bytes, 3) };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    const text = decodes(encoding, bytes.subarray(2));
    if (text !== undefined) return { text, encoding };
    return { problem: message('invalid-encoding', { line: 1, encoding: encoding.toUpperCase() }) };
  }
  const text = decodes('utf-8', bytes);
  if (text !== undefined) return { text, encoding: 'utf-8' };
  return badLines(bytes, 0, true);
}

/**
 * Bytes that are not UTF-8 throughout: GBK if every line is (and no line is UTF-8 Chinese), else the problem.
 * `gbkAllowed` is false after a UTF-8 BOM (the file said UTF-8).
 */
function badLines(bytes: Uint8Array, start: number): Coded;
function badLines(bytes: Uint8Array, start: number, gbkAllowed: true): Decoded;
function badLines(bytes: Uint8Array, start: number, gbkAllowed = false): Decoded | Coded {
  let firstUtf8 = 0;
  let firstOther = 0;
  let line = 1;
  for (let i = start; i <= bytes.length; ) {
    let end = bytes.indexOf(LF, i);
    if (end < 0) end = bytes.length;
    const kind = utf8Kind(bytes, i, end);
    if (kind === 'utf-8' && firstUtf8 === 0) firstUtf8 = line;
    if (kind === 'not-utf-8' && firstOther === 0) firstOther = line;
    i = end + 1;
    line++;
  }
  if (firstUtf8 > 0 && firstOther > 0) return problemOr(gbkAllowed, message('mixed-encoding', { utf8Line: firstUtf8, otherLine: firstOther }));
  if (!gbkAllowed) return message('invalid-encoding', { line: firstOther, encoding: 'UTF-8' });
  const text = decodes('gbk', bytes);
  if (text !== undefined) return { text, encoding: 'gbk' };
  // the first line GBK cannot read either
  line = 1;
  for (let i = 0; i <= bytes.length; ) {
    let end = bytes.indexOf(LF, i);
    if (end < 0) end = bytes.length;
    if (decodes('gbk', bytes.subarray(i, end)) === undefined) break;
    i = end + 1;
    line++;
  }
  return { problem: message('invalid-encoding', { line, encoding: 'UTF-8 / GBK' }) };
}

function problemOr(wrap: boolean, problem: Coded): Decoded | Coded {
  return wrap ? { problem } : problem;
}
