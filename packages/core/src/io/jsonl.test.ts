import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readJsonl, readJsonlAll, readJsonlLines, streamedLines, writeJsonl } from "./jsonl.js";

const schema = z.object({ a: z.number() });

describe("readJsonl", () => {
  it("numbers lines across CRLF, blank lines and a missing final newline", async () => {
    const dir = await mkdtemp(join(tmpdir(), "valens-jsonl-"));
    const file = join(dir, "a.jsonl");
    await writeFile(file, '{"a": 1}\r\n\n{"a": 2}\n{"a": 3}');
    const lines = [];
    for await (const line of readJsonl(file, schema)) lines.push(line);
    expect(lines).toEqual([
      { value: { a: 1 }, line: 1 },
      { value: { a: 2 }, line: 3 },
      { value: { a: 3 }, line: 4 },
    ]);
    expect(await readJsonlLines(file, schema)).toEqual(lines);
    await writeFile(file, '{"a": 1}\n{"a": "x"}\n');
    await expect(readJsonlAll(file, schema)).rejects.toThrow("does not fit");
    await expect(readJsonlLines(file, schema)).rejects.toMatchObject({ location: { file, line: 2 } });
  });

  it("reads back what writeJsonl wrote, including multi-byte text across chunk edges", async () => {
    const dir = await mkdtemp(join(tmpdir(), "valens-jsonl-"));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ t: fc.string({ unit: "grapheme", maxLength: 40 }) }), { maxLength: 30 }),
        async (records) => {
          const file = join(dir, "round.jsonl");
          await writeJsonl(file, records);
          if (records.length === 0) return;
          expect(await readJsonlAll(file, z.object({ t: z.string() }))).toEqual(records);
        },
      ),
      { numRuns: 50 },
    );
    const big = Array.from({ length: 3000 }, (_, i) => ({ t: `é${"ü".repeat(i % 700)}` }));
    const file = join(dir, "big.jsonl");
    await writeJsonl(file, big);
    expect(await readJsonlAll(file, z.object({ t: z.string() }))).toEqual(big);
    // Files over 256 MB are streamed in 1 MB chunks: the same lines, multi-byte text across
    // chunk edges and a final line without newline included.
    await writeFile(file, `${(await readFile(file, "utf8")).replaceAll("\n", "\r\n")}{"t": "é"}`);
    const streamed = [];
    for await (const line of streamedLines(file)) streamed.push(JSON.parse(line));
    expect(streamed).toEqual([...big, { t: "é" }]);
  });
});

describe("writeJsonl", () => {
  it("rejects with an InputError naming the file when its directory does not exist", async () => {
    const dir = await mkdtemp(join(tmpdir(), "valens-jsonl-"));
    const file = join(dir, "missing", "out.jsonl");
    await expect(writeJsonl(file, [{ a: 1 }])).rejects.toThrow(/Cannot write the file: ENOENT/);
  });
});
