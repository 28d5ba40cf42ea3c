import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createModelClient } from "@valens/llm";
import { type MockServer, startMockServer } from "@valens/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const valensBin = fileURLToPath(new URL("../apps/cli/bin/valens.js", import.meta.url));

async function valens(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [valensBin, ...args], {
      env: { ...process.env, NO_COLOR: "1" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

interface Listing {
  groups: { model: string; entries: number }[];
}

const entriesByModel = async (store: string): Promise<Record<string, number>> => {
  const { code, stdout } = await valens(["cache", "ls", "--store", store, "--json"]);
  expect(code).toBe(0);
  return Object.fromEntries((JSON.parse(stdout) as Listing).groups.map((g) => [g.model, g.entries]));
};

describe("valens cache", () => {
  let mock: MockServer;
  let store: string;

  beforeAll(async () => {
    mock = await startMockServer({});
    store = join(await mkdtemp(join(tmpdir(), "valens-cache-")), "store.sqlite");
    for (const [model, n] of [
      ["gpt-4o-mini", 3],
      ["gpt-4o", 2],
    ] as const) {
      const client = createModelClient(`openai:${model}`, {
        baseUrl: mock.baseUrl,
        apiKey: "sk-cache-test",
        config: {},
        storePath: store,
      });
      const jobs = Array.from({ length: n }, (_, i) => ({
        id: `${model}-${i}`,
        messages: [{ role: "user" as const, content: `question ${i}` }],
        meta: i,
      }));
      await client.run(jobs);
      await client.close();
    }
  });
  afterAll(() => mock.close());

  it("lists cached answers per model", async () => {
    expect(await entriesByModel(store)).toEqual({ "gpt-4o-mini": 3, "gpt-4o": 2 });
    const table = await valens(["cache", "ls", "--store", store]);
    expect(table.stdout).toMatch(/gpt-4o-mini\s+\S+\s+3\b/);
  });

  it("prunes one model and refuses to clear without confirmation", async () => {
    expect((await valens(["cache", "prune", "--model", "gpt-4o", "--store", store])).code).toBe(0);
    expect(await entriesByModel(store)).toEqual({ "gpt-4o-mini": 3 });

    const refused = await valens(["cache", "clear", "--store", store]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--yes/);
    expect(await entriesByModel(store)).toEqual({ "gpt-4o-mini": 3 });

    expect((await valens(["cache", "clear", "--yes", "--store", store])).code).toBe(0);
    expect(await entriesByModel(store)).toEqual({});
  });

  it("rejects a bad --older-than", async () => {
    const result = await valens(["cache", "prune", "--older-than", "soon", "--store", store]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--older-than/);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
