import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, symlink } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { valensBin } from "./helpers/valens.js";

const exec = promisify(execFile);
const readmePath = fileURLToPath(new URL("../README.md", import.meta.url));

/** The shell block after the README's `quick-start-offline` marker, as a user would paste it. */
export function offlineQuickStart(readme: string): string {
  const marker = readme.indexOf("<!-- quick-start-offline");
  if (marker < 0) throw new Error("README.md has no quick-start-offline marker");
  const start = readme.indexOf("```sh\n", marker) + "```sh\n".length;
  return readme.slice(start, readme.indexOf("```", start));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("the README's offline quick start", () => {
  it("runs as written in a clean directory and ends in a report", async () => {
    const script = offlineQuickStart(await readFile(readmePath, "utf8"));
    expect(script).toContain("valens eval");
    expect(script).toContain("--dry-run");
    // The README's fixed port, swapped for a free one so parallel tests cannot collide.
    const port = await freePort();
    const body = script.replaceAll("8787", String(port));
    const dir = await mkdtemp(join(tmpdir(), "valens-readme-"));
    const bin = join(dir, ".bin");
    await mkdir(bin);
    await symlink(valensBin, join(bin, "valens"));
    const work = join(dir, "work");
    await mkdir(work);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${bin}:${process.env.PATH ?? ""}`,
      NO_COLOR: "1",
    };
    for (const key of ["OPENAI_BASE_URL", "OPENAI_API_KEY", "VALENS_CACHE_DIR"]) delete env[key];
    const { stdout, stderr } = await exec("bash", ["-e", "-c", body], { cwd: work, env });
    const output = stdout + stderr;
    expect(output).toContain("wrote data/via.jsonl");
    expect(output).toContain("requests to send:");
    expect(output).toMatch(/Alignment rate/);
    expect(existsSync(join(work, "report.html"))).toBe(true);
    expect(existsSync(join(work, "runs", "gpt-4o-mini", "manifest.json"))).toBe(true);
    // --dry-run wrote nothing of its own: the only run is the one --out named.
    expect(await readdir(join(work, "runs"))).toEqual(["gpt-4o-mini"]);
    const html = await readFile(join(work, "report.html"), "utf8");
    expect(html).toContain("gpt-4o-mini");
  }, 180_000);
});
