import { stat } from "node:fs/promises";
import { join } from "node:path";
import {
  type ActionRecord,
  actionRecordSchema,
  InputError,
  RUN_FILES,
  readJsonlAll,
  readRunManifest,
  sha256File,
} from "@valens/core";
import { readViaCsv } from "./via-csv.js";

export interface LoadedDataset {
  actions: ActionRecord[];
  /** The file the actions were read from. */
  file: string;
  sha256: string;
  kind: "via-csv" | "jsonl" | "run";
}

/**
 * Loads the actions to evaluate from the published VIA CSV, a dataset JSONL (the project's
 * format), a directory holding `via.jsonl`, or a run directory (its actions.jsonl).
 */
export async function loadDataset(path: string): Promise<LoadedDataset> {
  const info = await stat(path).catch(() => undefined);
  if (!info) {
    throw new InputError("The dataset does not exist", {
      file: path,
      hint: "Run `valens dataset download --to data` and pass --dataset data/via.jsonl",
    });
  }
  if (info.isDirectory()) {
    for (const [name, kind] of [
      [RUN_FILES.actions, "run"],
      ["via.jsonl", "jsonl"],
    ] as const) {
      const file = join(path, name);
      if (
        await stat(file)
          .then((s) => s.isFile())
          .catch(() => false)
      ) {
        // A run's actions are only as good as its manifest: a foreign or damaged run is refused here.
        if (kind === "run") {
          await readRunManifest(path);
          if ((await stat(file)).size === 0)
            throw new InputError(
              "The run has no actions to evaluate (it was imported from task-1 files only)",
              {
                file: path,
                hint: "Pass a run made with a dataset, the dataset JSONL, or the VIA CSV as --dataset",
              },
            );
        }
        const actions = await readJsonlAll(
          file,
          actionRecordSchema,
          kind === "run" ? "run's actions file" : "dataset",
        );
        return { actions, file, sha256: await sha256File(file), kind };
      }
    }
    throw new InputError("The directory holds no dataset (neither actions.jsonl of a run nor via.jsonl)", {
      file: path,
    });
  }
  if (/\.csv$/i.test(path)) {
    const actions = await readViaCsv(path);
    return { actions, file: path, sha256: await sha256File(path), kind: "via-csv" };
  }
  const actions = await readJsonlAll(path, actionRecordSchema, "dataset");
  return { actions, file: path, sha256: await sha256File(path), kind: "jsonl" };
}
