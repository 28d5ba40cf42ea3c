import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../errors/input-error.js";
import { UnknownNameError } from "../errors/unknown-name-error.js";
import { csvText, VIA_FIXTURE_ROWS, viaAnswer } from "../test/via-fixtures.js";
import { importVia, importViaToJsonl } from "./via.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "valens-released-"));
});
const file = async (name: string, text: string) => {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
};
const csv = csvText;
const answer = viaAnswer;
const viaRows = VIA_FIXTURE_ROWS;

describe("importVia", () => {
  it("turns every row into an action, normalising names and keeping unreadable answers", async () => {
    const via = await importVia(await file("via.csv", csv(viaRows)));
    expect(via.counts).toEqual({ rows: 4, clean: 2, repaired: 1, failed: 1, duplicates: 0 });
    expect(via.actions.map((a) => [a.value, a.polarity, a.action, a.parseStatus, a.sourceRow])).toEqual([
      ["Social Power", "positive", "I lead rallies", "clean", 0],
      ["Social Power", "negative", "I share power", "clean", 1],
      ["Wealth", "positive", "I invest", "repaired", 2],
      ["Wealth", "negative", null, "failed", 3],
    ]);
    expect(via.actions[2]?.country).toBe("United States");
    expect(via.actions[0]?.attributions).toEqual(["lead"]);
    expect(via.actions[3]?.raw).toContain("I'm sorry");
    expect(via.rows.map((r) => r.line)).toEqual([2, 3, 6, 7]);
  });

  it("tolerates key spelling variants", async () => {
    const raw = JSON.stringify({
      human_action: "I vote",
      "feature attributions": ["vote"],
      NaturalLanguageExplanation: "e",
    });
    const via = await importVia(
      await file(
        "keys.csv",
        csv([viaRows[0] as unknown[], [0, 0, "Egypt", "Religion", "Devout", "positive", raw]]),
      ),
    );
    expect(via.actions[0]).toMatchObject({ action: "I vote", attributions: ["vote"], explanation: "e" });
  });

  it("rejects conflicting duplicates naming both lines, merges exact ones", async () => {
    const exact = await importVia(await file("dup.csv", csv([...viaRows, viaRows[1] as unknown[]])));
    expect(exact.counts.duplicates).toBe(1);
    expect(exact.rows[4]?.action).toBe(0);
    const conflicting = [
      ...viaRows,
      [9, 9, "United States", "Politics", "Social Power", "positive", answer("I rule")],
    ];
    const path = await file("conflict.csv", csv(conflicting));
    const error = (await importVia(path).catch((e: unknown) => e)) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain("Conflicting duplicate items");
    expect(error.message).toContain("lines 2 and 8");
    expect(error.location).toEqual({ file: path, line: 8 });
    // An answer of the same length that differs in one letter is a conflict too.
    const sameLength = [
      ...viaRows,
      [9, 9, "United States", "Politics", "Social Power", "positive", answer("I lead ralliez")],
    ];
    const subtle = await file("conflict-same-length.csv", csv(sameLength));
    await expect(importVia(subtle)).rejects.toThrow("lines 2 and 8");
    await expect(importViaToJsonl(subtle, join(dir, "subtle.jsonl"))).rejects.toThrow("lines 2 and 8");
  });

  it("names the closest valid names for an unknown country, topic or value", async () => {
    const path = await file(
      "unknown.csv",
      csv([viaRows[0] as unknown[], [0, 0, "Germny", "Politics", "Wealth", "positive", "{}"]]),
    );
    const error = (await importVia(path).catch((e: unknown) => e)) as UnknownNameError;
    expect(error).toBeInstanceOf(UnknownNameError);
    expect(error.format()).toBe(
      `Unknown country "Germny" (${path}:2). Closest country names: "Germany", "Egypt", "France"`,
    );
    const badValue = await file(
      "value.csv",
      csv([viaRows[0] as unknown[], [0, 0, "Germany", "Politics", "Welth", "positive", "{}"]]),
    );
    await expect(importVia(badValue)).rejects.toThrow('Unknown value "Welth"');
    const badPolarity = await file(
      "pol.csv",
      csv([viaRows[0] as unknown[], [0, 0, "Germany", "Politics", "Wealth", "neutral", "{}"]]),
    );
    await expect(importVia(badPolarity)).rejects.toThrow('Unknown polarity "neutral"');
  });
});
