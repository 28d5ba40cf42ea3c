import { execFile, spawn } from "node:child_process";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createProgram } from "@valens/cli";
import { writeRun } from "@valens/core";
import { syntheticRun } from "@valens/report/test";
import type { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const valensBin = fileURLToPath(new URL("../apps/cli/bin/valens.js", import.meta.url));
const outDir = fileURLToPath(new URL("./out/cli-conventions", import.meta.url));
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts every ANSI colour sequence.
const ANSI = /\u001b\[/;

/** Every command and subcommand of the program, with its full name. */
function walk(command: Command, prefix: string[] = []): { name: string; command: Command }[] {
  return command.commands.flatMap((sub) => {
    const path = [...prefix, sub.name()];
    return [{ name: path.join(" "), command: sub }, ...walk(sub, path)];
  });
}

/** The help text as printed, including text added with addHelpText. */
function helpOf(command: Command): string {
  let text = "";
  command.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  command.outputHelp();
  return text;
}

/** Runs the binary without a terminal and returns its exit code and output. */
async function valens(args: string[], env: Record<string, string | undefined> = {}) {
  const merged: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: undefined,
    FORCE_COLOR: undefined,
    ...env,
  };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  try {
    const { stdout, stderr } = await run(process.execPath, [valensBin, ...args], {
      env: merged as NodeJS.ProcessEnv,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const commands = walk(await createProgram());

describe("every command", () => {
  it("exists (the walk found the commands)", () => {
    expect(commands.map((c) => c.name)).toEqual(expect.arrayContaining(["report", "reproduce"]));
  });

  it.each(commands.map((c) => [c.name, c.command] as const))(
    "%s has a description and an example",
    (_, command) => {
      expect(command.description().length).toBeGreaterThan(10);
      const help = helpOf(command);
      expect(help).toMatch(/Examples?:/);
      expect(help).toMatch(/\$ valens /);
    },
  );
});

describe("the valens binary", () => {
  beforeAll(async () => {
    await rm(outDir, { recursive: true, force: true });
    await mkdir(outDir, { recursive: true });
    await writeRun(join(outDir, "run"), syntheticRun({ countries: 2, topics: 2, values: 20 }));
  });
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it("prints its version and top-level help", async () => {
    const version = await valens(["--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = await valens(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("report");
    expect(help.stdout).toMatch(/Exit codes: 0 success.*\n.*5 a download failed/);
    expect(help.stdout).toContain("$ valens demo");
  });

  it("ends quietly when its output pipe closes early (valens ... | head)", async () => {
    const child = spawn(process.execPath, [valensBin, "eval", "--help"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(stderr).not.toMatch(/EPIPE|at /);
    expect(code).toBe(0);
  });

  it("writes no colour codes without a terminal, even in CI, and none with NO_COLOR", async () => {
    const args = ["report", join(outDir, "run"), "--out", join(outDir, "r.html"), "--bootstrap", "0"];
    const plain = await valens(args, { CI: "1" });
    expect(plain.code).toBe(0);
    expect(plain.stderr).toContain("wrote");
    expect(plain.stderr).not.toMatch(ANSI);
    const noColor = await valens(args, { NO_COLOR: "1", FORCE_COLOR: "1" });
    expect(noColor.stderr).not.toMatch(ANSI);
    // The check can fail: forcing colours does produce escapes.
    const forced = await valens(args, { FORCE_COLOR: "1" });
    expect(forced.stderr).toMatch(ANSI);
    const error = await valens(["report", join(outDir, "missing"), "--out", join(outDir, "x.html")], {
      CI: "1",
    });
    expect(error.code).toBe(2);
    expect(error.stderr).not.toMatch(ANSI);
  });

  it("keeps stdout clean JSON with --json", async () => {
    const result = await valens([
      "report",
      join(outDir, "run"),
      "--out",
      join(outDir, "j.html"),
      "--bootstrap",
      "0",
      "--json",
    ]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.format).toBe("html");
    expect(summary.models[0].headline.alignmentRate).toBeGreaterThan(0);
  });

  it("reports a usage error with exit code 2", async () => {
    const result = await valens(["report", join(outDir, "run"), "--out", "x.html", "--top", "many"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--top/);
  });
});
