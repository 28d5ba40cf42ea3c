import { execFile } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

const exec = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));
const script = join(root, "scripts", "long-functions.mjs");

/** Packages held to "no function over 80 lines outside data tables" (issue 14). */
const packages = [
  "packages/core",
  "packages/importers",
  "packages/llm",
  "packages/mock-server",
  "packages/metrics",
  "packages/tasks",
  "packages/dataset-gen",
  "packages/gap-predictor",
  "packages/report",
  "apps/cli",
];

const run = (args: string[]) =>
  exec(process.execPath, [script, ...args], { cwd: root }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code?: number; stdout?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? "" }),
  );

describe("function length", () => {
  // One run for every package: parsing the sources is most of the cost.
  let all: { code: number; stdout: string };
  beforeAll(async () => {
    all = await run(packages);
  }, 60_000);

  it.each(packages)("%s has no function over 80 lines", (dir) => {
    expect(all.stdout).toContain(`${dir}: 0\n`);
  });

  it("and the script says so with exit code 0", () => {
    expect(all.stdout).toContain("total: 0 functions over 80 lines");
    expect(all.code).toBe(0);
  });

  it("the check finds a long function, and names it", async () => {
    // A workspace-shaped folder under tests/out, so the script measures it like a package.
    const dir = join("tests", "out", "function-length", "fixture");
    await rm(join(root, dir), { recursive: true, force: true });
    await mkdir(join(root, dir, "src"), { recursive: true });
    const body = Array.from({ length: 81 }, (_, i) => `  total += ${i};`).join("\n");
    await writeFile(
      join(root, dir, "src", "long.ts"),
      `export function tooLong(): number {\n  let total = 0;\n${body}\n  return total;\n}\nexport const short = () => 1;\n`,
    );
    const result = await run([dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/: 1\n\s+85\ttooLong\t.*long\.ts:1/);
    await rm(join(root, "tests", "out", "function-length"), { recursive: true, force: true });
  });
});
