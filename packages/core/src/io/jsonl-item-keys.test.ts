import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../errors/input-error.js";
import { actionKeySchema } from "../schemas/action-record.js";
import { readJsonlItemKeys } from "./jsonl.js";

const keysOf = (record: Record<string, unknown>) => ({
  country: record.country,
  topic: record.topic,
  value: record.value,
  polarity: record.polarity,
});

describe("readJsonlItemKeys", () => {
  it("reads the same keys as a full parse, whatever the texts and key order", async () => {
    const dir = await mkdtemp(join(tmpdir(), "valens-keys-"));
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            country: fc.string({ minLength: 1 }),
            topic: fc.string({ minLength: 1 }),
            value: fc.string({ minLength: 1 }),
            polarity: fc.constantFrom("positive", "negative"),
            action: fc.string(),
            reordered: fc.boolean(),
          }),
          { minLength: 1, maxLength: 20 },
        ),
        async (records) => {
          const lines = records.map(({ reordered, ...record }) =>
            JSON.stringify(reordered ? { action: record.action, ...keysOf(record) } : record),
          );
          const file = join(dir, "actions.jsonl");
          await writeFile(file, `${lines.join("\n")}\n`);
          const keys = await readJsonlItemKeys(file, actionKeySchema);
          expect(keys).toEqual(records.map(keysOf));
        },
      ),
      { numRuns: 50 },
    );
  });

  it("names file and line of a record without a valid polarity", async () => {
    const dir = await mkdtemp(join(tmpdir(), "valens-keys-"));
    const file = join(dir, "actions.jsonl");
    await writeFile(
      file,
      '{"country":"A","topic":"B","value":"C","polarity":"positive"}\n{"country":"A","topic":"B","value":"C","polarity":"neutral"}\n',
    );
    const error = await readJsonlItemKeys(file, actionKeySchema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).location).toEqual({ file, line: 2 });
  });
});
