import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { checkOutputPath, InputError, readRunManifest, valensOutputKind } from "@valens/core";

/**
 * Checks before any request that `dir` can become a run directory: its parent is a writable
 * directory, and `dir` is absent, empty, or a valens run of the same model (a rerun resumes and
 * replaces it). Anything else needs --force.
 */
export async function checkRunOutput(
  dir: string,
  modelRef: string,
  force: boolean,
  inputs: readonly string[] = [],
): Promise<void> {
  const target = checkOutputPath(dir, { inputs });
  const info = await stat(target).catch(() => undefined);
  if (info && !info.isDirectory())
    throw new InputError("The output path exists and is not a directory", { file: dir });
  if (info && force) {
    const { readdir } = await import("node:fs/promises");
    if ((await readdir(target)).length > 0 && (await valensOutputKind(target)) === undefined)
      throw new InputError(
        "--force replaces only a directory valens wrote, and this one has no valens manifest.json, card.json or valens-output.json",
        { file: dir, hint: "Choose another --out, or move its contents away first" },
      );
  }
  if (info && !force) {
    const { readdir } = await import("node:fs/promises");
    const entries = await readdir(target);
    if (entries.length > 0) {
      const manifest = await readRunManifest(target).catch(() => undefined);
      if (!manifest) {
        throw new InputError("The output directory exists and is not a valens run", {
          file: dir,
          hint: "Choose another --out or pass --force to replace it",
        });
      }
      if (manifest.model.ref !== modelRef) {
        throw new InputError(
          `The output directory holds a run of another model (${manifest.model.ref ?? manifest.model.name})`,
          {
            file: dir,
            hint: "Choose another --out or pass --force to replace it",
          },
        );
      }
    }
  }
  await checkWritableParent(target, dir);
}

/** The nearest existing ancestor of `target` must be a writable directory. */
export async function checkWritableParent(target: string, shown: string): Promise<void> {
  let dir = dirname(target);
  for (;;) {
    const info = await stat(dir).catch(() => undefined);
    if (info) {
      if (!info.isDirectory())
        throw new InputError(`Cannot create the output: ${dir} is not a directory`, { file: shown });
      try {
        await access(dir, constants.W_OK);
      } catch {
        throw new InputError(`Cannot write the output: ${dir} is not writable`, {
          file: shown,
          hint: "Choose an --out in a directory you can write to",
        });
      }
      return;
    }
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}
