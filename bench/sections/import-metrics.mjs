// Issue 2: `valens import released` + `valens metrics` of the study's Claude Sonnet 4 files,
// each as a whole process of the real binary. Target: under 2 s together and 300 MB peak.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { data, measure, median } from "../lib/measure-process.mjs";

export const name = "import-metrics";
export const description = "import released + metrics --json, Claude Sonnet 4 (whole processes, median of 5)";

export async function run() {
  const files = [
    data("via", "via_full.csv"),
    data("released", "claude-sonnet-4_t1.csv"),
    data("released", "claude-sonnet-4_t2_log.jsonl"),
  ];
  for (const file of files) if (!existsSync(file)) throw new Error(`missing ${file} (set VALENS_SHARED_DIR)`);
  const dir = mkdtempSync(join(tmpdir(), "valens-bench-"));
  const rssFile = join(dir, "rss");
  const samples = [];
  try {
    // Five runs: this machine's speed varies by about a fifth from one second to the next.
    for (let i = 0; i < 5; i++) {
      const out = join(dir, `run-${i}`);
      const imported = measure(
        [
          "import",
          "released",
          "--via",
          files[0],
          "--t1",
          files[1],
          "--t2-log",
          files[2],
          "--model",
          "claude-sonnet-4",
          "--out",
          out,
        ],
        rssFile,
      );
      const metrics = measure(["metrics", out, "--json"], rssFile);
      const f1 = JSON.parse(metrics.stdout).alignmentRate.f1;
      if (f1.toFixed(3) !== "0.912") throw new Error(`unexpected F1 ${f1}`);
      samples.push({
        importMs: imported.ms,
        metricsMs: metrics.ms,
        cpuMs: imported.cpuMs + metrics.cpuMs,
        peak: Math.max(imported.rss, metrics.rss),
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const totals = samples.map((s) => s.importMs + s.metricsMs);
  const total = median(totals);
  return [
    { metric: "import (wall)", value: median(samples.map((s) => s.importMs)), unit: "ms" },
    { metric: "metrics (wall)", value: median(samples.map((s) => s.metricsMs)), unit: "ms" },
    {
      metric: "import + metrics (wall)",
      value: total,
      unit: "ms",
      target: 2000,
      note: `runs ${Math.round(Math.min(...totals))}-${Math.round(Math.max(...totals))} ms`,
    },
    {
      metric: "import + metrics (CPU)",
      value: median(samples.map((s) => s.cpuMs)),
      unit: "ms",
      note: "user + system; less sensitive to other load on the machine",
    },
    { metric: "peak RSS", value: Math.max(...samples.map((s) => s.peak)) / 2 ** 20, unit: "MB", target: 300 },
  ];
}
