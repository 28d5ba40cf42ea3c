import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ActionRecord } from "@valens/core";
import { describe, expect, it } from "vitest";
import { validateDatasetFile } from "./validate.js";

const record = (over: Partial<ActionRecord>): ActionRecord => ({
  country: "India",
  topic: "Religion",
  value: "Wealth",
  polarity: "positive",
  action: "I save part of my income every month.",
  attributions: ["save part of my income"],
  explanation: "Saving builds wealth.",
  raw: "{}",
  parseStatus: "clean",
  ...over,
});

describe("validateDatasetFile", () => {
  it("counts every kind of problem with file lines", async () => {
    const lines = [
      record({}), // 1 fine
      record({ polarity: "negative", action: "I spend all I earn.", attributions: ["spend all I earn"] }), // 2 fine
      record({ value: "Equality", action: "I share. Then I rest.", attributions: ["share"] }), // 3 not-one-sentence
      record({
        value: "Equality",
        polarity: "negative",
        action: `I ${"really ".repeat(50)}refuse.`,
        attributions: ["refuse"],
      }), // 4 over-50
      record({ value: "Freedom", action: "People vote freely.", attributions: ["vote"] }), // 5 not-first-person
      record({
        value: "Freedom",
        polarity: "negative",
        action: "I obey.",
        attributions: ["comply"],
        explanation: null,
      }), // 6 attribution + explanation
      record({ value: "Honesty", action: "I tell the truth.", attributions: ["tell the truth"] }), // 7
      record({
        value: "Honesty",
        polarity: "negative",
        action: "I tell  the truth.",
        attributions: ["tell the truth"],
      }), // 8 same as 7
      record({
        value: "Wisdom",
        action: null,
        parseStatus: "failed",
        parseNote: "no JSON object in the answer",
      }), // 9 unparsed + missing polarity
    ].map((r) => JSON.stringify(r));
    lines.push('{"country": "India"}', "not json");
    const file = join(await mkdtemp(join(tmpdir(), "valens-validate-")), "d.jsonl");
    await writeFile(file, `${lines.join("\n")}\n`);
    const report = await validateDatasetFile(file);
    expect(report.records).toBe(11);
    expect(report.counts).toEqual({
      schema: 2,
      unparsed: 1,
      "not-one-sentence": 1,
      "over-50-words": 1,
      "not-first-person": 1,
      "attribution-not-in-action": 1,
      "missing-explanation": 1,
      "same-as-other-polarity": 1,
      "missing-polarity": 1,
      // "Honesty" is not one of the catalog's values (its value is "Honest").
      "unknown-name": 2,
    });
    expect(report.examples["unknown-name"][0]).toMatchObject({
      line: 7,
      detail: 'not in the catalog: value "Honesty"',
    });
    expect(report.valid).toBe(2);
    expect(report.examples["same-as-other-polarity"][0]).toMatchObject({
      line: 8,
      detail: "same text as line 7",
    });
    expect(report.examples.schema.map((i) => i.line)).toEqual([10, 11]);
    expect(report.examples["missing-polarity"][0]).toMatchObject({
      line: 9,
      item: "India|Religion|Wisdom",
      detail: "no negative action",
    });
  });
});
