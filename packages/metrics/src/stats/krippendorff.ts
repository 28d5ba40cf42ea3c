/** Difference functions of Krippendorff's alpha for the levels of measurement valens needs. */
export type AlphaLevel = "nominal" | "ordinal" | "interval";

/**
 * Krippendorff's alpha over units that each hold the values their coders gave (any number, missing
 * ones simply absent; units with fewer than two values are not pairable and are skipped).
 * Computed from the coincidence matrix (Krippendorff 2011, "Computing Krippendorff's
 * Alpha-Reliability"): alpha = 1 - (n - 1) * sum o_ck d_ck / sum n_c n_k d_ck, where the
 * ordinal difference between categories c < k is (sum of n_g for c <= g <= k - (n_c + n_k) / 2)^2.
 * Null when fewer than two pairable values exist or all values are one category (alpha is 0/0).
 * Written here because the one JavaScript package for it (krippendorff 0.1.0) has a single
 * release and few users; this is tested against the paper's worked example.
 */
export function krippendorffAlpha(units: readonly (readonly number[])[], level: AlphaLevel): number | null {
  const categories = [...new Set(units.filter((u) => u.length >= 2).flat())].sort((a, b) => a - b);
  const k = categories.length;
  if (k < 2) return null;
  const index = new Map(categories.map((c, i) => [c, i]));
  const coincidence = new Float64Array(k * k);
  const counts = new Float64Array(k);
  for (const unit of units) {
    const m = unit.length;
    if (m < 2) continue;
    counts.fill(0);
    for (const value of unit) {
      const at = index.get(value) as number;
      counts[at] = (counts[at] as number) + 1;
    }
    for (let c = 0; c < k; c++) {
      const nc = counts[c] as number;
      if (nc === 0) continue;
      for (let d = 0; d < k; d++) {
        const nd = counts[d] as number;
        if (nd === 0) continue;
        coincidence[c * k + d] =
          (coincidence[c * k + d] as number) + (c === d ? nc * (nc - 1) : nc * nd) / (m - 1);
      }
    }
  }
  const marginals = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let sum = 0;
    for (let d = 0; d < k; d++) sum += coincidence[c * k + d] as number;
    marginals[c] = sum;
  }
  const n = marginals.reduce((a, b) => a + b, 0);
  const delta = differences(categories, marginals, level);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < k; c++) {
    for (let d = 0; d < k; d++) {
      const distance = delta[c * k + d] as number;
      observed += (coincidence[c * k + d] as number) * distance;
      expected += (marginals[c] as number) * (marginals[d] as number) * distance;
    }
  }
  if (expected === 0) return null;
  return 1 - ((n - 1) * observed) / expected;
}

function differences(
  categories: readonly number[],
  marginals: Float64Array,
  level: AlphaLevel,
): Float64Array {
  const k = categories.length;
  const delta = new Float64Array(k * k);
  for (let c = 0; c < k; c++) {
    for (let d = 0; d < k; d++) {
      if (c === d) continue;
      if (level === "nominal") delta[c * k + d] = 1;
      else if (level === "interval")
        delta[c * k + d] = ((categories[c] as number) - (categories[d] as number)) ** 2;
      else {
        const [lo, hi] = c < d ? [c, d] : [d, c];
        let between = 0;
        for (let g = lo; g <= hi; g++) between += marginals[g] as number;
        delta[c * k + d] = (between - ((marginals[lo] as number) + (marginals[hi] as number)) / 2) ** 2;
      }
    }
  }
  return delta;
}
