import { describe, expect, it } from "vitest";
import { syntheticRun, tinyHashing, tinyHyperparameters } from "../__fixtures__/synthetic-run.js";
import { gapExamples } from "../data/examples.js";
import { type EmbeddingSource, embedExamples } from "./embeddings.js";
import { trainPredictor } from "./train-predictor.js";

/** Deterministic 3-d vectors from the text, counting calls (a stand-in for the ModelClient). */
function fakeSource(dimension = 3): EmbeddingSource & { calls: number; texts: number } {
  const source = {
    ref: "mock:embed",
    baseUrl: "http://127.0.0.1:0/v1",
    calls: 0,
    texts: 0,
    async embed(texts: readonly string[]) {
      source.calls++;
      source.texts += texts.length;
      return texts.map((t) => Array.from({ length: dimension }, (_, i) => ((t.length * (i + 1)) % 7) / 7));
    },
  };
  return source;
}

describe("sentence embeddings", () => {
  const run = syntheticRun({ countries: 3, values: 6 });
  const examples = gapExamples(run);

  it("embeds each distinct text once and looks vectors up per field", async () => {
    const source = fakeSource();
    const { lookup, dimension } = await embedExamples(
      source,
      ["positive.action", "negative.action"],
      examples,
      10,
    );
    const distinct = new Set(examples.flatMap((e) => [e.positive.action, e.negative.action]));
    expect(source.texts).toBe(distinct.size);
    expect(source.calls).toBe(Math.ceil(distinct.size / 10));
    expect(dimension).toBe(3);
    const e = examples[0] as (typeof examples)[number];
    expect(lookup(e, "positive.action")).toEqual((await source.embed([e.positive.action]))[0]);
  });

  it("refuses answers of the wrong shape", async () => {
    const bad: EmbeddingSource = {
      ref: "x:y",
      baseUrl: "http://h",
      embed: async (t) => t.slice(1).map(() => [1]),
    };
    await expect(embedExamples(bad, ["positive.action"], examples)).rejects.toThrow(
      /returned \d+ vectors for \d+ texts/,
    );
  });

  it("adds them as model inputs, and the predictor asks for them again at prediction time", async () => {
    const source = fakeSource();
    const trained = await trainPredictor({
      runs: [run],
      task: "gap",
      features: [],
      split: { kind: "random", testFraction: 0.2 },
      seed: 1,
      hyperparameters: { ...tinyHyperparameters, maxEpochs: 1 },
      hashing: tinyHashing,
      embeddings: source,
    });
    expect(trained.predictor.card.featureSchema.embeddings).toMatchObject({
      ref: "mock:embed",
      dimension: 3,
    });
    const { model } = trained.predictor;
    if (!("inputs" in model)) throw new Error("a predictor with sentence embeddings must be a layers model");
    expect(model.inputs.map((i) => i.name)).toContain("sentence_embeddings");
    await expect(trained.predictor.predict(examples)).rejects.toThrow(
      /uses sentence embeddings from mock:embed/,
    );
    const p = await trained.predictor.predict(examples, { embeddings: source });
    expect(p).toHaveLength(examples.length);
    await expect(trained.predictor.predict(examples, { embeddings: fakeSource(4) })).rejects.toThrow(
      /4 dimensions/,
    );
  });
});
