import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

export const valensBin = fileURLToPath(new URL("../../apps/cli/bin/valens.js", import.meta.url));

export interface ValensResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real valens binary; never rejects, the exit code is in the result. */
export function valens(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<ValensResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [valensBin, ...args],
      { env: { ...process.env, NO_COLOR: "1", ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
