import { mkdtemp, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FormatVersionError, InputError } from "@valens/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticRun, tinyHashing, tinyHyperparameters } from "../__fixtures__/synthetic-run.js";
import { gapExamples } from "../data/examples.js";
import { forecastRun } from "../forecast.js";
import { loadTf } from "../tf/runtime.js";
import { Predictor } from "./predictor.js";
import { type TrainedPredictor, trainPredictor } from "./train-predictor.js";

const run = syntheticRun();
const options = {
  runs: [run],
  task: "gap" as const,
  features: ["attributions" as const],
  split: { kind: "holdout" as const, countries: [run.task2[0]?.country as string], topics: [] },
  seed: 5,
  hyperparameters: tinyHyperparameters,
  hashing: tinyHashing,
};

let dir: string;
let trained: TrainedPredictor;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "valens-predictor-"));
  trained = await trainPredictor(options);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function copyTo(name: string): Promise<string> {
  const target = join(dir, name);
  await trained.save(target);
  return target;
}

describe("training", () => {
  it("reports the predictor beside its baselines on the held-out items", () => {
    const report = trained.report;
    expect(report).not.toBeNull();
    expect(report?.task).toBe("gap");
    expect(report?.n).toBe(trained.heldOut.length);
    expect(Object.keys(report?.baselines ?? {})).toEqual([
      "stated-score",
      "value-prior",
      "value-stated-bucket-prior",
      "stance-flip-lr",
      "stance-flip-lr-text",
    ]);
    for (const key of ["auroc", "ap", "f1", "precision", "recall", "brier", "ece"] as const) {
      const value = report?.[key];
      expect(value === null || (typeof value === "number" && value >= 0 && value <= 1)).toBe(true);
    }
    expect(trained.predictor.card.training.examples.heldOut).toBe(trained.heldOut.length);
  });

  it("repeats exactly with the same seed and differs with another", async () => {
    const again = await trainPredictor(options);
    const examples = gapExamples(run);
    const a = await trained.predictor.predict(examples);
    const b = await again.predictor.predict(examples);
    expect([...b]).toEqual([...a]);
    const other = await trainPredictor({ ...options, seed: 6 });
    expect([...(await other.predictor.predict(examples))]).not.toEqual([...a]);
  });

  it("refuses training data without a positive example", async () => {
    const noGaps = syntheticRun({ noGaps: true });
    await expect(
      trainPredictor({ ...options, runs: [noGaps], split: { kind: "random", testFraction: 0.2 } }),
    ).rejects.toThrow(/no misaligned items/);
  });

  it("refuses the gap task on runs without Task 1", async () => {
    await expect(trainPredictor({ ...options, runs: [{ ...run, task1: [] }] })).rejects.toThrow(InputError);
  });
});

describe("predictor directory", () => {
  it("round-trips: same probabilities, held-out items and card", async () => {
    const target = await copyTo("roundtrip");
    const loaded = await Predictor.load(target);
    const examples = gapExamples(run);
    expect([...(await loaded.predict(examples))]).toEqual([...(await trained.predictor.predict(examples))]);
    expect((await loaded.heldOut()).map((e) => e.key)).toEqual(trained.heldOut.map((e) => e.key));
    expect(loaded.card.metrics.heldOut?.ap).toBe(trained.report?.ap);
    const report = await loaded.evaluate(await loaded.heldOut());
    expect(report.ap).toBeCloseTo(trained.report?.ap as number, 6);
  });

  it("loads a model saved on one backend on the other", async () => {
    const target = await copyTo("cross-backend");
    const { tf, backend } = await loadTf();
    const examples = gapExamples(run);
    const here = await trained.predictor.predict(examples);
    const other = backend === "cpu" ? "wasm" : "cpu";
    await tf.setBackend(other);
    try {
      const loaded = await Predictor.load(target);
      const there = await loaded.predict(examples);
      there.forEach((p, i) => {
        expect(p).toBeCloseTo(here[i] as number, 5);
      });
    } finally {
      await tf.setBackend(backend);
    }
  });

  it("refuses a truncated weights file, a missing file and a damaged card", async () => {
    const target = await copyTo("damaged");
    await truncate(join(target, "weights.bin"), 100);
    await expect(Predictor.load(target)).rejects.toThrow(/weights.bin has 100 bytes/);
    await rm(join(target, "model.json"));
    await expect(Predictor.load(target)).rejects.toThrow(/model.json is missing/);
    await writeFile(join(target, "card.json"), "{ not json");
    await expect(Predictor.load(target)).rejects.toThrow(/card.json is not valid JSON/);
    await expect(Predictor.load(join(dir, "nowhere"))).rejects.toThrow(/does not exist/);
  });

  it("refuses a predictor of another format version clearly", async () => {
    const target = await copyTo("old-version");
    const card = JSON.parse(await readFile(join(target, "card.json"), "utf8"));
    await writeFile(
      join(target, "card.json"),
      JSON.stringify({ ...card, formatVersion: 99, valensVersion: "9.9.9" }),
    );
    const error = await Predictor.load(target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormatVersionError);
    expect((error as FormatVersionError).format()).toMatch(/valens 9\.9\.9.*format version 99/);
  });

  it("refuses a card whose feature schema does not match the saved model", async () => {
    const target = await copyTo("mismatch");
    const card = JSON.parse(await readFile(join(target, "card.json"), "utf8"));
    card.featureSchema.numeric = card.featureSchema.numeric.slice(1);
    await writeFile(join(target, "card.json"), JSON.stringify(card));
    await expect(Predictor.load(target)).rejects.toThrow(/do not match the card's feature schema/);
  });
});

describe("forecast", () => {
  it("ranks the items of a Task-1-only run and sums expected shares with intervals", async () => {
    const forecast = await forecastRun(trained.predictor, syntheticRun({ withoutTask2: true }));
    const p = forecast.items.map((i) => i.probability);
    expect(p).toEqual([...p].sort((a, b) => b - a));
    expect(forecast.items[0]?.rank).toBe(1);
    expect(forecast.items.every((i) => i.observed === null)).toBe(true);
    const mean = p.reduce((s, v) => s + v, 0) / p.length;
    expect(forecast.overall.expectedShare).toBeCloseTo(mean, 10);
    expect(forecast.overall.low).toBeLessThanOrEqual(mean);
    expect(forecast.overall.high).toBeGreaterThanOrEqual(mean);
    expect(forecast.byCountry.reduce((s, g) => s + g.items, 0)).toBe(p.length);
    expect(forecast.byCountry.every((g) => g.observedShare === null)).toBe(true);
    expect(forecast.withoutStatedRating).toBe(0);
  });

  it("leaves out items whose value Task 1 never rated, and counts them", async () => {
    const base = syntheticRun({ withoutTask2: true });
    const value = base.actions[0]?.value as string;
    const task1 = base.task1.map((r) => ({
      ...r,
      ratings: Object.fromEntries(Object.entries(r.ratings).filter(([v]) => v !== value)),
    }));
    const forecast = await forecastRun(trained.predictor, { ...base, task1 });
    const perValue = new Set(
      base.actions.filter((a) => a.value === value).map((a) => `${a.country}|${a.topic}`),
    ).size;
    expect(forecast.withoutStatedRating).toBe(perValue);
    expect(forecast.items.some((i) => i.value === value)).toBe(false);
  });
});
