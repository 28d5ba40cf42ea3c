import { type LoadedRun, readRun } from "@valens/core";
import { checkRun, checkWarning } from "@valens/metrics";
import { colors, status } from "./output.js";

/**
 * The one-line warning of `valens check` when it fires (import and metrics show it). Checks only
 * when some Task-2 answer has an explanation or there are several Task-2 variants to compare,
 * and reads the action texts only for the explanations.
 */
export async function reversedWarning(
  dir: string,
  loaded?: Pick<LoadedRun, "task1" | "task2">,
): Promise<string | undefined> {
  const tasks = loaded ?? (await readRun(dir, { actions: "keys" }));
  const explained = tasks.task2.some((r) => r.explanation);
  const variants = new Set(tasks.task2.map((r) => r.variant)).size;
  if (!explained && variants < 2) return undefined;
  // Action texts are only needed to compare explanations with them.
  const run = explained ? await readRun(dir) : { actions: [], task1: tasks.task1, task2: tasks.task2 };
  return checkWarning(checkRun(run), dir) ?? undefined;
}

/** Prints the warning on stderr when it fires. */
export function printWarning(warning: string | undefined): void {
  if (warning) status(colors.yellow(warning));
}

export async function warnIfReversed(
  dir: string,
  loaded?: Pick<LoadedRun, "task1" | "task2">,
): Promise<void> {
  printWarning(await reversedWarning(dir, loaded));
}
