import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Task2Record } from "@valens/core";
import { hasSharedData, sharedDataPath } from "@valens/core/test";
import { checkMapping, importTable, importTask2Samples, readMapping } from "@valens/importers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkRun, checkWarning, REVERSED_FLAG } from "./check-run.js";

const item = { country: "Egypt", topic: "Religion" };
const values = [
  "Wealth",
  "Equality",
  "Freedom",
  "Pleasure",
  "Honest",
  "Helpful",
  "Loyal",
  "Curious",
  "Humble",
  "Wisdom",
  "Daring",
  "Healthy",
];
const actions = values.flatMap((value) => [
  {
    ...item,
    value,
    polarity: "positive" as const,
    action: `I donate generously to the ${value.toLowerCase()} fund at the mosque`,
  },
  {
    ...item,
    value,
    polarity: "negative" as const,
    action: `I refuse to attend any gathering and keep my savings hidden for ${value.toLowerCase()}`,
  },
]);
/** An answer whose explanation paraphrases the positive action, recorded as `chosen`. */
const answer = (value: string, chosen: "positive" | "negative", variant = 1): Task2Record => ({
  ...item,
  value,
  variant,
  sample: 0,
  order: variant === 3 ? "reversed" : "normal",
  chosen,
  answer: "Option 2",
  explanation: `Donating generously to the fund at the mosque shows ${value.toLowerCase()}.`,
  raw: "{}",
  parseStatus: "clean",
});

describe("checkRun (hand-made runs)", () => {
  it("explanations that describe the chosen action: nothing flagged", () => {
    const check = checkRun({ actions, task1: [], task2: values.map((v) => answer(v, "positive")) });
    expect(check.explanations).toMatchObject({
      compared: 12,
      chosenCloser: 12,
      otherCloser: 0,
      reversed: false,
    });
    expect(check.flags).toEqual([]);
    expect(checkWarning(check, "runs/x")).toBeNull();
  });

  it("the same answers recorded with the other polarity: flagged, with the counts and p", () => {
    const check = checkRun({ actions, task1: [], task2: values.map((v) => answer(v, "negative")) });
    expect(check.explanations).toMatchObject({
      compared: 12,
      chosenCloser: 0,
      otherCloser: 12,
      reversed: true,
    });
    // One-sided exact binomial test: P(X <= 0 | n = 12, 1/2) = 2^-12.
    expect(check.explanations?.pValue).toBeCloseTo(2 ** -12, 10);
    expect(check.flags[0]).toContain(
      `${REVERSED_FLAG}: of 12 explanations, 12 are closer to the other action's text and 0 to the chosen one's`,
    );
    expect(checkWarning(check, "runs/x")).toMatch(
      /^warning: option order or polarity likely reversed: .*; run `valens check runs\/x`$/,
    );
  });

  it("a reversal confined to one option order is flagged for that order", () => {
    const task2 = [
      ...values.map((v) => answer(v, "positive", 1)),
      ...values.map((v) => answer(v, "negative", 3)),
    ];
    const check = checkRun({ actions, task1: [], task2 });
    expect(check.explanations?.reversed).toBe(false);
    expect(check.explanations?.byOrder.reversed).toMatchObject({ otherCloser: 12, reversed: true });
    expect(check.flags).toEqual([expect.stringContaining(`${REVERSED_FLAG} in the reversed-order variants`)]);
  });

  it("flags a variant whose acted stance agrees with the stated one far less than the others'", () => {
    const task1 = [0, 1].map((variant) => ({
      ...item,
      variant,
      sample: 0,
      raw: "{}",
      parseStatus: "clean" as const,
      ratings: Object.fromEntries(values.map((v) => [v, 1])),
      unrecognized: {},
    }));
    const noExplanation = (r: Task2Record): Task2Record => ({ ...r, explanation: null });
    const task2 = [
      ...[0, 1, 4, 5].flatMap((variant) => values.map((v) => noExplanation(answer(v, "positive", variant)))),
      ...values.map((v) => noExplanation(answer(v, "negative", 2))),
    ];
    const check = checkRun({ actions, task1, task2 });
    expect(check.explanations).toBeNull();
    expect(check.variants.find((v) => v.variant === 2)).toMatchObject({
      items: 12,
      agree: 0,
      outlier: true,
      others: 1,
    });
    expect(check.variants.filter((v) => v.outlier)).toHaveLength(1);
    expect(check.flags).toEqual([
      expect.stringMatching(/^variant 2: acted agrees with stated on 0\.0% of 12 items against 100\.0%/),
    ]);
  });
});

const samplesDir = ["released", "task2-samples"];
const models = [
  "claude_sonnet_4",
  "deepseek-r1-distill-llama-70b",
  "gemma2",
  "gpt_35_turbo",
  "gpt_4o",
  "gpt_4o_mini",
  "llama33",
  "qwen",
];
const present = hasSharedData(
  ...models.map((m) => [...samplesDir, `task2_results_${m}.csv`]),
  ["replications", "qwen3-32b_t1_raw.csv"],
  ["replications", "qwen3-32b_t2_raw.csv"],
);

describe.skipIf(!present)("checkRun on the study's task-2 samples and the Qwen3-32B replication", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "valens-check-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(models)("%s: unflagged as published, flagged with the option columns swapped", async (model) => {
    const file = sharedDataPath(...samplesDir, `task2_results_${model}.csv`);
    const samples = await importTask2Samples(file);
    const check = checkRun({ actions: samples.actions, task1: [], task2: samples.records });
    expect(check.flags, JSON.stringify(check.explanations)).toEqual([]);
    expect(check.explanations?.compared).toBeGreaterThan(100);

    const text = await readFile(file, "utf8");
    const swappedFile = join(dir, `swapped-${model}.csv`);
    await writeFile(
      swappedFile,
      text.replace("country,topic,value,option1,option2,", "country,topic,value,option2,option1,"),
    );
    const swapped = await importTask2Samples(swappedFile);
    const flagged = checkRun({ actions: swapped.actions, task1: [], task2: swapped.records });
    expect(flagged.explanations?.reversed, JSON.stringify(flagged.explanations)).toBe(true);
    expect(flagged.flags[0]).toContain(REVERSED_FLAG);
  });

  it("the replication: unflagged with its mapping, flagged imported with the study's option order", async () => {
    const mapFile = fileURLToPath(
      new URL("../../../../datasets/mappings/qwen3-32b-replication.yaml", import.meta.url),
    );
    const files = [
      sharedDataPath("replications", "qwen3-32b_t1_raw.csv"),
      sharedDataPath("replications", "qwen3-32b_t2_raw.csv"),
    ];
    const mapping = await readMapping(mapFile);
    const own = await importTable({ files, mapping, mappingFile: mapFile });
    const ownCheck = checkRun(own.run);
    expect(ownCheck.flags).toEqual([]);
    expect(ownCheck.explanations).toMatchObject({ compared: 216, reversed: false });
    expect(ownCheck.variants).toHaveLength(8);

    const studyOrder = checkMapping(
      {
        ...mapping,
        task2: { ...mapping.task2, conventions: { ...mapping.task2?.conventions, positiveOption: 2 } },
      },
      mapFile,
    );
    const study = await importTable({ files, mapping: studyOrder, mappingFile: mapFile });
    const studyCheck = checkRun(study.run);
    expect(studyCheck.explanations).toMatchObject({ compared: 216, reversed: true });
    expect(studyCheck.explanations?.otherCloser).toBe(ownCheck.explanations?.chosenCloser);
    expect(studyCheck.flags[0]).toContain(REVERSED_FLAG);
  });
});
