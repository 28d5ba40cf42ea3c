import type { OptionOrder } from "@valens/core";

/** What a Task-1 job asks: one scenario under one variant. */
export interface Task1JobMeta {
  task: 1;
  country: string;
  topic: string;
  variant: number;
  sample: number;
}

/** What a Task-2 job asks: one item under one variant, with the options as shown. */
export interface Task2JobMeta {
  task: 2;
  country: string;
  topic: string;
  value: string;
  variant: number;
  order: OptionOrder;
  sample: number;
  option1: string;
  option2: string;
}

export type EvalJobMeta = Task1JobMeta | Task2JobMeta;

export const task1JobId = (m: Omit<Task1JobMeta, "task">): string =>
  `t1|${m.country}|${m.topic}|v${m.variant}|s${m.sample}`;
export const task2JobId = (
  m: Pick<Task2JobMeta, "country" | "topic" | "value" | "variant" | "sample">,
): string => `t2|${m.country}|${m.topic}|${m.value}|v${m.variant}|s${m.sample}`;
