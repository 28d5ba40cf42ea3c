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
