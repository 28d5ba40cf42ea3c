import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ValensError } from "@valens/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exitCodeFor } from "../exit-codes.js";
import { type FileSource, obtainFile } from "./obtain-files.js";
import { type ReleasedFile, releasedManifest } from "./released-manifest.js";
import { selectModels } from "./reproduce.js";
import { digests } from "./verify.js";

const content = Buffer.from("country,topic,response,prompt_index\nIndia,Politics,{},0\n");
const blob = createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");
const file: ReleasedFile = {
  id: "x-t1",
  role: "t1",
  model: "x",
  path: "outputs/evaluation/x_t1.csv",
  url: "https://example.invalid/outputs/evaluation/x_t1.csv",
  local: "released/x_t1.csv",
  size: null,
  sha256: null,
  gitBlob: blob,
};

let dir: string;
let server: Server;
let base: string;
const hits: string[] = [];
let mode: "ok" | "corrupt" | "error" | "slow" = "ok";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "valens-obtain-"));
  server = createServer((request, response) => {
    hits.push(request.url ?? "");
    if (mode === "error") return void response.writeHead(404).end("not found");
    if (mode === "slow") return; // never answers: the timeout must fire
    response.writeHead(200).end(mode === "corrupt" ? Buffer.from("tampered") : content);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mirror/`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const download = (cacheDir: string, timeoutMs = 5000): FileSource => ({
  kind: "download",
  cacheDir,
  baseUrl: base,
  timeoutMs,
  retries: 0,
});

describe("obtainFile", () => {
  it("verifies the git blob id the same way git does", () => {
    // `printf 'hello\n' | git hash-object --stdin`
    expect(digests(Buffer.from("hello\n")).gitBlob).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
  });

  it("downloads from a mirror, verifies, caches, and reuses the cache", async () => {
    mode = "ok";
    hits.length = 0;
    const cacheDir = join(dir, "cache1");
    const first = await obtainFile(file, download(cacheDir));
    expect(first?.how).toBe("downloaded");
    expect(hits).toEqual(["/mirror/outputs/evaluation/x_t1.csv"]);
    expect(await readFile(join(cacheDir, file.local))).toEqual(content);
    const second = await obtainFile(file, download(cacheDir));
    expect(second?.how).toBe("cached");
    expect(hits).toHaveLength(1);
  });

  it("refuses a download that does not match the manifest and caches nothing (exit code 5)", async () => {
    mode = "corrupt";
    const cacheDir = join(dir, "cache2");
    const error = await obtainFile(file, download(cacheDir)).catch((e: unknown) => e);
    expect(ValensError.isInstance(error)).toBe(true);
    expect((error as ValensError).format()).toMatch(/does not match the manifest: git blob id/);
    expect(exitCodeFor(error)).toBe(5);
    await expect(readFile(join(cacheDir, file.local))).rejects.toThrow();
  });

  it("reports HTTP errors and timeouts clearly", async () => {
    mode = "error";
    await expect(obtainFile(file, download(join(dir, "cache3")))).rejects.toThrow(/HTTP 404/);
    mode = "slow";
    await expect(obtainFile(file, download(join(dir, "cache4"), 300))).rejects.toThrow(
      /no answer within 0.3 s/,
    );
  });

  it("uses local copies, returns null for a missing one, and rejects a corrupted one", async () => {
    const from = join(dir, "from");
    await mkdir(join(from, "released"), { recursive: true });
    expect(await obtainFile(file, { kind: "local", dir: from })).toBeNull();
    await writeFile(join(from, file.local), content);
    expect((await obtainFile(file, { kind: "local", dir: from }))?.how).toBe("local");
    await writeFile(join(from, file.local), Buffer.concat([content, Buffer.from("x")]));
    await expect(obtainFile(file, { kind: "local", dir: from })).rejects.toThrow(/not the published file/);
  });
});

describe("the released manifest", () => {
  it("names six default models, Claude Sonnet 4 with its task-2 log first", () => {
    const models = selectModels(releasedManifest, null);
    expect(models.map((m) => m.name)).toEqual([
      "claude-sonnet-4",
      "gpt-4o-mini",
      "gpt-4o",
      "gpt-3.5-turbo",
      "gemma-2-9b-it",
      "llama-3.3-70b-instruct",
    ]);
    expect(models[0]?.t2[0]).toBe("claude-sonnet-4-t2-log");
    for (const f of releasedManifest.files) expect(f.url).toContain(releasedManifest.commit);
  });

  it("suggests the closest model name for an unknown one", () => {
    expect(() => selectModels(releasedManifest, ["gpt4o"])).toThrow(/Unknown released model "gpt4o"/);
    expect(selectModels(releasedManifest, ["GPT-4o"]).map((m) => m.name)).toEqual(["gpt-4o"]);
  });
});
