/**
 * Ranks by amount, largest first, every rank distinct: equal amounts are ordered by a second key. Shared by
 * the exact engine (equal amounts by exact formula share, then id) and its double fast path (quick.ts: by
 * the estimated share, checked afterwards).
 */

/** Ranks by amount, largest first; equal amounts by exact formula share (larger first), then id in UTF-16 order. */
export function rankByAmount(parts: readonly bigint[], numerators: readonly bigint[], ids: readonly string[]): number[] {
  return ranksByAmount(parts, (a, b) => {
    if (numerators[a] !== numerators[b]) return numerators[a] > numerators[b] ? -1 : 1;
    return ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0;
  });
}

/** Ranks by amount, largest first; equal amounts in `rest`'s order (a comparator of two indices). */
export function ranksByAmount(parts: readonly bigint[], rest: (a: number, b: number) => number): number[] {
  const n = parts.length;
  const ranks = new Array<number>(n);
  // The common case in one native sort of numbers: each key amount · 2^bits + index is an exact integer below
  // 2^53 while every amount is a safe integer below 2^(53 − bits) (a safe Number(part) is the part itself),
  // so keys order by amount and hold the index; equal amounts (a run of keys) are then ordered by the rest.
  const bits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const room = 2 ** bits;
  const limit = 2 ** (53 - bits);
  const keys = new Float64Array(n);
  let packed = true;
  for (let i = 0; i < n && packed; i++) {
    const x = Number(parts[i]);
    if (Number.isSafeInteger(x) && x >= 0 && x < limit) keys[i] = x * room + i;
    else packed = false;
  }
  if (packed) {
    keys.sort(); // ascending: the largest amount last
    let pos = 0;
    for (let end = n; end > 0; ) {
      const amount = Math.floor(keys[end - 1] / room);
      let start = end - 1;
      while (start > 0 && Math.floor(keys[start - 1] / room) === amount) start--;
      if (end - start === 1) ranks[keys[start] - amount * room] = ++pos;
      else {
        const run: number[] = [];
        for (let k = start; k < end; k++) run.push(keys[k] - amount * room);
        run.sort(rest);
        for (const idx of run) ranks[idx] = ++pos;
      }
      end = start;
    }
    return ranks;
  }
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => {
    if (parts[a] !== parts[b]) return parts[a] > parts[b] ? -1 : 1;
    return rest(a, b);
  });
  order.forEach((idx, pos) => (ranks[idx] = pos + 1));
  return ranks;
}
