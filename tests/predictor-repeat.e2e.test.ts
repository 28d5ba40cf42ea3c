import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeRun } from "@valens/core";
import { syntheticRun } from "@valens/report/test";
import { beforeAll, describe, expect, it } from "vitest";
import { valens } from "./helpers/valens.js";

let dir: string;
let run: string;
let task1Only: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "valens-repeat-"));
  run = join(dir, "run");
  task1Only = join(dir, "task1-only");
  await writeRun(run, syntheticRun({ countries: 4, topics: 3, values: 20, seed: 3, flip: 0.2 }), {
    force: true,
  });
  await writeRun(task1Only, syntheticRun({ countries: 2, topics: 2, values: 10, seed: 4, task2: false }), {
    force: true,
  });
});

const repeat = (...args: string[]) => valens(["predictor", "repeat", ...args]);

describe("valens predictor repeat (seeded splits, mean and spread)", () => {
  it("--json gives every split and the mean ± sd of the predictor and every baseline", async () => {
    const result = await repeat(
      run,
      "--task",
      "gap",
      "--kind",
      "logistic",
      "--repeats",
      "3",
      "--seed",
      "2",
      "--json",
    );
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.seeds).toEqual([2, 3, 4]);
    expect(out.splits).toHaveLength(3);
    expect(out.split).toEqual({ kind: "groups", by: "scenario", fraction: 0.2 });
    const aps = out.splits.map((s: { predictor: { ap: number } }) => s.predictor.ap);
    const mean = aps.reduce((a: number, b: number) => a + b, 0) / aps.length;
    expect(out.summary.predictor.ap.mean).toBeCloseTo(mean, 10);
    const sd = Math.sqrt(aps.reduce((a: number, b: number) => a + (b - mean) ** 2, 0) / (aps.length - 1));
    expect(out.summary.predictor.ap.sd).toBeCloseTo(sd, 10);
    for (const name of ["stated-score", "stance-flip-lr", "stance-flip-lr-text"]) {
      expect(out.summary.baselines[name].ap.n, name).toBe(3);
      expect(out.wins[name].of).toBe(3);
    }
    // Progress goes to stderr, one line per split.
    expect(result.stderr.match(/split \d\/3 \(seed \d\)/g)).toHaveLength(3);
  }, 180_000);

  it("--kind auto records the kind each split's validation AP chose, in JSON and in the table", async () => {
    const args = [run, "--task", "gap", "--kind", "auto", "--repeats", "2", "--max-epochs", "2"];
    const json = JSON.parse((await repeat(...args, "--json")).stdout);
    expect(json.kind).toBe("auto");
    const kinds = json.splits.map((s: { kind: string }) => s.kind);
    for (const kind of kinds) expect(["logistic", "network"]).toContain(kind);
    const text = await repeat(...args);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/seed\s+kind\s+items/);
    expect(text.stdout).toMatch(new RegExp(`\\n\\s*1\\s+${kinds[0]}\\s`));
  }, 180_000);

  it("prints the per-split table and the mean ± sd table", async () => {
    const result = await repeat(
      run,
      "--task",
      "gap",
      "--kind",
      "logistic",
      "--repeats",
      "2",
      "--split",
      "country-groups",
      "--group-fraction",
      "0.3",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("over 2 seeded splits (seeds 1-2)");
    expect(result.stdout).toContain("random country groups holding 30% of the items held out");
    expect(result.stdout).toMatch(/predictor\s+\d\.\d{3} ± \d\.\d{3}/);
    expect(result.stdout).toMatch(/baseline: stance-flip-lr-text .* \d\/2/);
  }, 180_000);

  it("refuses --repeats below 2, a bad --group-fraction and runs without Task 2, one line each", async () => {
    const few = await repeat(run, "--task", "gap", "--repeats", "1");
    expect(few.code).toBe(2);
    expect(few.stderr).toContain("--repeats must be a whole number >= 2");
    const fraction = await repeat(run, "--task", "gap", "--group-fraction", "1.5");
    expect(fraction.code).toBe(2);
    expect(fraction.stderr).toContain("--group-fraction must be a number between 0 and 1");
    const none = await repeat(task1Only, "--task", "gap");
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("No Task-2 answers in the run");
    const kind = await repeat(run, "--task", "choice", "--kind", "logistic");
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain("The logistic predictor is for the gap task");
  }, 60_000);
});
