import { existsSync } from "node:fs";
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type MockServer, startMockServer } from "@valens/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scriptedStudy, writeStudyFiles } from "./helpers/scripted-study.js";
import { valens } from "./helpers/valens.js";

let dir: string;
let files: { dataset: string; persona: string };
let failing: MockServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "valens-eval-first-hour-"));
  files = await writeStudyFiles(dir, scriptedStudy());
  // Every model request answered with HTTP 500: the host is up, but no answer ever comes.
  failing = await startMockServer({ dataset: files.dataset, errorRate: 1 });
});
afterAll(async () => {
  await failing?.close();
});

/** A loopback port nothing listens on (bound, then released). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const env = () => ({ OPENAI_API_KEY: "sk-mock", VALENS_CACHE_DIR: join(dir, "cache") });

describe("valens eval in the first hour", () => {
  it("--dry-run needs no --out and writes nothing", async () => {
    const port = await deadPort();
    const result = await valens(
      ["eval", "--model", "openai:gpt-4o-mini", "--base-url", `http://127.0.0.1:${port}/v1`].concat([
        "--dataset",
        files.dataset,
        "--dry-run",
        "--progress",
        "off",
      ]),
      env(),
    );
    expect(result.stderr).toContain("requests to send:");
    expect(result.code).toBe(0);
  });

  it("without --dry-run, a missing --out is a usage error naming both ways out", async () => {
    const result = await valens(
      ["eval", "--model", "openai:gpt-4o-mini", "--dataset", files.dataset, "--progress", "off"],
      env(),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--out is missing.*--dry-run/);
  });

  it("a dead host fails at once with exit 6 (network) and leaves no run directory", async () => {
    const port = await deadPort();
    const out = join(dir, "runs", "dead");
    const result = await valens(
      ["eval", "--model", "openai:gpt-4o-mini", "--base-url", `http://127.0.0.1:${port}/v1`].concat([
        "--dataset",
        files.dataset,
        "--progress",
        "off",
        "--out",
        out,
      ]),
      env(),
    );
    expect(result.code).toBe(6);
    expect(result.stderr).toContain(`Cannot reach http://127.0.0.1:${port}/v1`);
    expect(result.stderr).toContain("ECONNREFUSED");
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(dir, "runs"))).toBe(false);
  });

  it("a host that answers no request leaves nothing behind (exit 3)", async () => {
    const config = join(dir, "one-attempt.json");
    await writeFile(config, JSON.stringify({ models: { "openai:gpt-4o-mini": { maxAttempts: 1 } } }));
    const out = join(dir, "runs-500", "none");
    const result = await valens(
      ["eval", "--model", "openai:gpt-4o-mini", "--base-url", failing.baseUrl, "--config", config].concat([
        "--dataset",
        files.dataset,
        "--progress",
        "off",
        "--tasks",
        "1",
        "--out",
        out,
      ]),
      env(),
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/No answer came from .* nothing was written/);
    expect(existsSync(out)).toBe(false);
    const parent = await readdir(join(dir, "runs-500")).catch(() => []);
    expect(parent).toEqual([]);
  });
});
