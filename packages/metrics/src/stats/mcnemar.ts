import binomialCdf from "@stdlib/stats-base-dists-binomial-cdf";

/** An exact McNemar test on the discordant pairs of a paired 2x2 table. */
export interface McNemarTest {
  /** Pairs where only the first condition holds (e.g. aligned in run A, misaligned in run B). */
  b: number;
  /** Pairs where only the second condition holds. */
  c: number;
  /** Two-sided exact p-value: 1 when there is no discordant pair. */
  pValue: number;
}

/**
 * Exact (conditional) McNemar test: given n = b + c discordant pairs, b ~ Binomial(n, 1/2) under
 * the null, and the two-sided p-value doubles the smaller tail (capped at 1), as R's
 * `binom.test(b, b + c)` and `exact2x2::mcnemar.exact` do. Exact rather than chi-square because
 * groups (one value, one country) often have few discordant items.
 */
export function exactMcNemar(b: number, c: number): McNemarTest {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0)
    throw new RangeError(`McNemar counts must be whole numbers >= 0, got b=${b}, c=${c}`);
  const n = b + c;
  if (n === 0) return { b, c, pValue: 1 };
  if (b === c) return { b, c, pValue: 1 };
  const tail = binomialCdf(Math.min(b, c), n, 0.5);
  return { b, c, pValue: Math.min(1, 2 * tail) };
}
