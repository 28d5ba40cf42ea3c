import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jsonrepair } from "jsonrepair";
import { describe, expect, it } from "vitest";
import { readCsv } from "../io/csv.js";
import { writeJsonl } from "../io/jsonl.js";
import { parseOption } from "../parse/answer-fields.js";
import { parseLlmAnswer } from "../parse/parse-llm-answer.js";
import { pythonLiteralToJson } from "../parse/python-literal.js";
import { REVERSED_VARIANTS } from "../schemas/variant-order.js";
import { hasSharedData, sharedDataPath } from "../test/shared-data.js";
import { importVia, importViaToJsonl, type ViaImport } from "./via.js";

const present = hasSharedData(["via", "via_full.csv"], ["replications", "qwen3-32b_t2_raw.csv"]);

describe.skipIf(!present)("the study's VIA file", () => {
  let viaImport: Promise<ViaImport> | undefined;
  const loadVia = () => {
    viaImport ??= importVia(sharedDataPath("via", "via_full.csv"));
    return viaImport;
  };

  it("imports every VIA row; refusals are kept and counted", async () => {
    const via = await loadVia();
    expect(via.counts).toEqual({ rows: 14784, clean: 13293, repaired: 1430, failed: 61, duplicates: 0 });
    expect(via.actions.filter((a) => a.parseStatus === "failed").every((a) => a.raw.length > 0)).toBe(true);
  });

  it("reads the Python-dict answers as the repairer does", async () => {
    let read = 0;
    for (const action of (await loadVia()).actions) {
      if (action.parseStatus !== "repaired") continue;
      const text = action.raw.slice(action.raw.indexOf("{"), action.raw.lastIndexOf("}") + 1);
      const literal = pythonLiteralToJson(text);
      if (literal === undefined) continue;
      read++;
      expect(JSON.parse(literal), `VIA row ${action.sourceRow}`).toEqual(JSON.parse(jsonrepair(text)));
    }
    // Nearly all of the study's repaired answers are Python dicts (1,430 in all).
    expect(read).toBeGreaterThan(1300);
  });

  it("writes the same actions file streaming as from memory", async () => {
    const dir = await mkdtemp(join(tmpdir(), "valens-via-"));
    const via = await loadVia();
    await writeJsonl(join(dir, "memory.jsonl"), via.actions);
    const written = await importViaToJsonl(
      sharedDataPath("via", "via_full.csv"),
      join(dir, "streamed.jsonl"),
    );
    expect(written.counts).toEqual(via.counts);
    const [fromMemory, streamed] = await Promise.all([
      readFile(join(dir, "memory.jsonl")),
      readFile(join(dir, "streamed.jsonl")),
    ]);
    expect(streamed.equals(fromMemory)).toBe(true);
    await rm(dir, { recursive: true, force: true });
  });

  it("agrees with an independent replication on reversed variants and on reading answers", async () => {
    const file = sharedDataPath("replications", "qwen3-32b_t2_raw.csv");
    let rows = 0;
    for await (const { cells } of readCsv(file)) {
      rows++;
      expect(REVERSED_VARIANTS.has(Number(cells.prompt_index))).toBe(cells.reverse_order === "True");
      const parsed = parseLlmAnswer(cells.raw_response ?? "");
      expect(parsed.ok && parseOption(parsed.value.action)).toBe(parseOption(cells.parsed_action));
    }
    expect(rows).toBe(432);
  });
});
