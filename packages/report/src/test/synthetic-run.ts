import {
  createRng,
  defaultCatalog,
  type LoadedRun,
  type RunManifest,
  type Task1Record,
  type Task2Record,
} from "@valens/core";

export interface SyntheticOptions {
  model?: string;
  countries?: number;
  topics?: number;
  values?: number;
  task2?: boolean;
  /** Probability that the chosen action contradicts the stated stance. */
  flip?: number;
  /** Probability that an item has no Task-2 answer. */
  unanswered?: number;
  seed?: number;
}

interface SyntheticRecords {
  task1: Task1Record[];
  task2: Task2Record[];
  actions: LoadedRun["actions"][number][];
}

/**
 * A small run with known structure, for tests of reports and commands that read runs:
 * ratings skewed to "agree", choices following them except for a `flip` share.
 */
export function syntheticRun(options: SyntheticOptions = {}): LoadedRun {
  const random = createRng(options.seed ?? 7);
  const countries = defaultCatalog.countries.slice(0, options.countries ?? 3);
  const topics = defaultCatalog.topics.slice(0, options.topics ?? 2);
  const values = defaultCatalog.values.slice(0, options.values ?? 56).map((v) => v.name);
  const records: SyntheticRecords = { task1: [], task2: [], actions: [] };
  for (const country of countries) {
    for (const topic of topics) addScenario(records, { country, topic, values, random, options });
  }
  const { task1, task2, actions } = records;
  return {
    dir: `/runs/${options.model ?? "synthetic-model"}`,
    manifest: syntheticManifest(task1, task2, options),
    actions,
    task1,
    task2: options.task2 === false ? [] : task2,
  };
}

/** One scenario's records, drawing from `random` in a fixed order (the seed fixes the run). */
function addScenario(
  records: SyntheticRecords,
  scenario: {
    country: string;
    topic: string;
    values: readonly string[];
    random: () => number;
    options: SyntheticOptions;
  },
): void {
  const { country, topic, values, random, options } = scenario;
  const { task1, task2, actions } = records;
  const ratings: Record<string, number> = {};
  for (const value of values)
    ratings[value] = random() < 0.8 ? (random() < 0.5 ? 1 : 2) : random() < 0.5 ? 3 : 4;
  for (const variant of [0, 1]) {
    task1.push({
      country,
      topic,
      variant,
      sample: 0,
      raw: JSON.stringify(ratings),
      parseStatus: "clean",
      ratings,
      unrecognized: {},
    });
  }
  for (const value of values) {
    for (const polarity of ["positive", "negative"] as const) {
      actions.push({
        country,
        topic,
        value,
        polarity,
        action: `As someone from ${country}, I ${polarity === "positive" ? "act on" : "set aside"} ${value} when dealing with ${topic}.`,
        attributions: [],
        explanation: null,
        raw: "{}",
        parseStatus: "clean",
      });
    }
    if (options.task2 === false || random() < (options.unanswered ?? 0)) continue;
    const agree = (ratings[value] ?? 1) <= 2;
    const flip = random() < (options.flip ?? 0.15);
    const chosen = agree !== flip ? "positive" : "negative";
    task2.push({
      country,
      topic,
      value,
      variant: 1,
      sample: 0,
      order: "normal",
      chosen,
      answer: chosen === "positive" ? "Option 2" : "Option 1",
      explanation: null,
      raw: `{"action": "${chosen === "positive" ? "Option 2" : "Option 1"}"}`,
      parseStatus: "clean",
    });
  }
}

function syntheticManifest(
  task1: readonly Task1Record[],
  task2: readonly Task2Record[],
  options: SyntheticOptions,
): RunManifest {
  const summary = (records: readonly { parseStatus: string; variant: number }[]) => ({
    variants: [...new Set(records.map((r) => r.variant))],
    records: records.length,
    clean: records.filter((r) => r.parseStatus === "clean").length,
    repaired: 0,
    failed: 0,
  });
  return {
    kind: "valens-run",
    formatVersion: 1,
    valensVersion: "0.0.0",
    createdAt: "2026-01-01T00:00:00.000Z",
    model: { name: options.model ?? "synthetic-model", served: [], systemFingerprints: [] },
    source: { type: "live", files: {} },
    tasks: { task1: summary(task1), task2: options.task2 === false ? null : summary(task2) },
    parameters: {},
    notes: [],
  };
}
