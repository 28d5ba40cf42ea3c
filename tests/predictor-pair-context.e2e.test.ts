import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeRun } from "@valens/core";
import { syntheticRun } from "@valens/report/test";
import { beforeAll, describe, expect, it } from "vitest";
import { valens } from "./helpers/valens.js";

let dir: string;
let run: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "valens-pair-context-"));
  run = join(dir, "run");
  const synthetic = syntheticRun({ countries: 3, topics: 2, values: 20, seed: 3 });
  await writeRun(run, synthetic, { force: true });
});

describe("valens predictor train --pair-context (documented in packages/gap-predictor/README.md)", () => {
  it("trains a choice model that also reads the item's other action", async () => {
    const out = join(dir, "choice-pair");
    const result = await valens(
      ["predictor", "train", run, "--task", "choice", "--features", "action", "--pair-context"].concat([
        "--max-epochs",
        "1",
        "--json",
        "--out",
        out,
      ]),
    );
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    const card = await readFile(join(out, "card.json"), "utf8");
    expect(card).toContain("other.action");
  }, 180_000);

  it("refuses --pair-context for the gap task with exit 2", async () => {
    const result = await valens([
      "predictor",
      "train",
      run,
      "--task",
      "gap",
      "--pair-context",
      "--out",
      join(dir, "gap"),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--pair-context applies to --task choice only");
  });
});
