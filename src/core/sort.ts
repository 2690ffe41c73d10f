/**
 * Sorting by exact keys (rationals of BigInts) at the speed of doubles: sort by a double estimate, then
 * re-sort exactly every run of neighbours whose estimates lie within 1e-9 (relative) of each other. Two
 * items the estimate could misorder have estimates that close, and everything sorted between them is as
 * close, so they share a run: the result is the exact order. Estimates that are not finite (keys beyond
 * 10^308) make it a plain exact sort.
 */
export function sortExactly(n: number, estimate: (i: number) => number, exact: (a: number, b: number) => number): number[] {
  const keys = new Float64Array(n);
  let finite = true;
  for (let i = 0; i < n; i++) {
    keys[i] = estimate(i);
    if (!Number.isFinite(keys[i])) finite = false;
  }
  const order = Array.from({ length: n }, (_, i) => i);
  if (!finite) return order.sort(exact);
  order.sort((a, b) => keys[a] - keys[b]);
  let start = 0;
  for (let j = 1; j <= n; j++) {
    if (j < n && close(keys[order[j - 1]], keys[order[j]])) continue;
    if (j - start > 1) {
      const run = order.slice(start, j).sort(exact);
      for (let k = 0; k < run.length; k++) order[start + k] = run[k];
    }
    start = j;
  }
  return order;
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE);
}
