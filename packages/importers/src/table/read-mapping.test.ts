import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "@valens/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importTable } from "./import-table.js";
import { checkMapping, readMapping } from "./read-mapping.js";

const task2 = {
  columns: { country: "country", topic: "topic", value: "value", variant: "v", raw: "answer" },
  conventions: { positiveOption: 2 },
};
const base = { kind: "valens-table-mapping", version: 1, model: "m", task2 };

/** The one-line message of the error checkMapping throws. */
function problem(mapping: unknown): string {
  try {
    checkMapping(mapping, "map.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const line = (error as InputError).format();
    expect(line).not.toContain("\n");
    return line;
  }
  throw new Error("the mapping was accepted");
}

describe("mapping files", () => {
  it("accepts a complete mapping", () => {
    expect(checkMapping(base, "map.yaml").task2?.conventions.positiveOption).toBe(2);
  });

  it("an unknown key is named, with the known keys", () => {
    const line = problem({ ...base, task2: { ...task2, columns: { ...task2.columns, rawAnswer: "x" } } });
    expect(line).toMatch(
      /^Mapping key task2\.columns\.rawAnswer: unknown key \(map\.yaml\)\. Known keys here: country, topic, value, variant, raw/,
    );
  });

  it("a missing required field is named", () => {
    const { positiveOption: _, ...rest } = task2.conventions;
    expect(problem({ ...base, task2: { ...task2, conventions: rest } })).toMatch(
      /^Mapping key task2\.conventions\.positiveOption: missing \(required\)/,
    );
    const { country: __, ...columns } = task2.columns;
    expect(problem({ ...base, task2: { ...task2, columns } })).toMatch(
      /^Mapping key task2\.columns\.country: missing/,
    );
    expect(problem({ kind: "valens-table-mapping", version: 1 })).toMatch(/^Mapping key task1: missing/);
    const { raw: ___, ...noChoice } = task2.columns;
    expect(problem({ ...base, task2: { ...task2, columns: noChoice } })).toMatch(
      /^Mapping key task2\.columns\.raw: missing/,
    );
  });

  it("contradictory conventions are named", () => {
    const polarity = { ...task2, columns: { ...task2.columns, polarity: "p" } };
    expect(problem({ ...base, task2: polarity })).toMatch(
      /^Mapping key task2\.conventions\.polarity: missing/,
    );
    expect(
      problem({
        ...base,
        task2: {
          ...polarity,
          conventions: { positiveOption: 2, polarity: { positive: ["1", "pos"], negative: [" POS "] } },
        },
      }),
    ).toMatch(/^Mapping key task2\.conventions\.polarity: contradictory codes: "POS" means both/);
    expect(
      problem({
        ...base,
        task2: { ...task2, conventions: { positiveOption: 2, order: { normal: ["0"], reversed: ["1"] } } },
      }),
    ).toMatch(/^Mapping key task2\.conventions\.order: contradicts the columns/);
    expect(
      problem({ ...base, task2: { ...task2, conventions: { positiveOption: 2, choice: "option" } } }),
    ).toMatch(/^Mapping key task2\.conventions\.choice: contradicts the columns/);
    expect(
      problem({
        ...base,
        task2: {
          ...task2,
          columns: {
            ...task2.columns,
            positiveAction: "a",
            negativeAction: "b",
            option1Action: "c",
            option2Action: "d",
          },
        },
      }),
    ).toMatch(/^Mapping key task2\.columns\.option1Action: contradicts/);
    expect(problem({ ...base, task2: { ...task2, conventions: { positiveOption: 3 } } })).toMatch(
      /^Mapping key task2\.conventions\.positiveOption: must be 1 or 2/,
    );
  });
});

describe("importTable", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "valens-table-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const csv = [
    "country,topic,value,v,flipped,answer,first,second,pol",
    // positiveOption 1: "first" is the positive action in the normal order (flipped = no).
    'Egypt,Religion,Wealth,0,no,"{""action"": ""Option 1""}",get rich,give away,P',
    'Egypt,Religion,Wealth,2,yes,"{""action"": ""Option 1""}",get rich,give away,N',
    'Egypt,Religion,Wealth,4,no,"{""action"": ""give away""}",get rich,give away,N',
  ].join("\n");

  it("maps options through the declared order and conventions, and cross-checks the polarity column", async () => {
    const file = join(dir, "t2.csv");
    await writeFile(file, csv);
    const mapFile = join(dir, "map.yaml");
    await writeFile(
      mapFile,
      [
        "kind: valens-table-mapping",
        "version: 1",
        "model: m",
        "task2:",
        "  columns: { country: country, topic: topic, value: value, variant: v, raw: answer, order: flipped,",
        "             option1Action: first, option2Action: second, polarity: pol }",
        "  conventions:",
        "    positiveOption: 1",
        "    order: { normal: [no], reversed: [yes] }",
        "    polarity: { positive: [P], negative: [N] }",
      ].join("\n"),
    );
    const mapping = await readMapping(mapFile);
    const result = await importTable({ files: [file], mapping, mappingFile: mapFile });
    expect(result.run.task2.map((r) => r.chosen)).toEqual(["positive", "negative", "negative"]);
    // In the study's terms the source's normal order is reversed, and its reversed order normal.
    expect(result.run.task2.map((r) => r.order)).toEqual(["reversed", "normal", "reversed"]);
    expect(result.checks.task2Polarity).toEqual({ compared: 3, agree: 3, examples: [] });
    const texts = Object.fromEntries(result.run.actions.map((a) => [a.polarity, a.action]));
    expect(texts).toEqual({ positive: "get rich", negative: "give away" });
    expect(result.run.manifest.source.type).toBe("import-table");
    expect(result.files).toEqual([{ file, task: 2, rows: 3 }]);

    // The study's convention on the same file: every choice flips, and the cross-check says so.
    const study = checkMapping(
      {
        ...mapping,
        task2: { ...mapping.task2, conventions: { ...mapping.task2?.conventions, positiveOption: 2 } },
      },
      mapFile,
    );
    const flipped = await importTable({ files: [file], mapping: study, mappingFile: mapFile });
    // (The third answer names its action by text, and the texts swap with the convention too.)
    expect(flipped.run.task2.map((r) => r.chosen)).toEqual(["negative", "positive", "positive"]);
    expect(flipped.checks.task2Polarity?.agree).toBe(0);
  });

  it("a column the file lacks is named by its mapping key", async () => {
    const file = join(dir, "t2b.csv");
    await writeFile(file, csv);
    const mapping = checkMapping(
      { ...base, task2: { ...task2, columns: { ...task2.columns, raw: "raw_answer" } } },
      "map.yaml",
    );
    await expect(importTable({ files: [file], mapping, mappingFile: "map.yaml" })).rejects.toThrow(
      /^Mapping key task2\.columns\.raw: names the column "raw_answer", which .*t2b\.csv does not have \(its columns: country, topic/,
    );
  });

  it("an order code the mapping does not list is an error naming the key and line", async () => {
    const file = join(dir, "t2c.csv");
    await writeFile(file, csv.replace(",yes,", ",maybe,"));
    const mapping = checkMapping(
      {
        ...base,
        task2: {
          ...task2,
          columns: { ...task2.columns, raw: "answer", order: "flipped" },
          conventions: { positiveOption: 1, order: { normal: ["no"], reversed: ["yes"] } },
        },
      },
      "map.yaml",
    );
    const error = await importTable({ files: [file], mapping, mappingFile: "map.yaml" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).format()).toMatch(
      /^"maybe" is not one of the codes of mapping key task2\.conventions\.order .*t2c\.csv:3/,
    );
  });
});
