import { join } from "node:path";
import { type Catalog, defaultCatalog } from "../catalog/catalog.js";
import type { RunManifest } from "../schemas/run-manifest.js";
import type { Task1Record } from "../schemas/task1-record.js";
import type { Task2Record } from "../schemas/task2-record.js";

/** Something a hand edit left in a run that valens itself never writes. */
export interface RunInconsistency {
  file: "task1.jsonl" | "task2.jsonl";
  kind: "count" | "duplicate" | "unknown-value";
  /** 1-based record (non-blank line) of the first offence; absent for a count mismatch. */
  record?: number;
  message: string;
}

export interface RunConsistencyInput {
  manifest: Pick<RunManifest, "tasks"> & Partial<Pick<RunManifest, "parameters">>;
  task1: readonly Pick<Task1Record, "country" | "topic" | "variant" | "sample" | "ratings">[];
  task2: readonly Pick<Task2Record, "country" | "topic" | "value" | "variant" | "sample">[];
}

const FIX = "re-import or re-run the run to fix";

/**
 * Record counts against the manifest, repeated record keys and values outside the catalog, in one
 * pass over each file with a Set of keys (metrics reads runs of ~100k records and must stay fast).
 * Reports the first offence of each kind per file.
 */
export function checkRunConsistency(
  run: RunConsistencyInput,
  catalog: Catalog = defaultCatalog,
): RunInconsistency[] {
  // A run evaluated with its own catalog (eval --catalog) names values the built-in one lacks.
  const own = run.manifest.parameters?.catalog;
  const checkValues = own === undefined || own === "built-in";
  const known = new Set(catalog.values.map((v) => v.name));
  const out: RunInconsistency[] = [];
  const count = (file: RunInconsistency["file"], declared: number | undefined, read: number) => {
    if (declared !== undefined && declared !== read)
      out.push({
        file,
        kind: "count",
        message: `holds ${read} records but manifest.json says ${declared}; the file was edited by hand: ${FIX}`,
      });
  };

  const seen1 = new Map<string, number>();
  let duplicate1: RunInconsistency | undefined;
  let unknown1: RunInconsistency | undefined;
  run.task1.forEach((r, i) => {
    const key = `${r.country}\u0000${r.topic}\u0000${r.variant}\u0000${r.sample}`;
    const first = seen1.get(key);
    if (first === undefined) seen1.set(key, i);
    else
      duplicate1 ??= {
        file: "task1.jsonl",
        kind: "duplicate",
        record: i + 1,
        message: `record ${i + 1} repeats record ${first + 1} (${r.country} / ${r.topic}, variant ${r.variant}, sample ${r.sample}); metrics count both: ${FIX}`,
      };
    if (checkValues && !unknown1)
      for (const value in r.ratings)
        if (!known.has(value)) {
          unknown1 = {
            file: "task1.jsonl",
            kind: "unknown-value",
            record: i + 1,
            message: `record ${i + 1} rates "${value}", a value not in the catalog: ${FIX}`,
          };
          break;
        }
  });
  if (duplicate1) out.push(duplicate1);
  if (unknown1) out.push(unknown1);
  // After the loop: a duplicated line also breaks the count, and the duplicate says more.
  count("task1.jsonl", run.manifest.tasks.task1?.records, run.task1.length);

  const seen2 = new Map<string, number>();
  let duplicate2: RunInconsistency | undefined;
  let unknown2: RunInconsistency | undefined;
  run.task2.forEach((r, i) => {
    const key = `${r.country}\u0000${r.topic}\u0000${r.value}\u0000${r.variant}\u0000${r.sample}`;
    const first = seen2.get(key);
    if (first === undefined) seen2.set(key, i);
    else
      duplicate2 ??= {
        file: "task2.jsonl",
        kind: "duplicate",
        record: i + 1,
        message: `record ${i + 1} repeats record ${first + 1} (${r.country} / ${r.topic} / ${r.value}, variant ${r.variant}, sample ${r.sample}); metrics count both: ${FIX}`,
      };
    if (checkValues && !unknown2 && !known.has(r.value))
      unknown2 = {
        file: "task2.jsonl",
        kind: "unknown-value",
        record: i + 1,
        message: `record ${i + 1} is about "${r.value}", a value not in the catalog: ${FIX}`,
      };
  });
  if (duplicate2) out.push(duplicate2);
  if (unknown2) out.push(unknown2);
  count("task2.jsonl", run.manifest.tasks.task2?.records, run.task2.length);
  return out;
}

/** One warning line: the file's path, what is wrong, how to fix it (more findings counted). */
export function runConsistencyWarning(dir: string, found: readonly RunInconsistency[]): string | null {
  const [first] = found;
  if (!first) return null;
  const more = found.length > 1 ? ` (+${found.length - 1} more)` : "";
  return `warning: ${join(dir, first.file)}: ${first.message}${more}`;
}
