import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * Where the study's published data lives for tests and benchmarks: $VALENS_SHARED_DIR, or
 * `../shared` beside the repository that contains the working directory.
 */
export function sharedDir(from: string = process.cwd()): string {
  const fromEnv = process.env.VALENS_SHARED_DIR;
  if (fromEnv) return resolve(fromEnv);
  let dir = resolve(from);
  while (!existsSync(join(dir, "turbo.json"))) {
    const parent = dirname(dir);
    if (parent === dir) return resolve(from, "../shared");
    dir = parent;
  }
  return resolve(dir, "../shared");
}

/** Path of a file under shared/data, e.g. sharedDataPath("via", "via_full.csv"). */
export const sharedDataPath = (...parts: string[]): string => join(sharedDir(), "data", ...parts);

/** Path of a file under the shared directory itself, e.g. sharedPath("spec", "catalog.json"). */
export const sharedPath = (...parts: string[]): string => join(sharedDir(), ...parts);

/** Set (e.g. in CI) so a missing shared file fails the run instead of skipping its tests. */
export const REQUIRE_SHARED_DATA_ENV = "VALENS_REQUIRE_SHARED_DATA";

/**
 * Whether the study's published data is present: each listed file under shared/data, or with no
 * list the shared/data directory itself. When it is not, prints why the dependent tests are
 * skipped, or throws when VALENS_REQUIRE_SHARED_DATA=1 so a CI run cannot pass by skipping.
 */
export function hasSharedData(...requiredFiles: string[][]): boolean {
  const files =
    requiredFiles.length === 0 ? [sharedDataPath()] : requiredFiles.map((p) => sharedDataPath(...p));
  return present(files);
}

/** Like hasSharedData, for files anywhere under the shared directory (e.g. ["spec", "catalog.json"]). */
export function hasSharedFiles(...requiredFiles: string[][]): boolean {
  if (requiredFiles.length === 0) throw new Error("hasSharedFiles needs at least one file");
  return present(requiredFiles.map((p) => sharedPath(...p)));
}

function present(files: string[]): boolean {
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length === 0) return true;
  const what = `the study's published data: missing ${missing.join(", ")}`;
  if (process.env[REQUIRE_SHARED_DATA_ENV] === "1")
    throw new Error(
      `${REQUIRE_SHARED_DATA_ENV}=1 but tests need ${what} (put the shared directory at ../shared or set VALENS_SHARED_DIR)`,
    );
  console.warn(`Skipping tests that need ${what} (set VALENS_SHARED_DIR to run them)`);
  return false;
}
