import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
export const valensBin = fileURLToPath(new URL("../apps/cli/bin/valens.js", import.meta.url));

describe("valens binary", () => {
  it("prints its version", async () => {
    const { stdout } = await run(process.execPath, [valensBin, "--version"]);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("exits 2 on an unknown command", async () => {
    const error = await run(process.execPath, [valensBin, "no-such-command"]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 2 });
  });
});
