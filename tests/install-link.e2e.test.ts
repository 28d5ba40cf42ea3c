import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));

/** The environment of a shell outside npm: no npm_* variables, NO_COLOR for plain output. */
function plainEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: "1" };
  for (const [key, value] of Object.entries(process.env))
    if (!key.toLowerCase().startsWith("npm_") && value !== undefined) env[key] = value;
  return { ...env, ...extra };
}

describe("the README's install step from a clone", () => {
  it("`npm link -w @valens/cli` puts a working `valens` on the PATH, usable outside the repository", async () => {
    const readme = await readFile(join(root, "README.md"), "utf8");
    expect(readme).toContain("npm link -w @valens/cli");
    expect(readme).toContain("npm install -g @valens/cli");

    // A private global prefix, so the test never touches the machine's global packages.
    const prefix = await mkdtemp(join(tmpdir(), "valens-link-prefix-"));
    await exec("npm", ["link", "-w", "@valens/cli", "--offline", "--no-audit", "--no-fund"], {
      cwd: root,
      env: plainEnv({ npm_config_prefix: prefix }),
    });
    const bin = join(prefix, "bin", "valens");
    expect(existsSync(bin)).toBe(true);

    const elsewhere = await mkdtemp(join(tmpdir(), "valens-link-cwd-"));
    const env = plainEnv({ PATH: `${join(prefix, "bin")}:${process.env.PATH ?? ""}` });
    const version = await exec("valens", ["--version"], { cwd: elsewhere, env });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);

    // The demo's "Next:" lines name the command the user has: plain `valens` here.
    const demo = await exec(
      "valens",
      ["demo", "--countries", "1", "--topics", "1", "--task2-variants", "5", "--out", "demo-output"],
      { cwd: elsewhere, env },
    );
    const output = `${demo.stdout}${demo.stderr}`;
    expect(output).toMatch(/Next:\n {2}valens metrics demo-output\/runs\/mock-model-a\n/);
    expect(output).not.toContain("npx valens");
    expect(existsSync(join(elsewhere, "demo-output", "report.html"))).toBe(true);
  }, 120_000);
});
