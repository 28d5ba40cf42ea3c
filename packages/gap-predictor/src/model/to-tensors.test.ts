import { describe, expect, it } from "vitest";
import { syntheticRun } from "../__fixtures__/synthetic-run.js";
import { gapExamples } from "../data/examples.js";
import { buildFeatureSchema, encode } from "../data/features.js";
import { defaultHashing } from "../text/hashing.js";
import { loadTf } from "../tf/runtime.js";
import { toTensors } from "./build.js";

describe("toTensors", () => {
  it("packs the chosen rows of every input, the stance columns included, as a batch of those rows alone", async () => {
    const { tf } = await loadTf();
    const examples = gapExamples(syntheticRun({ countries: 2, topics: 2, values: 10 }));
    const schema = buildFeatureSchema("gap", ["attributions"], examples);
    const rows = Int32Array.from([7, 2, 19, 0, 33]);
    const picked = toTensors(tf, encode(schema, defaultHashing, examples), schema, defaultHashing, rows);
    const alone = toTensors(
      tf,
      encode(
        schema,
        defaultHashing,
        [...rows].map((r) => examples[r] as (typeof examples)[number]),
      ),
      schema,
      defaultHashing,
    );
    expect(picked.length).toBe(alone.length);
    // text, categories, numeric, stance sign, stance offset
    expect(picked.length).toBe(5);
    for (let k = 0; k < picked.length; k++) {
      expect(picked[k]?.shape).toEqual(alone[k]?.shape);
      expect([...((await picked[k]?.data()) ?? [])]).toEqual([...((await alone[k]?.data()) ?? [])]);
    }
    for (const t of [...picked, ...alone]) t.dispose();
  });
});
