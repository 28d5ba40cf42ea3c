import { fileURLToPath } from "node:url";
import { hasSharedData, sharedDataPath } from "@valens/core/test";
import { describe, expect, it } from "vitest";
import { importTable } from "./import-table.js";
import { checkMapping, readMapping } from "./read-mapping.js";

const mapFile = fileURLToPath(
  new URL("../../../../datasets/mappings/qwen3-32b-replication.yaml", import.meta.url),
);
const present = hasSharedData(
  ["replications", "qwen3-32b_t1_raw.csv"],
  ["replications", "qwen3-32b_t2_raw.csv"],
);
const files = [
  sharedDataPath("replications", "qwen3-32b_t1_raw.csv"),
  sharedDataPath("replications", "qwen3-32b_t2_raw.csv"),
];

describe.skipIf(!present)("the Qwen3-32B replication with its shipped mapping", () => {
  it("agrees with the replicators' selected_polarity on all 432 task-2 answers and their task-1 parse on all 8 variants", async () => {
    const mapping = await readMapping(mapFile);
    const result = await importTable({ files, mapping, mappingFile: mapFile });
    expect(result.files.map((f) => [f.task, f.rows])).toEqual([
      [1, 8],
      [2, 432],
    ]);
    expect(result.checks.task2Polarity).toEqual({ compared: 432, agree: 432, examples: [] });
    expect(result.checks.task2Option).toEqual({ compared: 432, agree: 432, examples: [] });
    expect(result.checks.task1Parsed).toEqual({ compared: 8, agree: 8, examples: [] });
    expect(result.run.task1.map((r) => r.variant)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(result.run.task2.map((r) => r.variant)).size).toBe(8);
    expect(result.run.actions).toHaveLength(108);
    expect(result.run.task2.filter((r) => r.explanation !== null)).toHaveLength(216);
  });

  it("with the study's option order instead, every answer disagrees with the replicators'", async () => {
    const mapping = await readMapping(mapFile);
    const task2 = mapping.task2;
    const study = checkMapping(
      { ...mapping, task2: { ...task2, conventions: { ...task2?.conventions, positiveOption: 2 } } },
      mapFile,
    );
    const result = await importTable({ files, mapping: study, mappingFile: mapFile });
    expect(result.checks.task2Polarity).toMatchObject({ compared: 432, agree: 0 });
  });
});
