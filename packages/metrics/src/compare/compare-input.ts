import type { RunManifest } from "@valens/core";
import { itemAlignments } from "../item-alignment.js";
import type { MetricsInput } from "../report.js";
import type { MissingPolicy } from "../stance.js";
import type { CompareInput } from "./compare-runs.js";

/** What compareInputs reads of a loaded run. */
export type ComparableRun = MetricsInput & { dir: string; manifest: RunManifest };

/**
 * The catalog a run was made over: `valens eval` records its --catalog file (or "built-in") in
 * the manifest's parameters; imports of the study's files use the built-in catalog.
 */
export function runCatalog(manifest: RunManifest): string {
  const catalog = manifest.parameters.catalog;
  return typeof catalog === "string" ? catalog : "built-in";
}

/**
 * compareRuns' inputs from loaded runs. Ids are the model names, with the directory's name
 * added when two runs share a model (as the report labels them).
 */
export function compareInputs(
  runs: readonly ComparableRun[],
  missing: MissingPolicy = "exclude",
  /** Labels to use instead (the report's model ids), one per run. */
  ids?: readonly string[],
): CompareInput[] {
  const counts = new Map<string, number>();
  for (const run of runs) counts.set(run.manifest.model.name, (counts.get(run.manifest.model.name) ?? 0) + 1);
  const used = new Set<string>();
  return runs.map((run, index) => {
    const model = run.manifest.model.name;
    const base =
      (counts.get(model) ?? 0) > 1
        ? `${model} (${run.dir.split(/[\\/]/).filter(Boolean).pop() ?? "run"})`
        : model;
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base} ${i}`;
    used.add(id);
    return {
      id: ids?.[index] ?? id,
      dir: run.dir,
      model,
      catalog: runCatalog(run.manifest),
      items: itemAlignments(run, { missing }),
    };
  });
}
