// Issue 6: the report, reproduce and the demo, each as a whole process of the real binary.
// Targets: the demo under 60 s (the README promises under a minute), a three-model 12 x 11 report
// under 15 s, reproduce of the six released models from local copies under 60 s.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeRun } from "@valens/core";
import { syntheticRun } from "@valens/report/test";

export const name = "report";
export const description = "demo, report of 3 synthetic full-grid runs, reproduce --from (whole processes)";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = join(root, "apps/cli/bin/valens.js");
const wrapper = fileURLToPath(new URL("../lib/rss-wrapper.mjs", import.meta.url));
const shared = process.env.VALENS_SHARED_DIR ?? join(root, "../shared");

function measure(args, rssFile) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [wrapper, bin, ...args], {
    env: { ...process.env, VALENS_BENCH_RSS_FILE: rssFile, NO_COLOR: "1" },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`valens ${args.join(" ")} failed: ${result.stderr}`);
  const usage = JSON.parse(readFileSync(rssFile, "utf8"));
  return { ms, rss: usage.rss, cpuMs: usage.cpuMs };
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), "valens-bench-report-"));
  const rssFile = join(dir, "rss");
  const figures = [];
  try {
    const demo = measure(["demo", "--out", join(dir, "demo")], rssFile);
    figures.push(
      { metric: "demo wall", value: demo.ms / 1000, unit: "s", target: 60, digits: 1 },
      { metric: "demo CPU", value: demo.cpuMs / 1000, unit: "s", digits: 1 },
      { metric: "demo peak RSS", value: demo.rss / 2 ** 20, unit: "MB", target: 1024 },
    );

    const runs = [
      syntheticRun({ model: "a", countries: 12, topics: 11, flip: 0.1 }),
      syntheticRun({ model: "b", countries: 12, topics: 11, flip: 0.3, seed: 3 }),
      syntheticRun({ model: "c", countries: 12, topics: 11, task2: false, seed: 5 }),
    ];
    for (const r of runs) await writeRun(join(dir, "runs", r.manifest.model.name), r);
    const report = measure(
      ["report", ...runs.map((r) => join(dir, "runs", r.manifest.model.name)), "--out", join(dir, "r.html")],
      rssFile,
    );
    figures.push(
      {
        metric: "report 3 runs x 7,392 items wall",
        value: report.ms / 1000,
        unit: "s",
        target: 15,
        digits: 1,
      },
      { metric: "report peak RSS", value: report.rss / 2 ** 20, unit: "MB", target: 1024 },
    );

    if (existsSync(join(shared, "data", "via", "via_full.csv"))) {
      const reproduce = measure(
        ["reproduce", "--from", join(shared, "data"), "--out", join(dir, "repro")],
        rssFile,
      );
      figures.push(
        {
          metric: "reproduce --from, 6 models wall",
          value: reproduce.ms / 1000,
          unit: "s",
          target: 60,
          digits: 1,
        },
        { metric: "reproduce peak RSS", value: reproduce.rss / 2 ** 20, unit: "MB", target: 1024 },
      );
    } else {
      figures.push({
        metric: "reproduce",
        value: 0,
        unit: "s",
        note: `skipped: no shared data at ${shared}`,
      });
    }
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
