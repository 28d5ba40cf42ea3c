// Issue 13: `valens compare` of two full runs (Claude Sonnet 4 from the study's log, Gemma-2-9B
// reconstructed from the authors' misaligned-item list), whole process of the real binary, 2,000
// paired bootstrap resamples. Target: under 3 s.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { data, measure, median } from "../lib/measure-process.mjs";

export const name = "compare";
export const description =
  "compare claude-sonnet-4 vs gemma-2-9b-it, full runs, 2,000 resamples (whole process, median of 5)";

export async function run() {
  const via = data("via", "via_full.csv");
  const runs = [
    { model: "claude-sonnet-4", t2: ["--t2-log", data("released", "claude-sonnet-4_t2_log.jsonl")] },
    {
      model: "gemma-2-9b-it",
      t2: ["--misaligned", data("released", "misaligned", "gemma_misaligned_example.csv")],
    },
  ];
  const needed = [via, ...runs.flatMap((r) => [data("released", `${r.model}_t1.csv`), r.t2[1]])];
  for (const file of needed)
    if (!existsSync(file)) throw new Error(`missing ${file} (set VALENS_SHARED_DIR)`);
  const dir = mkdtempSync(join(tmpdir(), "valens-bench-compare-"));
  const rssFile = join(dir, "rss");
  try {
    const dirs = runs.map((r) => {
      const out = join(dir, r.model);
      const args = ["import", "released", "--via", via, "--t1", data("released", `${r.model}_t1.csv`)];
      measure([...args, ...r.t2, "--model", r.model, "--out", out], rssFile);
      return out;
    });
    const samples = [];
    let figures;
    for (let i = 0; i < 5; i++) {
      const result = measure(["compare", ...dirs, "--json", "--bootstrap", "2000"], rssFile);
      const report = JSON.parse(result.stdout);
      const pair = report.pairs[0];
      if (report.bootstrap.resamples !== 2000 || pair.sharedItems < 7000)
        throw new Error(`unexpected compare output: ${pair.sharedItems} shared items`);
      figures = pair;
      samples.push(result);
    }
    const d = figures.overall.difference;
    const significant = [...figures.byCountry, ...figures.byTopic, ...figures.byValue].filter(
      (r) => r.significant,
    ).length;
    const wall = samples.map((s) => s.ms);
    return [
      {
        metric: "compare (wall)",
        value: median(wall),
        unit: "ms",
        target: 3000,
        note: `runs ${Math.round(Math.min(...wall))}-${Math.round(Math.max(...wall))} ms`,
      },
      { metric: "compare (CPU)", value: median(samples.map((s) => s.cpuMs)), unit: "ms" },
      { metric: "peak RSS", value: Math.max(...samples.map((s) => s.rss)) / 2 ** 20, unit: "MB" },
      {
        metric: "shared items",
        value: figures.sharedItems,
        unit: "items",
        digits: 0,
        note: `Δ study rate ${d.alignmentRateStudy.estimate.toFixed(3)}, Δ misaligned ${d.misalignedShare.estimate.toFixed(3)} (gemma − claude); ${significant} significant group rows`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
