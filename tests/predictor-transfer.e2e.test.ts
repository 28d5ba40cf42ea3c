import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasSharedData, sharedDataPath } from "@valens/core/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { valens } from "./helpers/valens.js";

const available = hasSharedData(
  ["via", "via_full.csv"],
  ["released", "claude-sonnet-4_t1.csv"],
  ["released", "claude-sonnet-4_t2_log.jsonl"],
  ["released", "gemma-2-9b-it_t1.csv"],
  ["released", "llama-3.3-70b-instruct_t1.csv"],
  ["released", "misaligned", "gemma_misaligned_example.csv"],
  ["released", "misaligned", "llama3_misaligned_example.csv"],
);

const ok = async (args: string[]) => {
  const result = await valens(args);
  expect(result.code, `valens ${args.join(" ")}: ${result.stderr}`).toBe(0);
  return result;
};

describe.skipIf(!available)("a gap predictor trained on several models, applied to one it never saw", () => {
  let dir: string;
  const runs: Record<string, string> = {};
  let predictor: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "valens-transfer-e2e-"));
    const via = sharedDataPath("via", "via_full.csv");
    runs.claude = join(dir, "claude");
    await ok([
      "import",
      "released",
      "--via",
      via,
      "--t1",
      sharedDataPath("released", "claude-sonnet-4_t1.csv"),
      "--t2-log",
      sharedDataPath("released", "claude-sonnet-4_t2_log.jsonl"),
      "--model",
      "claude-sonnet-4",
      "--out",
      runs.claude,
    ]);
    for (const [model, list] of [
      ["gemma-2-9b-it", "gemma"],
      ["llama-3.3-70b-instruct", "llama3"],
    ] as const) {
      runs[model] = join(dir, model);
      await ok([
        "import",
        "released",
        "--via",
        via,
        "--t1",
        sharedDataPath("released", `${model}_t1.csv`),
        "--misaligned",
        sharedDataPath("released", "misaligned", `${list}_misaligned_example.csv`),
        "--model",
        model,
        "--out",
        runs[model] as string,
      ]);
    }
    predictor = join(dir, "transfer");
    await ok([
      "predictor",
      "train",
      runs.claude,
      runs["gemma-2-9b-it"] as string,
      runs["llama-3.3-70b-instruct"] as string,
      "--task",
      "gap",
      "--kind",
      "logistic",
      "--holdout-models",
      "llama-3.3-70b-instruct",
      "--out",
      predictor,
    ]);
  }, 600_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("reports the left-out model beside every honest baseline, fitted on the training models", async () => {
    const result = await ok(["predictor", "evaluate", predictor, "--by-model", "--json"]);
    const json = JSON.parse(result.stdout);
    expect(Object.keys(json.byModel)).toEqual(["llama-3.3-70b-instruct"]);
    const report = json.byModel["llama-3.3-70b-instruct"];
    expect(report.n).toBe(7329);
    expect(report.positives).toBe(1002);
    expect(Object.keys(report.baselines)).toEqual(
      expect.arrayContaining(["stance-flip-lr", "stance-flip-lr-text", "other-models"]),
    );
    const card = JSON.parse(await readFile(join(predictor, "card.json"), "utf8"));
    expect(card.modelKind).toBe("logistic");
    expect(card.acted.models).toEqual(["claude-sonnet-4", "gemma-2-9b-it"]);
    expect(card.training.split).toEqual({ kind: "models", models: ["llama-3.3-70b-instruct"] });
    // Nothing in the features names a model.
    expect(JSON.stringify(card.featureSchema)).not.toMatch(/claude|gemma|llama/i);
    const text = await ok(["predictor", "evaluate", predictor, "--by-model"]);
    expect(text.stdout).toContain("llama-3.3-70b-instruct (not a training model)");
    expect(text.stdout).toContain("baseline: other-models");
  });

  it("forecasts zero-shot, then recalibrates on a sample of the model's own Task-2 answers and says so", async () => {
    const llama = runs["llama-3.3-70b-instruct"] as string;
    const zero = JSON.parse((await ok(["forecast", predictor, llama, "--json", "--no-recalibrate"])).stdout);
    expect(zero.calibration).toMatchObject({ items: 0, method: "none" });
    // A sampled run: every 20th Task-2 answer kept.
    const sampled = join(dir, "llama-sampled");
    await cp(llama, sampled, { recursive: true });
    const lines = (await readFile(join(llama, "task2.jsonl"), "utf8")).trim().split("\n");
    await writeFile(join(sampled, "task2.jsonl"), `${lines.filter((_, i) => i % 20 === 0).join("\n")}\n`);
    const forecast = JSON.parse((await ok(["forecast", predictor, sampled, "--json"])).stdout);
    expect(forecast.calibration).toMatchObject({ items: Math.ceil(lines.length / 20), method: "platt" });
    const truth = 1002 / 7329;
    // Recalibrating on 5% of the answers brings the level close to the truth.
    expect(Math.abs(forecast.overall.expectedShare - truth)).toBeLessThan(
      Math.abs(zero.overall.expectedShare - truth) + 0.02,
    );
    const shown = await ok(["forecast", predictor, sampled]);
    expect(shown.stdout).toMatch(/recalibrated on the run's own 367 Task-2 items/);
    expect(shown.stderr).not.toContain("is not a model this predictor was trained on");
  });

  it("warns that a zero-shot level on an unseen model is not a measurement, and says how to get one", async () => {
    const task1Only = async (model: string) => {
      const copy = join(dir, `${model}-task1-only`);
      await cp(runs[model] as string, copy, { recursive: true });
      await writeFile(join(copy, "task2.jsonl"), "");
      return copy;
    };
    const llama = await task1Only("llama-3.3-70b-instruct");
    const unseen = await ok(["forecast", predictor, llama]);
    expect(unseen.stderr).toContain(
      "note: llama-3.3-70b-instruct is not a model this predictor was trained on",
    );
    expect(unseen.stderr).toContain(`--task2-budget 5% --guide ${predictor}`);
    const json = JSON.parse((await ok(["forecast", predictor, llama, "--json"])).stdout);
    expect(json.unseenModel).toBe(true);
    // A training model's own Task 1: no note.
    const seen = await ok(["forecast", predictor, await task1Only("gemma-2-9b-it")]);
    expect(seen.stderr).not.toContain("is not a model this predictor was trained on");
  });

  it("tests the choice task on every answered row after 7,000, with bootstrap intervals", async () => {
    const out = join(dir, "choice-full");
    const result = await ok([
      "predictor",
      "train",
      runs.claude as string,
      "--task",
      "choice",
      "--features",
      "action",
      "--split",
      "study-full",
      "--bootstrap",
      "100",
      "--max-epochs",
      "2",
      "--json",
      "--out",
      out,
    ]);
    const json = JSON.parse(result.stdout);
    expect(json.split).toMatch(/test every answered row >= 7000/);
    // Every labelled action at or after row 7,000: far more than the study's 200.
    expect(json.heldOut.n).toBeGreaterThan(6000);
    expect(json.heldOut.intervals.resamples).toBe(100);
    const [low, high] = json.heldOut.intervals.predictor.f1;
    expect(low).toBeLessThanOrEqual(json.heldOut.f1);
    expect(high).toBeGreaterThanOrEqual(json.heldOut.f1);
    expect(json.heldOut.intervals.baselines["polarity-rule"].f1).toHaveLength(2);
  });

  it("explains bad split flags in one line with exit code 2", async () => {
    const unknown = await valens([
      "predictor",
      "train",
      runs.claude as string,
      "--task",
      "gap",
      "--holdout-models",
      "gpt-9",
      "--out",
      join(dir, "never"),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/No items of model "gpt-9"/);
    const both = await valens([
      "predictor",
      "train",
      runs.claude as string,
      "--task",
      "gap",
      "--holdout-models",
      "claude-sonnet-4",
      "--split",
      "scenario-groups",
      "--out",
      join(dir, "never"),
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/cannot be combined/);
    const scenario = await valens([
      "predictor",
      "train",
      runs.claude as string,
      "--task",
      "gap",
      "--holdout-scenarios",
      "India",
      "--out",
      join(dir, "never"),
    ]);
    expect(scenario.code).toBe(2);
    expect(scenario.stderr).toMatch(/is not "country:topic"/);
  });
});
