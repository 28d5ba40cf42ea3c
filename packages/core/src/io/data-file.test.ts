import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ValensError } from "../errors/valens-error.js";
import { readJsonOrYamlFile } from "./data-file.js";

describe("readJsonOrYamlFile", () => {
  it("reads JSON by extension and YAML otherwise", async () => {
    const dir = await mkdtemp(join(tmpdir(), "valens-data-file-"));
    await writeFile(join(dir, "a.json"), '{"values": [1]}');
    await writeFile(join(dir, "a.yaml"), "values:\n  - 2\n");
    expect(await readJsonOrYamlFile(join(dir, "a.json"), "catalog file")).toEqual({ values: [1] });
    expect(await readJsonOrYamlFile(join(dir, "a.yaml"), "catalog file")).toEqual({ values: [2] });
  });

  it("names the file, the line and the column of a syntax error", async () => {
    const dir = await mkdtemp(join(tmpdir(), "valens-data-file-"));
    const file = join(dir, "t.yaml");
    await writeFile(file, "a: [1,\n  b: }\n");
    const error = await readJsonOrYamlFile(file, "template file").catch((e: unknown) => e);
    expect(ValensError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^The template file is not valid JSON or YAML: .*\(column \d+\)/,
    );
    expect((error as ValensError).location).toMatchObject({ file, line: expect.any(Number) });
  });

  it("says a missing file cannot be read", async () => {
    await expect(readJsonOrYamlFile("/nonexistent/x.json", "catalog file")).rejects.toThrow(
      /^Cannot read the catalog file: ENOENT/,
    );
  });
});
