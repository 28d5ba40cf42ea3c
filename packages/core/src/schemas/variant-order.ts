import type { OptionOrder } from "./task2-record.js";

/** Task-2 variants that showed the positive action first (PROTOCOL.md). */
export const REVERSED_VARIANTS: ReadonlySet<number> = new Set([2, 3, 6, 7]);
export const orderOfVariant = (variant: number): OptionOrder =>
  REVERSED_VARIANTS.has(variant) ? "reversed" : "normal";
