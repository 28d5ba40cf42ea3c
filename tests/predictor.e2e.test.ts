import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, truncate } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { hasSharedData, sharedDataPath } from "@valens/core/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const exec = promisify(execFile);
const bin = fileURLToPath(new URL("../apps/cli/bin/valens.js", import.meta.url));
const valens = (...args: string[]) =>
  exec(process.execPath, [bin, ...args], {
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: "1" },
  });
const failure = (...args: string[]) =>
  valens(...args).then(
    () => {
      throw new Error(`valens ${args.join(" ")} succeeded`);
    },
    (error: { code: number; stderr: string }) => error,
  );

const available = hasSharedData(
  ["via", "via_full.csv"],
  ["released", "claude-sonnet-4_t1.csv"],
  ["released", "claude-sonnet-4_t2_log.jsonl"],
  ["released", "gpt-4o_t1.csv"],
);

const METRIC_KEYS = ["task", "n", "auroc", "ap", "f1", "precision", "recall", "brier", "ece", "baselines"];

function expectSaneMetrics(report: Record<string, unknown>): void {
  for (const key of ["auroc", "ap", "f1", "precision", "recall", "brier", "ece"]) {
    expect(report[key], key).toBeTypeOf("number");
    expect(report[key] as number).toBeGreaterThanOrEqual(0);
    expect(report[key] as number).toBeLessThanOrEqual(1);
  }
}

describe.skipIf(!available)("valens predictor and forecast on the Claude Sonnet 4 outputs", () => {
  let dir: string;
  let claude: string;
  let gpt4o: string;
  let gap: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "valens-predictor-e2e-"));
    claude = join(dir, "claude");
    gpt4o = join(dir, "gpt-4o-task1");
    gap = join(dir, "gap");
    const via = sharedDataPath("via", "via_full.csv");
    await valens(
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
      claude,
    );
    await valens(
      "import",
      "released",
      "--via",
      via,
      "--t1",
      sharedDataPath("released", "gpt-4o_t1.csv"),
      "--model",
      "gpt-4o",
      "--out",
      gpt4o,
    );
    await valens(
      "predictor",
      "train",
      claude,
      "--task",
      "gap",
      "--holdout-countries",
      "India,Nigeria,Germany",
      "--seed",
      "1",
      "--max-epochs",
      "3",
      "--out",
      gap,
    );
  }, 600_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("evaluates the gap predictor on its held-out countries, beside the baselines", async () => {
    const { stdout } = await valens("predictor", "evaluate", gap, "--json");
    const report = JSON.parse(stdout);
    for (const key of METRIC_KEYS) expect(report, key).toHaveProperty(key);
    expect(report.task).toBe("gap");
    expect(report.source).toBe("held-out");
    // India, Nigeria and Germany: 3 of 12 countries, minus the items without an answer
    expect(report.n).toBeGreaterThan(1700);
    expect(report.n).toBeLessThan(1900);
    expectSaneMetrics(report);
    expect(Object.keys(report.baselines)).toEqual([
      "stated-score",
      "value-prior",
      "value-stated-bucket-prior",
      "stance-flip-lr",
      "stance-flip-lr-text",
    ]);
    for (const baseline of Object.values(report.baselines))
      expectSaneMetrics(baseline as Record<string, unknown>);
    expect(report.auroc).toBeGreaterThan(0.8);
    const human = await valens("predictor", "evaluate", gap);
    expect(human.stdout).toMatch(/baseline: value-stated-bucket-prior/);
  });

  it("evaluates on run directories", async () => {
    const { stdout } = await valens("predictor", "evaluate", gap, claude, "--json");
    const report = JSON.parse(stdout);
    expect(report.source).toBe("runs");
    expect(report.n).toBe(7329);
  });

  it("forecasts a Task-1-only run: ranked items and shares with intervals", async () => {
    const { stdout } = await valens("forecast", gap, gpt4o, "--json", "--top", "5");
    const forecast = JSON.parse(stdout);
    expect(forecast.items).toHaveLength(5);
    expect(forecast.items[0].rank).toBe(1);
    expect(forecast.items[0].probability).toBeGreaterThanOrEqual(forecast.items[4].probability);
    expect(forecast.byCountry).toHaveLength(12);
    for (const g of [forecast.overall, ...forecast.byCountry, ...forecast.byTopic]) {
      expect(g.low).toBeLessThanOrEqual(g.expectedShare);
      expect(g.high).toBeGreaterThanOrEqual(g.expectedShare);
      expect(g.observedShare).toBeNull();
    }
    const csv = await valens("forecast", gap, gpt4o, "--csv", "--top", "3");
    const lines = csv.stdout.trim().split("\n");
    expect(lines[0]).toBe("rank,country,topic,value,probability,stated_mean,observed");
    expect(lines).toHaveLength(4);
  });

  it("trains both kinds with --kind auto and keeps the one with the higher validation AP", async () => {
    const out = join(dir, "auto");
    const { stdout } = await valens(
      "predictor",
      "train",
      claude,
      "--task",
      "gap",
      "--kind",
      "auto",
      "--holdout-countries",
      "India",
      "--max-epochs",
      "3",
      "--out",
      out,
    );
    const card = JSON.parse(await readFile(join(out, "card.json"), "utf8"));
    const { logistic, network } = card.kindSelection.validationAp;
    expect(logistic).toBeTypeOf("number");
    expect(network).toBeTypeOf("number");
    expect(card.modelKind).toBe(logistic >= network ? "logistic" : "network");
    expect(card.metrics.validation.ap).toBeCloseTo(Math.max(logistic, network), 10);
    expect(stdout).toContain(
      `kind ${card.modelKind}, chosen by validation AP (logistic ${logistic.toFixed(3)}, network ${network.toFixed(3)})`,
    );
  });

  it("trains the choice task on the study's split", async () => {
    const out = join(dir, "choice");
    const { stdout } = await valens(
      "predictor",
      "train",
      claude,
      "--task",
      "choice",
      "--split",
      "study",
      "--features",
      "action",
      "--max-epochs",
      "2",
      "--json",
      "--out",
      out,
    );
    const result = JSON.parse(stdout);
    expect(result.heldOut.n).toBe(200);
    expect(result.heldOut.positives).toBe(100);
    expect(Object.keys(result.heldOut.baselines)).toEqual(["polarity-rule", "majority-class"]);
    expect(result.heldOut.baselines["majority-class"].f1).toBeCloseTo(2 / 3, 6);
    expect(["wasm", "cpu", "tensorflow"]).toContain(result.backend);
  }, 300_000);

  it("explains bad input with exit code 2", async () => {
    const noTask2 = await failure("predictor", "train", gpt4o, "--task", "gap", "--out", join(dir, "x"));
    expect(noTask2.code).toBe(2);
    expect(noTask2.stderr).toMatch(/No Task-2 answers in the run: a predictor learns from Task 2/);
    const typo = await failure(
      "predictor",
      "train",
      claude,
      "--task",
      "gap",
      "--holdout-countries",
      "Germny",
      "--out",
      join(dir, "y"),
    );
    expect(typo.stderr).toMatch(/Closest: "Germany"/);
    const notPredictor = await failure("forecast", claude, gpt4o);
    expect(notPredictor.stderr).toMatch(/card.json is missing/);
    const damaged = join(dir, "damaged");
    await valens(
      "predictor",
      "train",
      claude,
      "--task",
      "choice",
      "--split",
      "study",
      "--features",
      "action",
      "--max-epochs",
      "1",
      "--out",
      damaged,
    );
    await truncate(join(damaged, "weights.bin"), 1000);
    const truncated = await failure("predictor", "evaluate", damaged);
    expect(truncated.code).toBe(2);
    expect(truncated.stderr).toMatch(/weights.bin has 1000 bytes/);
    const wrongTask = await failure("forecast", join(dir, "choice"), gpt4o);
    expect(wrongTask.stderr).toMatch(/need a gap predictor/);
  }, 300_000);
});
