import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { hasSharedData, sharedDataPath } from "@valens/core/test";
import { beforeAll, describe, expect, it } from "vitest";

const valensBin = fileURLToPath(new URL("../apps/cli/bin/valens.js", import.meta.url));
const exec = promisify(execFile);

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function valens(...args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [valensBin, ...args], {
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: "1" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "valens-e2e-import-"));
});

const claude = hasSharedData(
  ["via", "via_full.csv"],
  ["released", "claude-sonnet-4_t1.csv"],
  ["released", "claude-sonnet-4_t2_log.jsonl"],
  ["released", "gpt-4o_t1.csv"],
);

describe.skipIf(!claude)("valens import released + valens metrics on the study's files", () => {
  it("reproduces the Claude figures through the binary, and keeps the JSON contract", async () => {
    const out = join(dir, "claude");
    const imported = await valens(
      "import",
      "released",
      "--via",
      sharedDataPath("via", "via_full.csv"),
      "--t1",
      sharedDataPath("released", "claude-sonnet-4_t1.csv"),
      "--t2-log",
      sharedDataPath("released", "claude-sonnet-4_t2_log.jsonl"),
      "--model",
      "claude-sonnet-4",
      "--out",
      out,
    );
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain("13,293 clean, 1,430 repaired, 61 unreadable");
    const manifest = JSON.parse(await readFile(join(out, "manifest.json"), "utf8"));
    expect(manifest).toMatchObject({
      kind: "valens-run",
      source: { type: "import-released" },
      model: { name: "claude-sonnet-4" },
    });
    expect(Object.keys(manifest.source.files).sort()).toEqual(["t1", "t2-log", "via"]);

    const metrics = await valens("metrics", out, "--json");
    expect(metrics.code, metrics.stderr).toBe(0);
    const report = JSON.parse(metrics.stdout);
    expect(report.items).toBe(7329);
    expect(report.alignmentRate.f1.toFixed(3)).toBe("0.912");
    expect(report.alignmentRate.ci95).toHaveLength(2);
    expect(Object.keys(report.alignmentRate.byCountry)).toHaveLength(12);
    expect(Object.keys(report.alignmentRate.byTopic)).toHaveLength(11);
    expect(report.misalignment).toMatchObject({ agreeDisagree: 199, disagreeAgree: 908, misaligned: 1107 });
    expect(report.misalignment.share.toFixed(3)).toBe("0.151");
    expect(report.coverage.task1).toMatchObject({ records: 1056, failed: 3 });
    expect(report.coverage.task2).toMatchObject({ answered: 7329 });
    expect(Object.keys(report.distance.byCountry)).toHaveLength(12);
    expect(Object.keys(report.distance.byTopic)).toHaveLength(11);
    expect(report.ranking.byCountry["United States"]).toHaveLength(56);
    expect(report.alignmentRate.study.overall.toFixed(3)).toBe("0.407");
    expect(report.alignmentRate.study.ci95).toHaveLength(2);
    expect(Object.keys(report.alignmentRate.study.byValue)).toHaveLength(56);
    expect(report.alignmentRate.macroF1.overall).toBeGreaterThan(0.407);
    expect(report.alignmentRate.kappa.overall).toBeGreaterThan(0);
    expect(report.distanceStudy.byCountry["United States"].toFixed(3)).toBe("0.208");
    expect(report.distanceStudy.countryRanking).toHaveLength(12);
    expect(report.definitions["alignmentRate.study"]).toContain("disagree");

    const table = await valens("metrics", out);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/alignment rate \(study: F1 of disagree\)\s+0\.407/);
    expect(table.stdout).toMatch(/F1 of agree.*\s+0\.912/);
    // The study's definition comes first.
    expect(table.stdout.indexOf("F1 of disagree")).toBeLessThan(table.stdout.indexOf("F1 of agree"));
    expect(table.stdout).toContain("misaligned 1,107 = 199 + 908");

    const again = await valens(
      "import",
      "released",
      "--t1",
      sharedDataPath("released", "claude-sonnet-4_t1.csv"),
      "--model",
      "c",
      "--out",
      out,
    );
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("already exists");
    expect(again.stderr).toContain("--force");
    const forced = await valens(
      "import",
      "released",
      "--t1",
      sharedDataPath("released", "claude-sonnet-4_t1.csv"),
      "--model",
      "c",
      "--out",
      out,
      "--force",
    );
    expect(forced.code, forced.stderr).toBe(0);
  });

  it("a task-1-only run reports stated inclinations and says alignment needs Task 2", async () => {
    const out = join(dir, "gpt-4o");
    const imported = await valens(
      "import",
      "released",
      "--t1",
      sharedDataPath("released", "gpt-4o_t1.csv"),
      "--model",
      "gpt-4o",
      "--out",
      out,
    );
    expect(imported.code, imported.stderr).toBe(0);
    const metrics = await valens("metrics", out, "--json");
    expect(metrics.code).toBe(0);
    const report = JSON.parse(metrics.stdout);
    expect(report).toMatchObject({ alignmentRate: null, misalignment: null, distance: null, ranking: null });
    expect(report.coverage.task2).toBeNull();
    expect(report.coverage.task1).toMatchObject({ records: 872, failed: 5 });
    expect(report.notes.join(" ")).toContain("need Task 2");
    expect(Object.keys(report.inclination.byValue)).toHaveLength(56);
    const table = await valens("metrics", out);
    expect(table.stdout).toContain("Stated inclinations");
    expect(table.stdout).toContain("need Task 2");
  });
});

describe("bad input: exit 2, a message naming file, line or column, no stack trace", () => {
  const write = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };
  const t1Header = "country,topic,response,prompt_index\n";
  const t1Row = 'Egypt,Religion,"{""Devout"": ""1""}",0\n';
  const viaHeader = ",Unnamed: 0,country,topic,value,polarity,generation_prompt\n";
  const viaRow = (i: number, country: string, value: string, polarity: string, action: string) =>
    `${i},${i},${country},Religion,${value},${polarity},"{""Human Action"": ""${action}""}"\n`;

  const expectInputError = (result: Result, ...fragments: string[]) => {
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^valens: error: /);
    for (const fragment of fragments) expect(result.stderr).toContain(fragment);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  };
  const importT1 = async (t1: string, ...more: string[]) =>
    valens(
      "import",
      "released",
      "--t1",
      t1,
      "--model",
      "m",
      "--out",
      join(dir, `out-${Math.random()}`),
      ...more,
    );

  it("missing and empty files", async () => {
    const missing = join(dir, "nope.csv");
    expectInputError(await importT1(missing), "does not exist", missing);
    const empty = await write("empty.csv", "");
    expectInputError(await importT1(empty), "is empty", empty);
    expectInputError(await valens("metrics", join(dir, "no-run")), "does not exist");
  });

  it("wrong columns name the file and the expected and found columns", async () => {
    const file = await write("cols.csv", "country,topic,answer,prompt_index\nEgypt,Religion,{},0\n");
    expectInputError(
      await importT1(file),
      `${file}:1`,
      '"response"',
      'Expected columns "country", "topic", "response", "prompt_index"',
      'found "country", "topic", "answer", "prompt_index"',
    );
  });

  it("a malformed CSV line names file and line", async () => {
    const file = await write("malformed.csv", `${t1Header}${t1Row}Egypt,Religion,"{oops,0\n`);
    expectInputError(await importT1(file), "Malformed CSV", `${file}:3`);
  });

  it("an unknown country suggests the closest names", async () => {
    const file = await write("country.csv", `${t1Header}${t1Row}Egyptt,Religion,{},0\n`);
    expectInputError(
      await importT1(file),
      'Unknown country "Egyptt"',
      `${file}:3`,
      'Closest country names: "Egypt"',
    );
  });

  it("a log index outside the VIA file names the log and line", async () => {
    const via = await write(
      "via.csv",
      viaHeader +
        viaRow(0, "Egypt", "Devout", "positive", "I pray") +
        viaRow(1, "Egypt", "Devout", "negative", "I skip"),
    );
    const t1 = await write("t1.csv", t1Header + t1Row);
    const log = await write(
      "log.jsonl",
      '{"index": 0, "model_choice": true, "prompt_index": "5"}\n{"index": 2, "model_choice": false, "prompt_index": "5"}\n',
    );
    expectInputError(
      await importT1(t1, "--via", via, "--t2-log", log),
      "VIA row 2, outside the VIA file",
      `${log}:2`,
    );
  });

  it("conflicting duplicate items name both lines", async () => {
    const via = await write(
      "dup.csv",
      viaHeader +
        viaRow(0, "Egypt", "Devout", "positive", "I pray") +
        viaRow(1, "Egypt", "Devout", "positive", "I fast"),
    );
    const t1 = await write("t1b.csv", t1Header + t1Row);
    expectInputError(
      await importT1(t1, "--via", via),
      "Conflicting duplicate items",
      "lines 2 and 3",
      `${via}:3`,
    );
  });

  it("bad options are usage errors", async () => {
    const t1 = await write("t1c.csv", t1Header + t1Row);
    const out = join(dir, "run-opts");
    expect((await valens("import", "released", "--t1", t1, "--model", "m", "--out", out)).code).toBe(0);
    const bad = await valens("metrics", out, "--missing", "sometimes");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("sometimes");
    expect((await valens("metrics", out, "--bootstrap", "-3")).code).toBe(2);
  });
});
