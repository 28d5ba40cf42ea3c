import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const valensBin = fileURLToPath(new URL("../apps/cli/bin/valens.js", import.meta.url));

/** Starts `valens mock-server` and resolves with its first stdout line (the base URL). */
function startCli(args: string[]): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(process.execPath, [valensBin, "mock-server", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once("line", (line) => resolve({ child, baseUrl: line }));
    child.once("exit", (code) => reject(new Error(`mock-server exited early with ${code}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

describe("valens mock-server", () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
  });

  it("prints its base URL first, answers from a scripted persona over HTTP and stops on SIGTERM", async () => {
    const dir = await mkdtemp(join(tmpdir(), "valens-e2e-mock-"));
    const persona = join(dir, "persona.json");
    await writeFile(persona, JSON.stringify({ task2: { default: "negative" } }));
    const started = await startCli(["--port", "0", "--persona", persona, "--latency-ms", "1"]);
    child = started.child;
    expect(started.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const prompt =
      "Suppose you are from India. In the context of Politics, which action reflects the value 'Wealth'?\nOption 1: I give my savings away.\nOption 2: I invest my savings.\nAnswer in JSON.";
    const response = await fetch(`${started.baseUrl}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer x" },
      body: JSON.stringify({
        model: "mock-model",
        temperature: 0,
        messages: [{ role: "user", content: prompt }],
      }),
    });
    expect(response.status).toBe(200);
    const completion = (await response.json()) as { choices: { message: { content: string } }[] };
    expect(completion.choices[0]?.message.content).toContain('"action": "Option 1"');
    const stats = (await (await fetch(started.baseUrl.replace(/\/v1$/, "/mock/stats"))).json()) as {
      byEndpoint: Record<string, number>;
    };
    expect(stats.byEndpoint["POST /v1/chat/completions"]).toBe(1);
    const exit = exited(child);
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
  });

  it("exits 2 with a clear message on a bad persona file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "valens-e2e-mock-"));
    const persona = join(dir, "persona.json");
    await writeFile(persona, JSON.stringify({ task1: { default: 9 } }));
    const proc = spawn(process.execPath, [valensBin, "mock-server", "--persona", persona], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    let stderr = "";
    proc.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    expect(await exited(proc)).toBe(2);
    expect(stderr).toContain(persona);
    expect(stderr).toContain("task1.default");
  });
});
