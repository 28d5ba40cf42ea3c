import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { actionRecordSchema, readJsonlAll } from "@valens/core";
import { hasSharedData, sharedDataPath } from "@valens/core/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadVia } from "./download.js";

const small = `,Unnamed: 0,country,topic,value,polarity,generation_prompt
0,0,India,Religion,Wealth,positive,"{""Human Action"": ""I save money."", ""Feature Attributions"": [""save money""], ""Natural Language Explanation"": ""Saving builds wealth.""}"
1,1,India,Religion,Wealth,negative,"{'Human Action': 'I give my savings away.', 'Feature Attributions': ['give my savings away'], 'Natural Language Explanation': 'Giving it away shows I do not care for wealth.'}"
`;
const smallSha = createHash("sha256").update(small).digest("hex");

let server: Server;
let base = "";
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/via.csv") res.writeHead(200, { "content-type": "text/csv" }).end(small);
    else res.writeHead(404).end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const tempDir = () => mkdtemp(join(tmpdir(), "valens-download-"));

describe("downloadVia over HTTP (loopback)", () => {
  it("downloads, verifies and converts a file whose checksum matches", async () => {
    const dir = await tempDir();
    const report = await downloadVia({ from: `${base}/via.csv`, to: join(dir, "data"), sha256: smallSha });
    const records = await readJsonlAll(report.file, actionRecordSchema);
    expect(records.map((r) => [r.polarity, r.action, r.parseStatus])).toEqual([
      ["positive", "I save money.", "clean"],
      ["negative", "I give my savings away.", "repaired"],
    ]);
    expect(JSON.parse(await readFile(report.manifestFile, "utf8"))).toMatchObject({
      kind: "valens-dataset",
      records: 2,
      source: { type: "via-download", url: `${base}/via.csv`, sha256: smallSha },
      parse: { clean: 1, repaired: 1, failed: 0 },
    });
    expect((await readdir(dir)).sort()).toEqual(["data"]);
  });

  it("refuses a wrong checksum and leaves nothing behind", async () => {
    const dir = await tempDir();
    await expect(downloadVia({ from: `${base}/via.csv`, to: join(dir, "data") })).rejects.toThrow(
      /Checksum mismatch: the VIA CSV has sha256 [0-9a-f]{64}, expected 892e5258/,
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it("reports HTTP failures clearly", async () => {
    const dir = await tempDir();
    await expect(
      downloadVia({ from: `${base}/missing.csv`, to: join(dir, "d"), sha256: smallSha }),
    ).rejects.toThrow(/HTTP 404/);
    expect(await readdir(dir)).toEqual([]);
  });

  it("names both offline routes when the network is down", async () => {
    const dir = await tempDir();
    const offline = (() => Promise.reject(new TypeError("fetch failed"))) as typeof fetch;
    const error = await downloadVia({ to: join(dir, "d"), fetchImpl: offline }).catch((e: unknown) => e);
    expect(String((error as Error).message)).toMatch(/Cannot download .*fetch failed/);
    const hint = String((error as { hint?: unknown }).hint);
    expect(hint).toContain("--from <file>");
    expect(hint).toContain("valens dataset generate");
    expect(hint).toContain("valens mock-server");
    expect(await readdir(dir)).toEqual([]);
  });
});

describe.runIf(hasSharedData(["via", "via_full.csv"]))("downloadVia --from the published VIA CSV", () => {
  it("converts all 14,784 rows, repairs what can be repaired and reports unpairable items", async () => {
    const dir = await tempDir();
    const report = await downloadVia({ from: sharedDataPath("via", "via_full.csv"), to: dir });
    const { manifest } = report;
    expect(manifest.records).toBe(14_784);
    expect(manifest.parse).toEqual({
      clean: 13_293,
      repaired: 1_430,
      failed: 61,
      repairs: {
        "not strict JSON": 1_427,
        "answer cut off before its closing brace": 2,
        "malformed JSON; fields recovered by their keys": 1,
      },
    });
    // The 61 refusals hold no JSON at all: each leaves its item unpairable, and says so.
    expect(manifest.unpairable).toHaveLength(61);
    expect(
      manifest.unpairable.every((u) => /could not be read \(no JSON object in the answer\)/.test(u.reason)),
    ).toBe(true);
    const records = await readJsonlAll(report.file, actionRecordSchema);
    const cut = records.filter((r) => r.parseNote === "answer cut off before its closing brace");
    expect(cut.map((r) => r.sourceRow)).toEqual([2048, 7768]);
    expect(cut[0]?.action).toMatch(/^I encourage my family members .* cooking unique recipes together\.$/);
    const salvaged = records.find((r) => r.sourceRow === 13_889);
    expect(salvaged).toMatchObject({
      parseStatus: "repaired",
      attributions: ["avoid participating", "show little interest in understanding others’ perspectives"],
    });
    expect(salvaged?.action).toMatch(/^I avoid participating .* on this topic\.$/);
    expect(salvaged?.explanation).toMatch(/lack of care or connection with others\.$/);
  });
});
