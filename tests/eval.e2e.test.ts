import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readRun } from "@valens/core";
import { computeMetrics } from "@valens/metrics";
import { type MockServer, startMockServer } from "@valens/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ScriptedStudy, scriptedStudy, writeStudyFiles } from "./helpers/scripted-study.js";
import { valens } from "./helpers/valens.js";

let mock: MockServer;
let dir: string;
let study: ScriptedStudy;
let files: { dataset: string; persona: string };
// Each test gets its own response store unless it means to share one.
const env = (cache: string) => ({ OPENAI_API_KEY: "sk-mock", VALENS_CACHE_DIR: join(dir, `cache-${cache}`) });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "valens-eval-e2e-"));
  study = scriptedStudy();
  files = await writeStudyFiles(dir, study);
  // The mock must read the same dataset as the eval: it finds the positive option by its text.
  mock = await startMockServer({ persona: files.persona, dataset: files.dataset });
});
afterAll(async () => {
  await mock?.close();
});

const evalArgs = (variants: string, out: string) => [
  "eval",
  "--model",
  "openai:mock-model",
  "--base-url",
  mock.baseUrl,
  "--dataset",
  files.dataset,
  "--variants",
  variants,
  "--progress",
  "off",
  "--out",
  out,
];

/** The measures a run and the script must agree on. */
function measures(report: ReturnType<typeof computeMetrics>) {
  return {
    items: report.items,
    inclination: report.inclination,
    alignmentRate: report.alignmentRate,
    misalignment: report.misalignment,
    distance: report.distance,
    ranking: report.ranking,
  };
}

describe.each([
  ["single variant (5)", "5", [5]],
  ["all eight variants, reversed order included", "0-7", [0, 1, 2, 3, 4, 5, 6, 7]],
])("valens eval against a scripted persona: %s", (_, spec, variants) => {
  it("gives the same metrics as the script itself", async () => {
    mock.resetStats();
    const out = join(dir, `run-${variants.length}`);
    const result = await valens(evalArgs(spec as string, out), env(`v${variants.length}`));
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    const scenarios = study.countries.length * study.topics.length;
    const items = scenarios * study.values.length;
    const stats = mock.stats();
    expect(stats.byPromptKind).toEqual({
      task1: scenarios * variants.length,
      task2: items * variants.length,
    });

    const run = await readRun(out);
    expect(run.manifest.tasks.task2).toMatchObject({ variants, records: items * variants.length, failed: 0 });
    expect(run.manifest.tasks.task1).toMatchObject({ records: scenarios * variants.length, failed: 0 });
    expect(run.manifest.model.ref).toBe("openai:mock-model");
    expect(run.manifest.dataset?.records).toBe(study.actions.length);
    expect(run.manifest.parameters).toMatchObject({ temperature: 0.2 });

    const expected = study.expected(variants as number[]);
    // Every record maps back to the polarity the persona chose, whatever the option order.
    const chosen = new Map(
      expected.task2.map((r) => [`${r.country}|${r.topic}|${r.value}|${r.variant}`, r.chosen]),
    );
    for (const record of run.task2)
      expect(record.chosen).toBe(
        chosen.get(`${record.country}|${record.topic}|${record.value}|${record.variant}`),
      );
    // The binary's metrics on the live run equal the metrics computed from the script directly.
    const metrics = await valens(["metrics", out, "--json", "--bootstrap", "0"]);
    expect(metrics.code).toBe(0);
    const live = measures(JSON.parse(metrics.stdout));
    expect(live).toEqual(JSON.parse(JSON.stringify(measures(computeMetrics(expected, { bootstrap: 0 })))));
    // The script is not trivial: some items are misaligned.
    expect(live.misalignment?.misaligned).toBeGreaterThan(0);
    expect(live.misalignment?.comparable).toBe(items);
  });
});

describe("re-running the same command", () => {
  it("resumes from the store: zero requests, same run", async () => {
    const out = join(dir, "resume");
    const first = await valens(evalArgs("1,2", out), env("resume"));
    expect(first.code).toBe(0);
    const before = await readRun(out);
    mock.resetStats();
    const second = await valens([...evalArgs("1,2", out), "--json"], env("resume"));
    expect(second.code).toBe(0);
    expect(mock.stats().byEndpoint["POST /v1/chat/completions"] ?? 0).toBe(0);
    const summary = JSON.parse(second.stdout);
    expect(summary[0]).toMatchObject({ requests: 0, cacheHits: before.manifest.usage?.requests });
    const after = await readRun(out);
    expect(after.task2).toEqual(before.task2);
    expect(after.task1).toEqual(before.task1);
  });

  it("--dry-run shows the plan and sends nothing", async () => {
    mock.resetStats();
    const result = await valens(
      [...evalArgs("0-7", join(dir, "dry")), "--dry-run", "--no-cache"],
      env("dry"),
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/requests to send:\s+192/);
    expect(mock.stats().byEndpoint["POST /v1/chat/completions"] ?? 0).toBe(0);
  });
});

describe("several models in one command", () => {
  it("shares one plan and writes one run directory per model", async () => {
    const out = join(dir, "multi");
    const args = evalArgs("5", out);
    args.splice(3, 0, "--model", "openai:gpt-4o-mini");
    const result = await valens(args, env("multi"));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/openai:mock-model[\s\S]*openai:gpt-4o-mini/);
    const a = await readRun(join(out, "openai-mock-model"));
    const b = await readRun(join(out, "openai-gpt-4o-mini"));
    expect(a.task2.length).toBe(b.task2.length);
    expect(b.manifest.model.name).toBe("gpt-4o-mini");
  });
});
