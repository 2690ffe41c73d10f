/**
 * The exact decimal every amount is: a scaled integer (value = coefficient × 10^-scale), in the manner of
 * dinero.js. No binary float ever touches one.
 */

/** An exact decimal: coefficient × 10^-scale. */
export interface Scaled {
  readonly coefficient: bigint;
  readonly scale: number;
}

export const POW10: bigint[] = Array.from({ length: 80 }, (_, i) => 10n ** BigInt(i));
export function pow10(n: number): bigint {
  return n < POW10.length ? POW10[n] : 10n ** BigInt(n);
}

/** Drops trailing zeros of the fraction so equal values have equal representations. */
export function normalise(x: Scaled): Scaled {
  let { coefficient, scale } = x;
  while (scale > 0 && coefficient % 10n === 0n) {
    coefficient /= 10n;
    scale -= 1;
  }
  return { coefficient, scale };
}

/** The coefficient of x at a scale at least as large as its own (exact). */
export function atScale(x: Scaled, scale: number): bigint {
  if (scale === x.scale) return x.coefficient;
  if (scale < x.scale) throw new RangeError(`cannot lower scale ${x.scale} to ${scale} exactly`);
  return x.coefficient * pow10(scale - x.scale);
}

export function compareScaled(a: Scaled, b: Scaled): number {
  const s = Math.max(a.scale, b.scale);
  const x = atScale(a, s);
  const y = atScale(b, s);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function addScaled(a: Scaled, b: Scaled): Scaled {
  const s = Math.max(a.scale, b.scale);
  return normalise({ coefficient: atScale(a, s) + atScale(b, s), scale: s });
}

export function mulScaled(a: Scaled, b: Scaled): Scaled {
  return normalise({ coefficient: a.coefficient * b.coefficient, scale: a.scale + b.scale });
}
