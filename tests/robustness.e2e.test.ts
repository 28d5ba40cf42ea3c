import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasSharedData, sharedDataPath } from "@valens/core/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { valens } from "./helpers/valens.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "valens-e2e-robustness-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Estimate {
  estimate: number | null;
  ci95: [number, number] | null;
}
interface VariantFigures {
  task: number;
  variant: number;
  order: string | null;
  items: number;
  alignmentRateStudy: Estimate;
  misalignedShare: Estimate;
}

describe("prompt robustness in valens metrics --json and the report", () => {
  it("breaks the demo's 8-variant runs down by variant, with position bias and agreement", async () => {
    const demo = await valens(["demo", "--out", join(dir, "demo"), "--countries", "2", "--topics", "2"]);
    expect(demo.code, demo.stderr).toBe(0);
    const run = join(dir, "demo", "runs", "mock-model-a");
    const metrics = await valens(["metrics", run, "--json", "--bootstrap", "200"]);
    expect(metrics.code, metrics.stderr).toBe(0);
    const r = JSON.parse(metrics.stdout).robustness;
    expect(r.task1Variants).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(r.task2Variants).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const t2 = r.byTask2Variant as VariantFigures[];
    expect(t2.map((v) => v.order)).toEqual([
      "normal",
      "normal",
      "reversed",
      "reversed",
      "normal",
      "normal",
      "reversed",
      "reversed",
    ]);
    for (const v of [...t2, ...(r.byTask1Variant as VariantFigures[])]) {
      expect(v.items).toBe(224);
      const [low, high] = v.misalignedShare.ci95 ?? [Number.NaN, Number.NaN];
      expect(low).toBeLessThanOrEqual(v.misalignedShare.estimate ?? Number.NaN);
      expect(high).toBeGreaterThanOrEqual(v.misalignedShare.estimate ?? Number.NaN);
    }
    const bias = r.positionBias;
    expect(bias.answers).toEqual({ normal: 896, reversed: 896 });
    expect(bias.pairs).toBe(896);
    expect(bias.flips).toBe(bias.option1Both + bias.option2Both);
    expect(bias.byOrderPair.map((p: { normalVariant: number }) => p.normalVariant)).toEqual([0, 1, 4, 5]);
    expect(bias.test.pValue).toBeGreaterThan(0);
    expect(r.agreement.task1.items).toBe(224);
    expect(r.agreement.task1.alphaOrdinal).toBeGreaterThan(-1);
    expect(r.agreement.task1.alphaOrdinal).toBeLessThanOrEqual(1);
    expect(r.agreement.task2.unanimousShare).toBeGreaterThan(0);

    const text = await valens(["metrics", run, "--bootstrap", "100"]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain("Prompt robustness");
    expect(text.stdout).toContain("task 2 v7 reversed");
    expect(text.stdout).toMatch(/order effect p \d\.\d{4} \(exact McNemar\)/);
    expect(text.stdout).toContain("Krippendorff's alpha (ordinal)");

    const html = await readFile(join(dir, "demo", "report.html"), "utf8");
    expect(html).toContain('id="mock-model-a-robustness"');
    expect(html).toContain("choice follows the position");
  }, 120_000);

  const samples = hasSharedData(
    ["released", "claude-sonnet-4_t1.csv"],
    ["released", "task2-samples", "task2_results_claude_sonnet_4.csv"],
  );
  it.skipIf(!samples)(
    "reads the study's 8-variant Task-2 samples of Claude Sonnet 4",
    async () => {
      const out = join(dir, "claude-samples");
      const imported = await valens([
        "import",
        "released",
        "--t1",
        sharedDataPath("released", "claude-sonnet-4_t1.csv"),
        "--t2-samples",
        sharedDataPath("released", "task2-samples", "task2_results_claude_sonnet_4.csv"),
        "--model",
        "claude-sonnet-4",
        "--out",
        out,
      ]);
      expect(imported.code, imported.stderr).toBe(0);
      const metrics = await valens(["metrics", out, "--json", "--bootstrap", "200"]);
      expect(metrics.code, metrics.stderr).toBe(0);
      const r = JSON.parse(metrics.stdout).robustness;
      expect(r.byTask2Variant).toHaveLength(8);
      // 50 sampled items x 8 variants, 4 unanswered: every matched pair is counted once.
      expect(r.positionBias.answers.normal + r.positionBias.answers.reversed).toBe(396);
      expect(r.positionBias.pairs).toBeLessThanOrEqual(
        Math.min(r.positionBias.answers.normal, r.positionBias.answers.reversed),
      );
      expect(r.agreement.task2.items).toBe(50);
    },
    120_000,
  );
});
