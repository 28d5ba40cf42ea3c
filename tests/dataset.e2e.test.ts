import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { actionRecordSchema, readJsonlAll } from "@valens/core";
import { hasSharedData, sharedDataPath } from "@valens/core/test";
import { type MockServer, startMockServer } from "@valens/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { valens } from "./helpers/valens.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "valens-dataset-e2e-"));
});

describe.runIf(hasSharedData(["via", "via_full.csv"]))(
  "valens dataset download --from the published VIA CSV",
  () => {
    it("writes 14,784 records with their parse status and reports unpairable items", async () => {
      const to = join(dir, "data");
      const result = await valens([
        "dataset",
        "download",
        "--from",
        sharedDataPath("via", "via_full.csv"),
        "--to",
        to,
        "--json",
      ]);
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout);
      expect(report.records).toBe(14_784);
      expect(report.parse).toMatchObject({ clean: 13_293, repaired: 1_430, failed: 61 });
      expect(report.parse.repairs["answer cut off before its closing brace"]).toBe(2);
      expect(report.unpairable).toHaveLength(61);
      const records = await readJsonlAll(join(to, "via.jsonl"), actionRecordSchema);
      expect(records).toHaveLength(14_784);
      expect(records.filter((r) => r.parseStatus === "failed")).toHaveLength(61);

      const validate = await valens(["dataset", "validate", join(to, "via.jsonl"), "--json"]);
      expect(validate.code).toBe(2); // 61 unreadable records are problems: validate says so in its exit code
      const check = JSON.parse(validate.stdout);
      expect(check.records).toBe(14_784);
      expect(check.counts).toMatchObject({
        schema: 0,
        unparsed: 61,
        "missing-polarity": 0,
        "same-as-other-polarity": 0,
      });
    });

    it("refuses a wrong checksum and leaves nothing behind", async () => {
      const to = join(dir, "bad");
      const result = await valens([
        "dataset",
        "download",
        "--from",
        sharedDataPath("via", "via_full.csv"),
        "--to",
        to,
        "--sha256",
        createHash("sha256").update("something else").digest("hex"),
      ]);
      expect(result.code).toBe(5); // a file that does not verify is a failed download (README exit codes)
      expect(result.stderr).toMatch(/valens: error: Checksum mismatch: the VIA CSV has sha256 892e5258/);
      expect((await readdir(dir)).filter((n) => n.includes("bad"))).toEqual([]);
    });
  },
);

describe("valens dataset generate against the mock", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({});
  });
  afterAll(async () => {
    await mock?.close();
  });

  it("generates both polarities per item, validates them and resumes from the store", async () => {
    const out = join(dir, "gen", "india.jsonl");
    const args = [
      "dataset",
      "generate",
      "--model",
      "openai:gpt-4o",
      "--base-url",
      mock.baseUrl,
      "--countries",
      "India",
      "--topics",
      "Religion,Politics",
      "--values",
      "Wealth,Equality,Freedom",
      "--progress",
      "off",
      "--out",
      out,
    ];
    const env = { OPENAI_API_KEY: "sk-mock", VALENS_CACHE_DIR: join(dir, "gen-cache") };
    const first = await valens(args, env);
    expect(first.stderr).not.toMatch(/error/);
    expect(first.code).toBe(0);
    expect(mock.stats().byPromptKind).toEqual({ generation: 12 });
    const records = await readJsonlAll(out, actionRecordSchema);
    expect(records).toHaveLength(12);
    expect(
      records.every((r) => r.parseStatus !== "failed" && r.variant === 5 && r.generator === "gpt-4o"),
    ).toBe(true);
    const manifest = JSON.parse(await readFile(join(dir, "gen", "india.manifest.json"), "utf8"));
    expect(manifest).toMatchObject({
      kind: "valens-dataset",
      records: 12,
      source: { type: "generated", model: "openai:gpt-4o", variant: 5 },
    });

    const validate = await valens(["dataset", "validate", out, "--json"]);
    const report = JSON.parse(validate.stdout);
    expect(report.counts).toMatchObject({
      schema: 0,
      unparsed: 0,
      "missing-polarity": 0,
      "same-as-other-polarity": 0,
    });

    mock.resetStats();
    const again = await valens(args, env);
    expect(again.code).toBe(0);
    expect(mock.stats().byEndpoint["POST /v1/chat/completions"] ?? 0).toBe(0);
    expect(await readJsonlAll(out, actionRecordSchema)).toEqual(records);
  });
});
