import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultCatalog, RUN_FILES, writeRun } from "@valens/core";
import { csvText, viaCsv } from "@valens/core/test";
import { beforeAll, describe, expect, it } from "vitest";
import { importReleased, importReleasedInto } from "./import-released.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "valens-import-into-"));
});
const file = async (name: string, text: string) => {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
};

const withoutTimes = (manifest: string) =>
  JSON.parse(manifest, (key, value) =>
    ["createdAt", "startedAt", "finishedAt", "durationMs"].includes(key) ? 0 : value,
  );

describe("importReleasedInto", () => {
  const t1Csv = csvText([
    ["country", "topic", "response", "prompt_index"],
    [
      defaultCatalog.countries[0],
      defaultCatalog.topics[0],
      JSON.stringify({ "Social Power": 2, Wealth: "4" }),
      0,
    ],
    [defaultCatalog.countries[0], defaultCatalog.topics[0], "I cannot rate values.", 1],
  ]);
  const log = Array.from({ length: 20 }, (_, i) =>
    JSON.stringify({ index: i, model_choice: (i % 2 === 0) === (Math.floor(i / 2) % 3 !== 0) }),
  )
    .join("\n")
    .concat("\n");

  it("writes the run directory importReleased and writeRun write", async () => {
    const options = {
      via: await file("via-run.csv", viaCsv(20)),
      t1: await file("t1-run.csv", t1Csv),
      t2Log: await file("log-run.jsonl", log),
      model: "m",
    };
    const inMemory = await importReleased(options);
    await writeRun(join(dir, "run-memory"), inMemory.run);
    const summary = await importReleasedInto(join(dir, "run-into"), options);
    for (const name of [RUN_FILES.actions, RUN_FILES.task1, RUN_FILES.task2]) {
      expect(await readFile(join(dir, "run-into", name), "utf8"), name).toBe(
        await readFile(join(dir, "run-memory", name), "utf8"),
      );
    }
    expect(withoutTimes(await readFile(join(dir, "run-into", RUN_FILES.manifest), "utf8"))).toEqual(
      withoutTimes(await readFile(join(dir, "run-memory", RUN_FILES.manifest), "utf8")),
    );
    expect(summary).toMatchObject({
      actions: inMemory.run.actions.length,
      via: inMemory.via,
      task1: inMemory.task1,
      task2: inMemory.task2,
    });
    await expect(importReleasedInto(join(dir, "run-into"), options)).rejects.toThrow("already exists");
  });

  it("leaves nothing behind when a file is bad, whichever reader fails", async () => {
    const parent = await mkdtemp(join(tmpdir(), "valens-import-fail-"));
    const badVia = await file("via-bad.csv", viaCsv(5).replace("Politics", "Polit1cs"));
    const goodVia = await file("via-good.csv", viaCsv(20));
    const t1 = await file("t1-fail.csv", t1Csv);
    const badT1 = await file("t1-bad.csv", t1Csv.replace(",0\n", ",9\n"));
    const cases = [
      { via: badVia, t1, message: /Unknown topic "Polit1cs"/ },
      { via: goodVia, t1: badT1, message: /Invalid prompt_index "9"/ },
      { via: goodVia, t1: join(dir, "missing.csv"), message: /does not exist/ },
    ];
    for (const { via, t1, message } of cases) {
      await expect(importReleasedInto(join(parent, "run"), { via, t1, model: "m" })).rejects.toThrow(message);
      expect(await readdir(parent)).toEqual([]);
    }
  });
});
