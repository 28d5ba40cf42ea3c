/** Figures as the report writes them: "–" for a missing one. */
export const pct = (x: number | null): string => (x === null ? "–" : `${(x * 100).toFixed(1)}%`);
export const num = (x: number | null, digits = 3): string => (x === null ? "–" : x.toFixed(digits));
export const ci = (interval: [number, number] | null): string =>
  interval === null ? "" : ` (95% CI ${interval[0].toFixed(3)}–${interval[1].toFixed(3)})`;
