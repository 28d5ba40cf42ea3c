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

/**
 * Whether the shared data is present. When it is not, prints why the dependent tests are
 * skipped (CI always has it, so there they run).
 */
export function hasSharedData(...requiredFiles: string[][]): boolean {
  const missing = requiredFiles.map((parts) => sharedDataPath(...parts)).filter((file) => !existsSync(file));
  if (missing.length > 0) {
    console.warn(`Skipping tests that need the study's published data: missing ${missing.join(", ")}`);
    return false;
  }
  return true;
}
