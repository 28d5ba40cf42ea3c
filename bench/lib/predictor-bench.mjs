// Child process of bench/sections/predictor.mjs: trains and measures the gap predictor on the
// study's Claude Sonnet 4 outputs with the WebAssembly backend and prints one JSON object.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

process.env.VALENS_TF_BACKEND ??= "wasm";
const { readRun, writeRun } = await import("@valens/core");
const { importReleased } = await import("@valens/importers");
const { choiceExamples, gapExamples, loadTf, trainPredictor } = await import("@valens/gap-predictor");

const [shared] = process.argv.slice(2);
const data = (...parts) => join(shared, "data", ...parts);
const dir = mkdtempSync(join(tmpdir(), "valens-bench-predictor-"));
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

try {
  const imported = await importReleased({
    via: data("via", "via_full.csv"),
    t1: data("released", "claude-sonnet-4_t1.csv"),
    t2Log: data("released", "claude-sonnet-4_t2_log.jsonl"),
    model: "claude-sonnet-4",
  });
  await writeRun(join(dir, "claude"), imported.run);
  const run = await readRun(join(dir, "claude"));
  const runtime = await loadTf();
  const seeds = [1, 2, 3];
  const holdout = ["India", "Nigeria", "Germany"];

  const gap = [];
  let first;
  for (const seed of seeds) {
    const wall0 = performance.now();
    const cpu0 = cpu();
    const trained = await trainPredictor({
      runs: [run],
      task: "gap",
      features: ["attributions", "explanation"],
      split: { kind: "holdout", countries: holdout, topics: [] },
      seed,
    });
    gap.push({
      seed,
      wallMs: performance.now() - wall0,
      cpuMs: cpu() - cpu0,
      epochs: trained.predictor.card.training.epochs,
      bestEpoch: trained.predictor.card.training.bestEpoch,
      report: trained.report,
    });
    first ??= trained.predictor;
  }

  const ablation = [];
  for (const features of [[], ["attributions"], ["explanation"], ["attributions", "explanation"]]) {
    for (const seed of seeds) {
      const wall0 = performance.now();
      const trained = await trainPredictor({
        runs: [run],
        task: "choice",
        features,
        split: { kind: "study", boundary: 7000, perClass: 100 },
        seed,
      });
      ablation.push({ features, seed, wallMs: performance.now() - wall0, report: trained.report });
    }
  }

  // Extra row: +both with the item's other action as context (an option, not the default).
  for (const seed of seeds) {
    const trained = await trainPredictor({
      runs: [run],
      task: "choice",
      features: ["attributions", "explanation"],
      split: { kind: "study", boundary: 7000, perClass: 100 },
      seed,
      pairContext: true,
    });
    ablation.push({
      features: ["attributions", "explanation"],
      pairContext: true,
      seed,
      report: trained.report,
    });
  }

  // Throughput: encode + predict + calibrate every item of the run, after one warm-up pass.
  const items = gapExamples(run);
  await first.predict(items);
  const reps = 3;
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) await first.predict(items);
  const gapItemsPerSecond = (items.length * reps) / ((performance.now() - t0) / 1000);

  console.log(
    JSON.stringify({
      backend: runtime.backend,
      notes: runtime.notes,
      holdout,
      gap,
      ablation,
      throughput: {
        items: items.length,
        itemsPerSecond: gapItemsPerSecond,
        actions: choiceExamples(run).length,
      },
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
