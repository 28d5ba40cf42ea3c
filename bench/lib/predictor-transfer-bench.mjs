// Child process of bench/sections/predictor-transfer.mjs: the gap predictor across models on the
// study's outputs (Claude from its run log; Gemma and Llama from the authors' misaligned lists).
// Prints one JSON object. Nothing here is tuned on a left-out model: each predictor's kind and
// penalty are chosen on validation splits of its training models.
process.env.VALENS_TF_BACKEND ??= "wasm";
const { importReleased } = await import("@valens/importers");
const { forecastRun, trainPredictor, loadTf } = await import("@valens/gap-predictor");
const { itemAlignments } = await import("@valens/metrics");
const { join } = await import("node:path");

const [shared] = process.argv.slice(2);
const data = (...parts) => join(shared, "data", ...parts);
const via = data("via", "via_full.csv");

const load = async (model, source) => {
  const { run } = await importReleased({ via, t1: data("released", `${model}_t1.csv`), model, ...source });
  return { ...run, dir: `/bench/${model}` };
};
const runs = [
  await load("claude-sonnet-4", { t2Log: data("released", "claude-sonnet-4_t2_log.jsonl") }),
  await load("gemma-2-9b-it", { misaligned: data("released", "misaligned", "gemma_misaligned_example.csv") }),
  await load("llama-3.3-70b-instruct", {
    misaligned: data("released", "misaligned", "llama3_misaligned_example.csv"),
  }),
];
const runtime = await loadTf();
// Uniform 5% samples per left-out model: enough seeds that the share of them within 20% of the
// truth is measured, not the luck of a handful.
const RECALIBRATION_SEEDS = 100;
const features = ["attributions", "explanation"];
const summary = (trained, ms) => ({
  ms,
  kind: trained.predictor.card.modelKind,
  validationAp: trained.predictor.card.metrics.validation.ap,
  report: trained.report,
});
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const timed = async (options) => {
  const t0 = performance.now();
  const c0 = cpu();
  const trained = await trainPredictor(options);
  return { trained, ms: performance.now() - t0, cpuMs: cpu() - c0 };
};

/** Misaligned share of the items a run has both stances for. */
const sampleShare = (run) => {
  const known = itemAlignments(run).filter((i) => i.comparable);
  return known.filter((i) => i.misaligned).length / known.length;
};

// Leave one model out, both kinds; zero-shot level and a 5% uniform sample's recalibration.
const lomo = [];
for (const target of runs) {
  const name = target.manifest.model.name;
  const byKind = {};
  for (const kind of ["logistic", "network"]) {
    const { trained, ms } = await timed({
      runs,
      task: "gap",
      features,
      split: { kind: "models", models: [name] },
      seed: 1,
      kind,
    });
    byKind[kind] = { ...summary(trained, ms), trained };
  }
  // The kind is chosen on the training models' validation split, never on the target.
  const chosen =
    (byKind.logistic.validationAp ?? 0) >= (byKind.network.validationAp ?? 0) ? "logistic" : "network";
  const predictor = byKind[chosen].trained.predictor;
  const task1Only = { ...target, task2: [] };
  const zeroShot = await forecastRun(predictor, task1Only);
  const recalibrated = [];
  for (let seed = 1; seed <= RECALIBRATION_SEEDS; seed++) {
    // Seeded uniform 5% of the items: keep their Task-2 records only.
    let state = seed * 2654435761;
    const random = () => {
      state = (Math.imul(state ^ (state >>> 15), 2246822507) + 0x6d2b79f5) >>> 0;
      return state / 4294967296;
    };
    const keep = new Set();
    for (const r of target.task2) if (random() < 0.05) keep.add(`${r.country}|${r.topic}|${r.value}`);
    const sampled = {
      ...target,
      task2: target.task2.filter((r) => keep.has(`${r.country}|${r.topic}|${r.value}`)),
    };
    const f = await forecastRun(predictor, sampled);
    recalibrated.push({
      seed,
      items: f.calibration.items,
      method: f.calibration.method,
      share: f.overall.expectedShare,
      // What the sample alone says (its misaligned share): the estimate recalibration competes with.
      observed: sampleShare(sampled),
    });
  }
  lomo.push({
    target: name,
    chosen,
    logistic: { ...byKind.logistic, trained: undefined },
    network: { ...byKind.network, trained: undefined },
    truth: byKind[chosen].report.positives / byKind[chosen].report.n,
    zeroShotShare: zeroShot.overall.expectedShare,
    recalibrated,
  });
}

// Claude alone over seeded scenario groups (20% of the items each), logistic kind.
const claude = [];
for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
  const { trained, ms } = await timed({
    runs: [runs[0]],
    task: "gap",
    features,
    split: { kind: "groups", by: "scenario", fraction: 0.2 },
    seed,
    kind: "logistic",
  });
  claude.push({ seed, ...summary(trained, ms) });
}

// Training on all three models (logistic, scenario groups).
const all = await timed({
  runs,
  task: "gap",
  features,
  split: { kind: "groups", by: "scenario", fraction: 0.2 },
  seed: 1,
  kind: "logistic",
});

// The study's choice task on its full test (every answered row >= 7,000), with intervals.
const ablation = [];
for (const groups of [[], ["attributions"], ["explanation"], ["attributions", "explanation"]]) {
  const { trained, ms } = await timed({
    runs: [runs[0]],
    task: "choice",
    features: groups,
    split: { kind: "study-full", boundary: 7000 },
    seed: 1,
    bootstrap: 500,
  });
  ablation.push({ features: groups, ms, report: trained.report });
}

console.log(
  JSON.stringify({
    backend: runtime.backend,
    lomo,
    claude,
    all: { ms: all.ms, cpuMs: all.cpuMs, examples: all.trained.predictor.card.training.examples },
    ablation,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);
