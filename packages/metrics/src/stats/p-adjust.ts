import padjust from "@stdlib/stats-padjust";

/**
 * Holm's step-down adjustment (family-wise error rate), as R's `p.adjust(p, "holm")`. Null
 * entries (tests that could not be run) stay null and do not count as comparisons.
 */
export const holm = (pValues: readonly (number | null)[]): (number | null)[] => adjust(pValues, "holm");

/** Benjamini-Hochberg q-values (false discovery rate), as R's `p.adjust(p, "BH")`. */
export const benjaminiHochberg = (pValues: readonly (number | null)[]): (number | null)[] =>
  adjust(pValues, "bh");

function adjust(pValues: readonly (number | null)[], method: "holm" | "bh"): (number | null)[] {
  const present: number[] = [];
  for (const p of pValues) {
    if (p === null) continue;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`p-values must lie in [0, 1], got ${p}`);
    present.push(p);
  }
  if (present.length === 0) return pValues.map(() => null);
  const adjusted = padjust(present, method);
  let next = 0;
  return pValues.map((p) => (p === null ? null : (adjusted[next++] as number)));
}
