import type { Catalog, Task1Record, Task2Record } from "@valens/core";
import type { ItemAlignment } from "../item-alignment.js";
import type { ResampleOptions } from "../scenario-resample.js";
import type { MissingPolicy } from "../stance.js";
import { type Task1Agreement, type Task2Agreement, task1Agreement, task2Agreement } from "./agreement.js";
import { type PositionBias, positionBias } from "./position-bias.js";
import { type VariantFigures, variantFigures } from "./variant-figures.js";

/**
 * Prompt robustness of a run with several prompt variants (`valens metrics --json`'s
 * `robustness`): the measures per variant of each task, Task 2's position bias, and agreement
 * across variants. Field names are a public contract, like the rest of MetricsReport.
 */
export interface Robustness {
  task1Variants: number[];
  task2Variants: number[];
  byTask1Variant: VariantFigures[];
  byTask2Variant: VariantFigures[];
  /** null unless Task 2 has answers in both option orders. */
  positionBias: PositionBias | null;
  agreement: { task1: Task1Agreement | null; task2: Task2Agreement | null };
}

/** null unless one of the tasks has answers under more than one prompt variant. */
export function robustness(
  items: readonly ItemAlignment[],
  run: { task1: readonly Task1Record[]; task2: readonly Task2Record[] },
  options: ResampleOptions & { catalog?: Catalog; missing?: MissingPolicy } = {},
): Robustness | null {
  const task1Variants = [...new Set(run.task1.map((r) => r.variant))].sort((a, b) => a - b);
  const task2Variants = [...new Set(run.task2.map((r) => r.variant))].sort((a, b) => a - b);
  if (run.task2.length === 0 || (task1Variants.length <= 1 && task2Variants.length <= 1)) return null;
  return {
    task1Variants,
    task2Variants,
    ...variantFigures(items, run.task1, run.task2, options),
    positionBias: positionBias(run.task2),
    agreement: {
      task1: task1Variants.length > 1 ? task1Agreement(items) : null,
      task2: task2Variants.length > 1 ? task2Agreement(run.task2) : null,
    },
  };
}
