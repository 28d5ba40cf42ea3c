import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { hasSharedData, sharedDataPath } from "@valens/core/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { valens } from "./helpers/valens.js";

const mapping = fileURLToPath(new URL("../datasets/mappings/qwen3-32b-replication.yaml", import.meta.url));
const present = hasSharedData(
  ["replications", "qwen3-32b_t1_raw.csv"],
  ["replications", "qwen3-32b_t2_raw.csv"],
);
const t1 = sharedDataPath("replications", "qwen3-32b_t1_raw.csv");
const t2 = sharedDataPath("replications", "qwen3-32b_t2_raw.csv");

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "valens-import-table-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!present)("valens import table (the Qwen3-32B replication)", () => {
  it("imports both tasks with the shipped mapping, agreeing with the replicators' parse", async () => {
    const out = join(dir, "qwen");
    const result = await valens(["import", "table", t1, t2, "--map", mapping, "--out", out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("task-2 choices equal the source's polarity on 432 of 432");
    expect(result.stdout).toContain("task-1 ratings equal the source's parse on 8 of 8");
    const manifest = JSON.parse(await readFile(join(out, "manifest.json"), "utf8"));
    expect(manifest).toMatchObject({ source: { type: "import-table" }, model: { name: "qwen3-32b" } });
    expect(Object.keys(manifest.source.files).sort()).toEqual(["map", "t1", "t2"]);
    const metrics = await valens(["metrics", out, "--json", "--bootstrap", "0"]);
    expect(metrics.code, metrics.stderr).toBe(0);
    expect(JSON.parse(metrics.stdout).items).toBe(54);

    const again = await valens(["import", "table", t1, t2, "--map", mapping, "--out", out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("--force");
  });

  it("valens check: unflagged with the shipped mapping, flagged (and warned at import) with the study's option order", async () => {
    const own = join(dir, "qwen-own");
    const imported = await valens(["import", "table", t1, t2, "--map", mapping, "--out", own]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).not.toContain("warning:");
    const ownCheck = JSON.parse((await valens(["check", own, "--json"])).stdout);
    expect(ownCheck.flags).toEqual([]);
    expect(ownCheck.explanations).toMatchObject({ compared: 216, reversed: false });

    const studyOrder = join(dir, "study-order.yaml");
    await writeFile(
      studyOrder,
      (await readFile(mapping, "utf8")).replace("positiveOption: 1", "positiveOption: 2"),
    );
    const flipped = join(dir, "qwen-study-order");
    const warned = await valens(["import", "table", t1, t2, "--map", studyOrder, "--out", flipped]);
    expect(warned.code, warned.stderr).toBe(0);
    expect(warned.stdout).toContain("task-2 choices equal the source's polarity on 0 of 432");
    expect(warned.stderr.split("\n").filter((line) => line.startsWith("warning:"))).toEqual([
      expect.stringContaining("option order or polarity likely reversed: of 216 explanations"),
    ]);
    const check = await valens(["check", flipped]);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain("flag: option order or polarity likely reversed");
  });

  it("a bad mapping is one line naming the mapping key, exit 2", async () => {
    const text = await readFile(mapping, "utf8");
    const cases: [string, string, RegExp][] = [
      [
        "unknown-column.yaml",
        text.replace("raw: raw_response\n    option", "raw: raw_answer\n    option"),
        /Mapping key task2\.columns\.raw: names the column "raw_answer"/,
      ],
      [
        "missing.yaml",
        text.replace("    positiveOption: 1\n", ""),
        /Mapping key task2\.conventions\.positiveOption: missing \(required\)/,
      ],
      [
        "contradictory.yaml",
        text.replace("negative: [negative]", "negative: [positive]"),
        /Mapping key task2\.conventions\.polarity: contradictory codes/,
      ],
      [
        "unknown-key.yaml",
        text.replace("    choice: raw", "    choice: raw\n    flip: true"),
        /Mapping key task2\.conventions\.flip: unknown key/,
      ],
    ];
    for (const [name, content, message] of cases) {
      const file = join(dir, name);
      await writeFile(file, content);
      const result = await valens([
        "import",
        "table",
        t1,
        t2,
        "--map",
        file,
        "--out",
        join(dir, name.replace(".yaml", "")),
      ]);
      expect(result.code, name).toBe(2);
      expect(result.stderr, name).toMatch(message);
      expect(result.stderr.trim().split("\n"), name).toHaveLength(1);
    }
  });
});
