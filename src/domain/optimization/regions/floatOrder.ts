/**
 * sort.ts's sortExactly (order by a double estimate, then re-sort exactly each run of neighbours whose
 * estimates lie within 1e-9 of each other — the exact order) with the estimate sort done by an LSD radix
 * sort of the doubles' bits instead of a comparator sort: no callback per comparison, so several times
 * faster on the thousands of segments of the direct algorithm. Falls back to sortExactly where the trick
 * does not apply (a big-endian platform, estimates that are not finite).
 */
import { sortExactly } from '../../../core/sort.js';

const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

export function orderExactly(estimates: Float64Array, exact: (a: number, b: number) => number): Uint32Array {
  const n = estimates.length;
  let finite = LITTLE_ENDIAN;
  for (let i = 0; i < n && finite; i++) finite = Number.isFinite(estimates[i]);
  if (!finite) return Uint32Array.from(sortExactly(n, (i) => estimates[i], exact));
  const order = radixOrder(estimates);
  let start = 0;
  for (let j = 1; j <= n; j++) {
    if (j < n && close(estimates[order[j - 1]], estimates[order[j]])) continue;
    if (j - start > 1 && !allEqual(order, start, j, exact)) {
      const run: number[] = [];
      for (let k = start; k < j; k++) run.push(order[k]);
      run.sort(exact);
      for (let k = 0; k < run.length; k++) order[start + k] = run[k];
    }
    start = j;
  }
  return order;
}

/** A run of exactly equal keys (ties are common: equal weights) needs no sorting. */
function allEqual(order: Uint32Array, start: number, end: number, exact: (a: number, b: number) => number): boolean {
  for (let k = start + 1; k < end; k++) if (exact(order[start], order[k]) !== 0) return false;
  return true;
}

export function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE);
}

/**
 * Indices in ascending order of finite doubles. Each double's bits become an unsigned 64-bit key that
 * orders as the double does (negative: all bits flipped; otherwise the sign bit set), sorted a byte at a
 * time from the lowest; bytes all keys share are skipped.
 */
function radixOrder(x: Float64Array): Uint32Array {
  const n = x.length;
  const words = new Uint32Array(x.buffer, x.byteOffset, 2 * n);
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1];
    if (h & 0x80000000) {
      hi[i] = ~h >>> 0;
      lo[i] = ~words[2 * i] >>> 0;
    } else {
      hi[i] = (h | 0x80000000) >>> 0;
      lo[i] = words[2 * i];
    }
  }
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Uint32Array(n);
  const count = new Uint32Array(256);
  for (let pass = 0; pass < 8; pass++) {
    const word = pass < 4 ? lo : hi;
    const shift = (pass % 4) * 8;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(word[i] >>> shift) & 0xff]++;
    if (n > 0 && count[(word[0] >>> shift) & 0xff] === n) continue; // every key has this byte
    let sum = 0;
    for (let b = 0; b < 256; b++) {
      const c = count[b];
      count[b] = sum;
      sum += c;
    }
    for (let k = 0; k < n; k++) {
      const i = order[k];
      next[count[(word[i] >>> shift) & 0xff]++] = i;
    }
    [order, next] = [next, order];
  }
  return order;
}
