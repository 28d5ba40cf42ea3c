import { createHash } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sha256File } from "./run-dir.js";

describe("sha256File", () => {
  it("is the SHA-256 of the file's bytes, as hex", async () => {
    const dir = await mkdtemp(join(tmpdir(), "valens-sha-"));
    const bytes = Buffer.from(`é${"ü".repeat(100_000)}\n`, "utf8");
    await writeFile(join(dir, "f"), bytes);
    expect(await sha256File(join(dir, "f"))).toBe(createHash("sha256").update(bytes).digest("hex"));
    await expect(sha256File(join(dir, "missing"))).rejects.toThrow(/ENOENT/);
  });
});
