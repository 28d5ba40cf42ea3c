import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { writeRun } from "@valens/core";
import { type MockServer, startMockServer } from "@valens/mock-server";
import { syntheticRun } from "@valens/report/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeReleasedLayouts } from "./helpers/released-layouts.js";

const exec = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));
// Inside the repository, so the examples resolve @valens/* and openai as an installed user's would.
const work = join(root, "tests", "out", "readme-examples");
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");

interface Example {
  name: string;
  source: string;
}

/** The ```ts blocks of every package README, named <package>-<n>. */
function examples(): Example[] {
  const dirs = [
    ...readdirSync(join(root, "packages")).map((d) => join("packages", d)),
    join("apps", "cli"),
  ].filter((d) => existsSync(join(root, d, "README.md")));
  return dirs.flatMap((dir) => {
    const text = readFileSync(join(root, dir, "README.md"), "utf8");
    const blocks = [...text.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((m) => m[1] as string);
    return blocks.map((source, i) => ({ name: `${dir.split("/").pop()}-${i + 1}`, source }));
  });
}

let mock: MockServer;
const found = examples();

beforeAll(async () => {
  await rm(work, { recursive: true, force: true });
  await mkdir(join(work, "src"), { recursive: true });
  await writeFile(join(work, "package.json"), `${JSON.stringify({ type: "module", private: true })}\n`);
  await writeFile(
    join(work, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        lib: ["ES2023"],
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: true,
        types: ["node"],
        rootDir: "src",
        outDir: "js",
      },
      include: ["src"],
    }),
  );
  for (const example of found) await writeFile(join(work, "src", `${example.name}.ts`), example.source);
  // The run directories the examples name, as synthetic runs (7 countries: India, Nigeria and
  // Germany among them, for the predictor's hold-out).
  const cwd = join(work, "cwd");
  const full = syntheticRun({ countries: 7, topics: 2, values: 24, seed: 5 });
  // Each run named after its model, so the examples that train across models have several.
  for (const name of ["claude", "claude-sonnet-4", "gpt-4o"])
    await writeRun(join(cwd, "runs", name), {
      ...full,
      manifest: { ...full.manifest, model: { ...full.manifest.model, name } },
    });
  await writeRun(
    join(cwd, "runs", "new-model-task1-only"),
    syntheticRun({ countries: 7, topics: 2, values: 24, seed: 6, task2: false }),
  );
  // The study's file layouts the importers README reads.
  await writeReleasedLayouts(cwd, root);
  mock = await startMockServer({});
}, 60_000);
afterAll(async () => {
  await mock?.close();
});

describe("the package READMEs' TypeScript examples", () => {
  it("are found in the llm, metrics, report and gap-predictor READMEs", () => {
    const names = found.map((e) => e.name);
    for (const pkg of ["llm", "metrics", "report", "gap-predictor"])
      expect(
        names.some((n) => n.startsWith(`${pkg}-`)),
        pkg,
      ).toBe(true);
  });

  it("compile as written under strict TypeScript", async () => {
    const result = await exec(process.execPath, [tsc, "-p", work]).catch(
      (error: { stdout?: string; stderr?: string }) => ({
        stdout: error.stdout ?? "",
        stderr: error.stderr ?? "",
      }),
    );
    expect(`${result.stdout}${result.stderr}`.trim()).toBe("");
  }, 120_000);

  it.each(found.map((e) => e.name))(
    "%s runs as written (models answered by the mock server)",
    async (name) => {
      const file = join(work, "js", `${name}.js`);
      expect(existsSync(file), relative(root, file)).toBe(true);
      const result = await exec(process.execPath, [file], {
        cwd: join(work, "cwd"),
        env: { ...process.env, OPENAI_BASE_URL: mock.baseUrl, OPENAI_API_KEY: "sk-mock", NO_COLOR: "1" },
        maxBuffer: 16 * 1024 * 1024,
      }).catch((error: { code?: number; stderr?: string }) => ({ failed: error.code, stderr: error.stderr }));
      expect(result).not.toHaveProperty("failed");
    },
    180_000,
  );
});
