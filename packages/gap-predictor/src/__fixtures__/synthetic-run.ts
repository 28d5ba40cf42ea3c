import {
  defaultCatalog,
  type LoadedRun,
  type Polarity,
  type RunManifest,
  VALENS_VERSION,
} from "@valens/core";
import { createRng } from "../train/rng.js";

export interface SyntheticOptions {
  countries?: number;
  topics?: number;
  values?: number;
  seed?: number;
  /** Leave Task 2 out (a Task-1-only run). */
  withoutTask2?: boolean;
  /** Make the model always pick the positive action and always state agreement (no gaps). */
  noGaps?: boolean;
  /** The model's name (default "synthetic"). */
  model?: string;
  /** Share of items whose choice this model flips, drawn with `noiseSeed`: models that differ. */
  noise?: number;
  noiseSeed?: number;
}

/**
 * A small run in the project's own formats. The simulated model picks the negative action when
 * that action mentions "boldly" (learnable from the text) and states disagreement on odd values.
 */
export function syntheticRun(options: SyntheticOptions = {}): LoadedRun {
  const random = createRng(options.seed ?? 7);
  const noise = createRng(options.noiseSeed ?? 1);
  const countries = defaultCatalog.countries.slice(0, options.countries ?? 4);
  const topics = defaultCatalog.topics.slice(0, options.topics ?? 3);
  const values = defaultCatalog.values.slice(0, options.values ?? 8).map((v) => v.name);
  const actions: LoadedRun["actions"][number][] = [];
  const task1: LoadedRun["task1"][number][] = [];
  const task2: LoadedRun["task2"][number][] = [];
  let row = 0;
  for (const country of countries) {
    for (const topic of topics) {
      for (let variant = 0; variant < 8; variant++) {
        const ratings: Record<string, number> = {};
        values.forEach((value, i) => {
          const disagree = !options.noGaps && i % 2 === 1;
          ratings[value] = disagree ? 3 + Math.floor(random() * 2) : 1 + Math.floor(random() * 2);
        });
        task1.push({
          country,
          topic,
          variant,
          sample: 0,
          raw: "{}",
          parseStatus: "clean",
          ratings,
          unrecognized: {},
        });
      }
      for (const value of values) {
        const bold = !options.noGaps && random() < 0.3;
        for (const polarity of ["negative", "positive"] as Polarity[]) {
          const action =
            polarity === "positive"
              ? `I support ${value} in ${topic} with my neighbours`
              : `I ${bold ? "boldly" : "quietly"} reject ${value} in ${topic}`;
          actions.push({
            country,
            topic,
            value,
            polarity,
            action,
            attributions: [polarity === "positive" ? "support" : "reject"],
            explanation: `This shows ${polarity} regard for ${value}.`,
            raw: action,
            parseStatus: "clean",
            sourceRow: row++,
          });
        }
        task2.push({
          country,
          topic,
          value,
          variant: 5,
          sample: 0,
          order: "normal",
          chosen: bold !== noise() < (options.noise ?? 0) ? "negative" : "positive",
          answer: null,
          explanation: null,
          raw: null,
          parseStatus: "clean",
          sourceRows: [row - 2, row - 1],
        });
      }
    }
  }
  const summary = (records: number) => ({ variants: [5], records, clean: records, repaired: 0, failed: 0 });
  const manifest: RunManifest = {
    kind: "valens-run",
    formatVersion: 1,
    valensVersion: VALENS_VERSION,
    createdAt: "2025-01-01T00:00:00.000Z",
    model: { name: options.model ?? "synthetic", served: [], systemFingerprints: [] },
    source: { type: "live", files: {} },
    tasks: { task1: summary(task1.length), task2: options.withoutTask2 ? null : summary(task2.length) },
    parameters: {},
    notes: [],
  };
  return { dir: "/synthetic", manifest, actions, task1, task2: options.withoutTask2 ? [] : task2 };
}

/** Settings small enough for unit tests on two shared cores. */
export const tinyHyperparameters = {
  textDimension: 4,
  categoryDimension: 2,
  hidden: 4,
  batchSize: 32,
  maxEpochs: 3,
  patience: 1,
  learningRate: 0.01,
};
export const tinyHashing = { buckets: 512, maxTokens: 12 };
