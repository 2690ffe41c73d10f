/**
 * x_i = clamp(λ·b_i, lo_i, hi_i) with Σ x_i = target, solved exactly: stages/bounds.ts's breakpoint sweep
 * for a = 0 (g(λ) = Σ clamp(…) is nondecreasing and piecewise linear, with a breakpoint where a part leaves
 * its floor, λ = lo/b, or reaches its cap, λ = hi/b; λ* = (target − C)/S on the piece where g crosses the
 * target), made fast for the thousands of parts of one class of the direct algorithm: breakpoints ordered
 * by floatOrder.ts, and each "has g reached the target yet?" asked of doubles first (with a bound on their
 * rounding error, 1e-9 of the magnitudes summed, far above n·2^-53) and of BigInts only near the crossing.
 */
import { orderExactly } from './floatOrder.js';

export interface ProportionalSolution {
  /** λ* = p/q */
  readonly p: bigint;
  readonly q: bigint;
  /** x_i · q */
  readonly finals: bigint[];
}

/** undefined: even with every part at its cap the target is not reached (parts with b = 0 stay at lo). */
export function fillProportionally(
  b: readonly bigint[],
  lo: readonly bigint[],
  hi: readonly (bigint | undefined)[],
  target: bigint,
): ProportionalSolution | undefined {
  const n = b.length;
  let C = 0n; // Σ of parts at a bound on the current piece
  let S = 0n; // Σ b of the free parts
  const evPart = new Uint32Array(2 * n);
  const evCap = new Uint8Array(2 * n);
  const est = new Float64Array(2 * n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    C += lo[i];
    if (b[i] === 0n) continue;
    const bf = Number(b[i]);
    evPart[m] = i;
    evCap[m] = 0;
    est[m++] = Number(lo[i]) / bf;
    if (hi[i] !== undefined) {
      evPart[m] = i;
      evCap[m] = 1;
      est[m++] = Number(hi[i]) / bf;
    }
  }
  if (C > target) throw new Error('fillProportionally: the floors exceed the target'); // callers never ask this
  const num = (e: number) => (evCap[e] ? hi[evPart[e]]! : lo[evPart[e]]);
  const order = orderExactly(est.subarray(0, m), (x, y) => {
    const d = num(x) * b[evPart[y]] - num(y) * b[evPart[x]];
    return d < 0n ? -1 : d > 0n ? 1 : 0;
  });
  const targetF = Number(target);
  let Cf = Number(C);
  let Sf = 0;
  // Σ |terms| that went into Cf and Sf: their rounding errors stay below 1e-9 of these (≤ 20,000 terms)
  let absC = Cf;
  let absB = 0;
  const filter = Number.isFinite(targetF) && Number.isFinite(Cf);
  let p: bigint | undefined;
  let q = 1n;
  let last = -1;
  for (let k = 0; k < m; k++) {
    const e = order[k];
    const i = evPart[e];
    // g(λ_e) = C + λ_e·S clearly below the target in doubles: keep sweeping without BigInt products
    const lambda = est[e];
    const clearlyBelow = filter && Cf + lambda * Sf + 1e-9 * (absC + lambda * absB) < targetF;
    if (!clearlyBelow && (S > 0n ? (target - C) * b[i] <= num(e) * S : C === target)) {
      if (S > 0n) [p, q] = [target - C, S];
      else [p, q] = last < 0 ? [0n, 1n] : [num(last), b[evPart[last]]];
      break;
    }
    const bf = Number(b[i]);
    if (evCap[e]) {
      // reaches its cap: from λ·b to hi
      C += hi[i]!;
      S -= b[i];
      const h = Number(hi[i]);
      Cf += h;
      Sf -= bf;
      absC += h;
    } else {
      // leaves its floor: from lo to λ·b
      C -= lo[i];
      S += b[i];
      const l = Number(lo[i]);
      Cf -= l;
      Sf += bf;
      absC += l;
    }
    absB += bf;
    last = e;
  }
  if (p === undefined) {
    if (S > 0n) [p, q] = [target - C, S];
    else if (C === target) [p, q] = last < 0 ? [0n, 1n] : [num(last), b[evPart[last]]];
    else return undefined;
  }
  const finals = new Array<bigint>(n);
  let sum = 0n;
  for (let i = 0; i < n; i++) {
    const x = p * b[i];
    const floor = lo[i] * q;
    const h = hi[i];
    const f = x < floor ? floor : h !== undefined && x > h * q ? h * q : x;
    finals[i] = f;
    sum += f;
  }
  if (sum !== target * q) throw new Error(`fillProportionally: the parts add up to ${sum}/${q}, not ${target}`); // a bug
  return { p, q, finals };
}
