import { execFile } from "node:child_process";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { writeRun } from "@valens/core";
import { reportDataSchema } from "@valens/report";
import { syntheticRun } from "@valens/report/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const valensBin = fileURLToPath(new URL("../apps/cli/bin/valens.js", import.meta.url));
const outDir = fileURLToPath(new URL("./out/report-cli", import.meta.url));

async function valens(args: string[], env: NodeJS.ProcessEnv = process.env) {
  try {
    const { stdout, stderr } = await run(process.execPath, [valensBin, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("valens report", () => {
  const good = join(outDir, "good");
  const previous = join(outDir, "previous.html");

  beforeAll(async () => {
    await rm(outDir, { recursive: true, force: true });
    await mkdir(outDir, { recursive: true });
    await writeRun(good, syntheticRun({ countries: 2, topics: 2, values: 30 }));
    // A run written by a future valens.
    await writeRun(join(outDir, "future"), syntheticRun({ countries: 1, topics: 1, values: 5 }));
    const manifestFile = join(outDir, "future", "manifest.json");
    const manifest = JSON.parse(await readFile(manifestFile, "utf8"));
    await writeFile(manifestFile, JSON.stringify({ ...manifest, formatVersion: 2 }));
    // A run with no answers at all.
    await writeRun(join(outDir, "empty"), syntheticRun({ countries: 1, topics: 1, values: 5 }));
    await writeFile(join(outDir, "empty", "task1.jsonl"), "\n");
    await writeFile(join(outDir, "empty", "task2.jsonl"), "\n");
    // And one whose record files are zero bytes.
    await writeRun(join(outDir, "zero"), syntheticRun({ countries: 1, topics: 1, values: 5 }));
    await writeFile(join(outDir, "zero", "task1.jsonl"), "");
    await writeFile(join(outDir, "zero", "task2.jsonl"), "");
    await writeFile(previous, "previous report");
  });
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it("refuses a run directory from an incompatible version, naming the versions", async () => {
    const result = await valens(["report", join(outDir, "future"), "--out", previous]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /valens: error: The run directory has format version 2, this valens reads version 1/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await readFile(previous, "utf8")).toBe("previous report");
  });

  it("refuses an empty run", async () => {
    const result = await valens(["report", join(outDir, "empty"), "--out", previous]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/The run is empty: it has no task-1 or task-2 records/);
    const zero = await valens(["report", join(outDir, "zero"), "--out", previous]);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/The run is empty/);
    expect(await readFile(previous, "utf8")).toBe("previous report");
  });

  it("refuses a directory that is not a run", async () => {
    const result = await valens(["report", outDir, "--out", previous]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Not a valens run directory: manifest.json is missing/);
  });

  it("refuses an unknown predictor before writing anything", async () => {
    const result = await valens(["report", good, "--predictor", join(outDir, "no-such"), "--out", previous]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/The predictor directory does not exist/);
    const notPredictor = await valens(["report", good, "--predictor", good, "--out", previous]);
    expect(notPredictor.code).toBe(2);
    expect(notPredictor.stderr).toMatch(/Not a valens predictor directory: card.json is missing/);
    expect(await readFile(previous, "utf8")).toBe("previous report");
  });

  it("writes JSON with --format json and CSV tables beside it", async () => {
    const out = join(outDir, "data.json");
    const result = await valens(["report", good, "--out", out, "--bootstrap", "50"]);
    expect(result.code).toBe(0);
    const data = reportDataSchema.parse(JSON.parse(await readFile(out, "utf8")));
    expect(data.models[0]?.headline.alignmentRateCi95).not.toBeNull();
    expect(await readdir(join(outDir, "data-tables"))).toContain("headline.csv");
    const mismatch = await valens(["report", good, "--out", out, "--format", "html"]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatch(/--out ends in .json but the format is html/);
  });

  it("writes byte-identical reports for the same runs with SOURCE_DATE_EPOCH", async () => {
    const env = { ...process.env, SOURCE_DATE_EPOCH: "1767225600" };
    const a = join(outDir, "same-a.html");
    const b = join(outDir, "same-b.html");
    expect((await valens(["report", good, "--out", a, "--no-csv"], env)).code).toBe(0);
    expect((await valens(["report", good, "--out", b, "--no-csv"], env)).code).toBe(0);
    const html = await readFile(a, "utf8");
    expect(html).toContain("2026-01-01T00:00:00.000Z");
    expect(await readFile(b, "utf8")).toBe(html);
  });

  it("leaves no temporary files behind", async () => {
    const names = await readdir(outDir);
    expect(names.filter((n) => n.includes(".tmp-"))).toEqual([]);
  });
});
