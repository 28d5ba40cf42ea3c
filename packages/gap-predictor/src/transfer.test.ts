import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticRun, tinyHashing } from "./__fixtures__/synthetic-run.js";
import { actedNegative, actedTable, modelContexts, withOthers } from "./data/context.js";
import { gapExamples } from "./data/examples.js";
import { splitExamples } from "./data/splits.js";
import { bootstrapIntervals } from "./evaluation/bootstrap.js";
import { averagePrecision } from "./evaluation/metrics.js";
import { forecastRun } from "./forecast.js";
import { fitLogistic, logisticLogits, type SparseRows } from "./model/logistic.js";
import { Predictor } from "./predictor/predictor.js";
import { type TrainedPredictor, trainPredictor } from "./predictor/train-predictor.js";
import { applyRecalibration, recalibrate } from "./train/recalibrate.js";
import { createRng } from "./train/rng.js";

/** Three models answering the same items, each flipping a different 10% of its choices. */
const models = ["alpha", "beta", "gamma"].map((model, i) =>
  syntheticRun({ countries: 4, topics: 3, values: 10, model, noise: 0.1, noiseSeed: 11 + i }),
);

function dense(xs: number[][]): SparseRows {
  const offsets = new Int32Array(xs.length + 1);
  const indices: number[] = [];
  const values: number[] = [];
  xs.forEach((row, i) => {
    row.forEach((v, j) => {
      indices.push(j);
      values.push(v);
    });
    offsets[i + 1] = indices.length;
  });
  return {
    n: xs.length,
    dim: xs[0]?.length ?? 0,
    offsets,
    indices: Int32Array.from(indices),
    values: Float32Array.from(values),
  };
}

describe("logistic regression (L-BFGS)", () => {
  it("reaches the optimum: the penalised log loss cannot be lowered by nudging any weight", () => {
    const random = createRng(3);
    const xs = Array.from({ length: 300 }, () => [random() * 2 - 1, random() * 2 - 1, random()]);
    const ys = xs.map(([a, b]) =>
      random() < 1 / (1 + Math.exp(-(3 * (a as number) - 2 * (b as number) + 0.5))) ? 1 : 0,
    );
    const rows = dense(xs);
    const l2 = 0.01;
    const model = fitLogistic(rows, ys, { l2 });
    const loss = (w: Float64Array, b: number) => {
      const z = logisticLogits({ weights: w, bias: b }, rows);
      let sum = 0;
      z.forEach((zi, i) => {
        sum += Math.log1p(Math.exp(zi)) - (ys[i] as number) * zi;
      });
      return sum / z.length + 0.5 * l2 * w.reduce((s, v) => s + v * v, 0);
    };
    const best = loss(model.weights, model.bias);
    for (let j = 0; j < 3; j++) {
      for (const delta of [-1e-3, 1e-3]) {
        const w = model.weights.slice();
        w[j] = (w[j] as number) + delta;
        expect(loss(w, model.bias)).toBeGreaterThanOrEqual(best - 1e-9);
      }
    }
    expect(loss(model.weights, model.bias + 1e-3)).toBeGreaterThanOrEqual(best - 1e-9);
    expect(model.weights[0]).toBeGreaterThan(1.5);
    expect(model.weights[1]).toBeLessThan(-1);
  });
});

describe("features that describe the model without naming it", () => {
  it("ranks values within their scenario from the model's own Task 1", () => {
    const examples = gapExamples(models[0] as (typeof models)[number]);
    const contexts = modelContexts(examples);
    const scenario = examples.filter(
      (e) => e.country === examples[0]?.country && e.topic === examples[0]?.topic,
    );
    const ranks = scenario.map((e) => contexts[examples.indexOf(e)]?.rank as number);
    expect(Math.min(...ranks)).toBe(0);
    expect(Math.max(...ranks)).toBe(1);
    const most = scenario[ranks.indexOf(0)];
    expect(Math.min(...scenario.map((e) => e.stated.mean as number))).toBe(most?.stated.mean);
    expect(examples[0]?.context?.agreeShare).toBeCloseTo(0.5, 1);
  });

  it("counts how the other training models acted, never the example's own model", () => {
    const [a, b] = models.map(gapExamples) as [
      ReturnType<typeof gapExamples>,
      ReturnType<typeof gapExamples>,
    ];
    const table = actedTable([...a, ...b]);
    const withA = withOthers(a, table);
    withA.forEach((e, i) => {
      const other = b[i];
      expect(e.others).toEqual({ negative: other ? (actedNegative(other) ?? 0) : 0, n: 1 });
    });
    const unseen = withOthers(gapExamples(models[2] as (typeof models)[number]), table);
    expect(unseen.every((e) => e.others?.n === 2)).toBe(true);
  });
});

describe("splits for repeated and grouped evaluation", () => {
  const examples = gapExamples(models[0] as (typeof models)[number]);
  it("holds out seeded random groups whole", () => {
    for (const by of ["country", "topic", "scenario"] as const) {
      const one = splitExamples("gap", examples, { kind: "groups", by, fraction: 0.25 }, 1);
      const again = splitExamples("gap", examples, { kind: "groups", by, fraction: 0.25 }, 1);
      expect(one.test.map((e) => e.key)).toEqual(again.test.map((e) => e.key));
      const group = (e: (typeof examples)[number]) =>
        by === "country" ? e.country : by === "topic" ? e.topic : `${e.country}:${e.topic}`;
      const held = new Set(one.test.map(group));
      expect(one.train.some((e) => held.has(group(e)))).toBe(false);
      expect(one.test.length).toBeGreaterThan(0);
      expect(one.train.length).toBeGreaterThan(one.test.length);
    }
    const seeds = new Set(
      [1, 2, 3, 4, 5].map((seed) =>
        splitExamples("gap", examples, { kind: "groups", by: "scenario", fraction: 0.25 }, seed)
          .test.map((e) => e.key)
          .join(),
      ),
    );
    expect(seeds.size).toBeGreaterThan(1);
  });

  it("holds out named scenarios, whole models, and the study's full split", () => {
    const first = examples[0] as (typeof examples)[number];
    const scenario = splitExamples(
      "gap",
      examples,
      {
        kind: "holdout",
        countries: [],
        topics: [],
        scenarios: [`${first.country.toLowerCase()} : ${first.topic}`],
      },
      1,
    );
    expect(new Set(scenario.test.map((e) => `${e.country}|${e.topic}`))).toEqual(
      new Set([`${first.country}|${first.topic}`]),
    );
    const all = models.flatMap(gapExamples);
    const byModel = splitExamples("gap", all, { kind: "models", models: ["Beta"] }, 1);
    expect(new Set(byModel.test.map((e) => e.model))).toEqual(new Set(["beta"]));
    expect(byModel.train.some((e) => e.model === "beta")).toBe(false);
    expect(() =>
      splitExamples("gap", all, { kind: "models", models: ["alpha", "beta", "gamma"] }, 1),
    ).toThrow(/leaves no model to train on/);
    const full = splitExamples("gap", examples, { kind: "study-full", boundary: 100 }, 1);
    expect(full.train.every((e) => Math.min(...e.sourceRows) < 100)).toBe(true);
    expect(full.test.every((e) => Math.min(...e.sourceRows) >= 100)).toBe(true);
    expect(full.train.length + full.test.length).toBe(examples.filter((e) => e.label !== null).length);
  });
});

describe("a predictor trained on several models, applied to one it never saw", () => {
  let dir: string;
  let trained: TrainedPredictor;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "valens-transfer-"));
    trained = await trainPredictor({
      runs: models,
      task: "gap",
      features: ["attributions", "explanation"],
      split: { kind: "models", models: ["gamma"] },
      seed: 2,
      kind: "logistic",
      hashing: tinyHashing,
      bootstrap: 50,
    });
  }, 60_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reports every honest baseline, fitted on the training models, with bootstrap intervals", () => {
    const report = trained.report;
    expect(report?.n).toBe(
      gapExamples(models[2] as (typeof models)[number]).filter((e) => e.label !== null).length,
    );
    expect(Object.keys(report?.baselines ?? {})).toEqual(
      expect.arrayContaining(["stance-flip-lr", "stance-flip-lr-text", "other-models"]),
    );
    // The other models (with their own 10% noise) mostly acted as gamma did.
    expect(report?.baselines["other-models"]?.ap).toBeGreaterThan(0.6);
    expect(report?.ap).toBeGreaterThan(0.6);
    const interval = report?.intervals?.predictor.ap as [number, number];
    expect(interval[0]).toBeLessThanOrEqual(report?.ap as number);
    expect(interval[1]).toBeGreaterThanOrEqual(report?.ap as number);
    expect(report?.intervals?.baselines["other-models"]?.ap).toHaveLength(2);
    expect(trained.predictor.card.modelKind).toBe("logistic");
    expect(trained.predictor.card.acted?.models).toEqual(["alpha", "beta"]);
    // Held-out examples carry the training models' actions, never gamma's own.
    expect(trained.heldOut.every((e) => e.kind === "gap" && e.others?.n === 2)).toBe(true);
  });

  it("saves and loads the logistic kind with the same probabilities, and reports by model", async () => {
    const target = join(dir, "p");
    await trained.save(target);
    const loaded = await Predictor.load(target);
    const heldOut = await loaded.heldOut();
    expect(Array.from(await loaded.predict(heldOut))).toEqual(
      Array.from(await trained.predictor.predict(heldOut)),
    );
    const byModel = await loaded.evaluateByModel(models.flatMap(gapExamples));
    expect(Object.keys(byModel)).toEqual(["alpha", "beta", "gamma"]);
    expect(byModel.gamma?.ap).toBeCloseTo(trained.report?.ap as number, 10);
  });

  it("forecasts a Task-1-only run zero-shot, and recalibrates on the run's own answers when it has some", async () => {
    const gamma = models[2] as (typeof models)[number];
    const zeroShot = await forecastRun(trained.predictor, { ...gamma, task2: [] });
    expect(zeroShot.calibration).toEqual({ items: 0, method: "none", a: 1, b: 0 });
    const sample = { ...gamma, task2: gamma.task2.slice(0, 60) };
    const recalibrated = await forecastRun(trained.predictor, sample);
    expect(recalibrated.calibration.items).toBe(60);
    expect(["intercept", "platt"]).toContain(recalibrated.calibration.method);
    // A full run is not recalibrated unless asked: its forecast is compared with what was seen.
    const full = await forecastRun(trained.predictor, gamma);
    expect(full.calibration.method).toBe("none");
    expect((await forecastRun(trained.predictor, gamma, { recalibrate: true })).calibration.items).toBe(
      gamma.task2.length,
    );
    const off = await forecastRun(trained.predictor, sample, { recalibrate: false });
    expect(off.calibration.method).toBe("none");
  });
});

describe("recalibration on a target model's own sample", () => {
  it("moves only the intercept with few positives, refits the slope with enough of both", () => {
    const random = createRng(9);
    const truth = Array.from({ length: 400 }, () => random() * 0.6);
    const labels = truth.map((p) => (random() < p ? 1 : 0));
    // A forecast whose level is far too low, as zero-shot forecasts are on a new model.
    const low = truth.map((p) => p / 4);
    const platt = recalibrate(low, labels);
    expect(platt.method).toBe("platt");
    const mean = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.abs(mean(applyRecalibration(platt, low)) - mean(labels))).toBeLessThan(0.02);
    const few = recalibrate(low.slice(0, 12), [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(few.method).toBe("intercept");
    expect(few.a).toBe(1);
    // Weights (1 / inclusion probability) count each item for the items it stands for.
    const weighted = recalibrate([0.2, 0.2], [1, 0], [1, 3]);
    expect(applyRecalibration(weighted, [0.2])[0]).toBeLessThan(
      applyRecalibration(recalibrate([0.2, 0.2], [1, 0]), [0.2])[0] as number,
    );
  });
});

describe("bootstrap intervals", () => {
  it("bracket the point estimate and narrow with more examples", () => {
    const random = createRng(4);
    const make = (n: number) => {
      const labels = Array.from({ length: n }, () => (random() < 0.3 ? 1 : 0));
      const scores = labels.map((y) => y * 0.3 + random() * 0.7);
      return { labels, scores };
    };
    const small = make(100);
    const large = make(2000);
    const width = ({ labels, scores }: { labels: number[]; scores: number[] }) => {
      const ci = bootstrapIntervals([{ name: "s", scores, threshold: 0.5 }], labels, 200, 1).s?.ap as [
        number,
        number,
      ];
      const ap = averagePrecision(scores, labels) as number;
      expect(ci[0]).toBeLessThanOrEqual(ap);
      expect(ci[1]).toBeGreaterThanOrEqual(ap);
      return ci[1] - ci[0];
    };
    expect(width(large)).toBeLessThan(width(small));
  });
});

describe("recalibration when the forecast ranks badly and saturates", () => {
  it("still lands near the sample's own level (the fit is damped, so it cannot run off)", () => {
    const random = createRng(12);
    // Probabilities pushed to the clipping limits, barely related to the outcome.
    const p = Array.from({ length: 346 }, () => (random() < 0.5 ? 1e-9 : random() ** 8));
    const y = p.map(() => (random() < 0.15 ? 1 : 0));
    const r = recalibrate(p, y);
    const level = Array.from(applyRecalibration(r, p)).reduce((s, v) => s + v, 0) / p.length;
    const observed = y.reduce((s: number, v) => s + v, 0) / y.length;
    expect(Math.abs(level - observed)).toBeLessThan(0.02);
  });
});

describe('kind "auto"', () => {
  const options = {
    runs: models,
    task: "gap" as const,
    features: ["attributions", "explanation"] as ("attributions" | "explanation")[],
    split: { kind: "models" as const, models: ["gamma"] },
    seed: 3,
    hashing: tinyHashing,
    hyperparameters: { maxEpochs: 3 },
  };

  it("trains both kinds and keeps the one with the higher validation AP, as each alone would be", async () => {
    const [auto, logistic, network] = await Promise.all(
      (["auto", "logistic", "network"] as const).map((kind) => trainPredictor({ ...options, kind })),
    );
    const validationAp = (t: TrainedPredictor | undefined) => t?.predictor.card.metrics.validation.ap ?? null;
    const selection = auto?.predictor.card.kindSelection;
    expect(selection).toEqual({
      criterion: "validation AP",
      validationAp: { logistic: validationAp(logistic), network: validationAp(network) },
    });
    const chosen = (validationAp(logistic) ?? 0) >= (validationAp(network) ?? 0) ? logistic : network;
    expect(auto?.predictor.card.modelKind).toBe(chosen?.predictor.card.modelKind);
    // The held-out items never entered the choice: the kept predictor is the one trained alone.
    expect(auto?.report?.ap).toBeCloseTo(chosen?.report?.ap as number, 10);
    expect(logistic?.predictor.card.kindSelection).toBeNull();
  }, 120_000);

  it("is the network for the choice task, which has no logistic kind", async () => {
    const auto = await trainPredictor({
      ...options,
      task: "choice",
      split: { kind: "random", testFraction: 0.2 },
      kind: "auto",
    });
    expect(auto.predictor.card.modelKind).toBe("network");
    expect(auto.predictor.card.kindSelection?.validationAp.logistic).toBeNull();
    expect(auto.predictor.card.kindSelection?.validationAp.network).toEqual(
      auto.predictor.card.metrics.validation.ap,
    );
  }, 120_000);
});
