import { execFile } from "node:child_process";
import { createReadStream, existsSync } from "node:fs";
import { readdir, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { hasSharedData, sharedDir } from "@valens/core/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const valensBin = fileURLToPath(new URL("../apps/cli/bin/valens.js", import.meta.url));
const outDir = fileURLToPath(new URL("./out/reproduce-download", import.meta.url));
const manifest = JSON.parse(
  await readFile(fileURLToPath(new URL("../datasets/released-manifest.json", import.meta.url)), "utf8"),
) as { files: { path: string; local: string }[] };

const haveData = hasSharedData(
  ["via", "via_full.csv"],
  ["released", "claude-sonnet-4_t1.csv"],
  ["released", "claude-sonnet-4_t2_log.jsonl"],
);

async function valens(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [valensBin, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/**
 * The download path end to end, against a mirror on loopback that serves the shared data under
 * the authors' repository paths (404 for files the shared data does not have).
 */
describe.skipIf(!haveData)("valens reproduce, downloading from a mirror", () => {
  let server: Server;
  let mirror: string;
  const requested: string[] = [];

  beforeAll(async () => {
    await rm(outDir, { recursive: true, force: true });
    const byPath = new Map(manifest.files.map((f) => [`/${f.path}`, join(sharedDir(), "data", f.local)]));
    server = createServer((request, response) => {
      const url = new URL(request.url ?? "/", "http://mirror");
      requested.push(url.pathname);
      const file = byPath.get(url.pathname);
      if (!file || !existsSync(file)) return void response.writeHead(404).end("not found");
      response.writeHead(200, { "content-type": "text/plain" });
      createReadStream(file).pipe(response);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(outDir, { recursive: true, force: true });
  });

  it("downloads, verifies and caches the files, then imports and reports", async () => {
    const cache = join(outDir, "cache");
    const args = ["reproduce", "--models", "claude-sonnet-4", "--mirror", mirror, "--cache-dir", cache];
    const first = await valens([...args, "--out", join(outDir, "a"), "--bootstrap", "0", "--json"]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary.files.map((f: { how: string }) => f.how)).toEqual([
      "downloaded",
      "downloaded",
      "downloaded",
    ]);
    expect(requested.sort()).toEqual([
      "/outputs/data_release/value_action_gap_full_data_generation.csv",
      "/outputs/evaluation/anthropic-claude-sonnet-4-20250514_t1.csv",
      "/outputs/evaluation/eval_log_20250628_154645.jsonl",
    ]);
    const data = JSON.parse(await readFile(summary.json, "utf8"));
    expect(data.models[0].headline.misaligned).toBe(1107);
    // A second run uses the verified cache and asks the mirror for nothing.
    requested.length = 0;
    const second = await valens([...args, "--out", join(outDir, "b"), "--bootstrap", "0", "--json"]);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).files.map((f: { how: string }) => f.how)).toEqual([
      "cached",
      "cached",
      "cached",
    ]);
    expect(requested).toEqual([]);
  });

  it("fails with exit code 5 and writes no report when a file cannot be downloaded", async () => {
    const out = join(outDir, "missing");
    const result = await valens([
      "reproduce",
      "--models",
      "qwen-qwq-32b",
      "--mirror",
      mirror,
      "--cache-dir",
      join(outDir, "cache"),
      "--timeout",
      "10",
      "--out",
      out,
    ]);
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/valens: error: Cannot download .*qwen-qwq-32b_t1\.csv: HTTP 404/);
    expect(existsSync(join(out, "report.html"))).toBe(false);
    const left = existsSync(out) ? await readdir(out) : [];
    expect(left.filter((name) => name.includes(".tmp-"))).toEqual([]);
  });
});
