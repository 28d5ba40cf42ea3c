import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasSharedData, sharedDataPath } from "@valens/core/test";
import { beforeAll, describe, expect, it } from "vitest";
import { valens } from "./helpers/valens.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "valens-e2e-misaligned-"));
});

const lists = hasSharedData(
  ["via", "via_full.csv"],
  ["released", "gemma-2-9b-it_t1.csv"],
  ["released", "llama-3.3-70b-instruct_t1.csv"],
  ["released", "misaligned", "gemma_misaligned_example.csv"],
  ["released", "misaligned", "llama3_misaligned_example.csv"],
);

describe.skipIf(!lists)("valens import released --misaligned on the authors' lists", () => {
  it.each([
    ["gemma-2-9b-it", "gemma", 1085],
    ["llama-3.3-70b-instruct", "llama3", 1002],
  ])(
    "reconstructs %s's task 2: every listed item misaligned, the rest aligned",
    async (model, list, count) => {
      const out = join(dir, model);
      const imported = await valens([
        "import",
        "released",
        "--via",
        sharedDataPath("via", "via_full.csv"),
        "--t1",
        sharedDataPath("released", `${model}_t1.csv`),
        "--misaligned",
        sharedDataPath("released", "misaligned", `${list}_misaligned_example.csv`),
        "--model",
        model,
        "--out",
        out,
      ]);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toContain(
        `7,329 choices reconstructed from the misaligned-item list (${count.toLocaleString("en-US")} misaligned)`,
      );
      expect(imported.stderr).toContain("Task 2 is reconstructed");
      const manifest = JSON.parse(await readFile(join(out, "manifest.json"), "utf8"));
      expect(manifest.tasks.task2.reconstructed).toMatchObject({
        from: "misaligned-list",
        items: 7329,
        misaligned: count,
      });

      const metrics = await valens(["metrics", out, "--json"]);
      expect(metrics.code, metrics.stderr).toBe(0);
      const report = JSON.parse(metrics.stdout);
      expect(report.items).toBe(7329);
      expect(report.misalignment.misaligned).toBe(count);
    },
  );
});
