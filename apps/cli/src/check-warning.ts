import { type LoadedRun, readRun } from "@valens/core";
import { checkRun, checkWarning } from "@valens/metrics";
import { colors, status } from "./output.js";

/**
 * Prints the one-line warning of `valens check` on stderr when it fires (import and metrics
 * call it). Reads the run's action texts only when some Task-2 answer has an explanation or
 * there are several Task-2 variants to compare; otherwise there is nothing to check.
 */
export async function warnIfReversed(
  dir: string,
  loaded?: Pick<LoadedRun, "task1" | "task2">,
): Promise<void> {
  const task2 = loaded?.task2 ?? (await readRun(dir, { actions: "keys" })).task2;
  const explained = task2.some((r) => r.explanation);
  const variants = new Set(task2.map((r) => r.variant)).size;
  if (!explained && variants < 2) return;
  const run = await readRun(dir);
  const warning = checkWarning(checkRun(run), dir);
  if (warning) status(colors.yellow(warning));
}
