import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasSharedData, sharedDataPath } from "@valens/core/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { valens } from "./helpers/valens.js";

const samples = sharedDataPath("released", "task2-samples", "task2_results_gpt_4o_mini.csv");
const t1 = sharedDataPath("released", "gpt-4o-mini_t1.csv");
const present = hasSharedData(
  ["released", "task2-samples", "task2_results_gpt_4o_mini.csv"],
  ["released", "gpt-4o-mini_t1.csv"],
);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "valens-check-e2e-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!present)("valens check", () => {
  it("the published samples: nothing flagged, no warning from import or metrics", async () => {
    const out = join(dir, "published");
    const imported = await valens([
      "import",
      "released",
      "--t1",
      t1,
      "--t2-samples",
      samples,
      "--model",
      "gpt-4o-mini",
      "--out",
      out,
    ]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).not.toContain("warning:");
    const check = await valens(["check", out]);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain("nothing flagged");
    expect(check.stdout).toMatch(/all\s+200\s+182\s+18\s+0/);
    const json = JSON.parse((await valens(["check", out, "--json"])).stdout);
    expect(json.flags).toEqual([]);
    expect(json.explanations).toMatchObject({
      compared: 200,
      chosenCloser: 182,
      otherCloser: 18,
      reversed: false,
    });
    expect(json.variants).toHaveLength(8);
    const metrics = await valens(["metrics", out, "--bootstrap", "0"]);
    expect(metrics.stderr).not.toContain("warning:");
  });

  it("the option columns swapped: flagged by check, one warning line from import and from metrics", async () => {
    const swapped = join(dir, "swapped.csv");
    await writeFile(
      swapped,
      (await readFile(samples, "utf8")).replace("option1,option2,", "option2,option1,"),
    );
    const out = join(dir, "swapped");
    const imported = await valens([
      "import",
      "released",
      "--t1",
      t1,
      "--t2-samples",
      swapped,
      "--model",
      "gpt-4o-mini",
      "--out",
      out,
    ]);
    expect(imported.code, imported.stderr).toBe(0);
    const warnings = imported.stderr.split("\n").filter((line) => line.startsWith("warning:"));
    expect(warnings).toEqual([
      expect.stringMatching(
        /^warning: option order or polarity likely reversed: of 200 explanations, 182 are closer to the other action's text and 18 to the chosen one's .*binomial p = .*; run `valens check /,
      ),
    ]);
    const check = await valens(["check", out]);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain("flag: option order or polarity likely reversed");
    const metrics = await valens(["metrics", out, "--json", "--bootstrap", "0"]);
    expect(metrics.code).toBe(0);
    expect(metrics.stderr.split("\n").filter((line) => line.startsWith("warning:"))).toHaveLength(1);
    expect(() => JSON.parse(metrics.stdout)).not.toThrow();
  });
});
