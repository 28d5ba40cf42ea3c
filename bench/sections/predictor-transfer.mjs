// Issue 12: the gap predictor across models. Leave one of Claude, Gemma and Llama out: zero-shot
// AP on it against the best honest baseline fitted on the other two (target: above it on every
// left-out model, >= 1.10x on average); the expected share after recalibrating on a 5% sample
// (target: within 20% of the truth; measured over 100 seeds); Claude alone over 8 seeded
// scenario-group splits (target: mean AP above the stance-flip regression with text); training on
// all three models (< 90 s);
// the study's choice task on its full test with bootstrap intervals (the ablation table).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const name = "predictor-transfer";
export const description = "gap predictor across models: leave-one-model-out, grouped splits, recalibration";

const root = fileURLToPath(new URL("../../", import.meta.url));
const shared = process.env.VALENS_SHARED_DIR ?? join(root, "../shared");
const child = fileURLToPath(new URL("../lib/predictor-transfer-bench.mjs", import.meta.url));

const f3 = (n) => (n === null || n === undefined ? "  –  " : n.toFixed(3));
const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
const quantile = (xs, q) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const sd = (xs) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const pad = (s, n) => String(s).padEnd(n);
const ci = (c) => (c ? `[${f3(c[0])}, ${f3(c[1])}]` : "");
const HONEST = ["stance-flip-lr", "stance-flip-lr-text", "other-models"];

export async function run() {
  const needed = [
    ["via", "via_full.csv"],
    ["released", "claude-sonnet-4_t1.csv"],
    ["released", "claude-sonnet-4_t2_log.jsonl"],
    ["released", "gemma-2-9b-it_t1.csv"],
    ["released", "llama-3.3-70b-instruct_t1.csv"],
    ["released", "misaligned", "gemma_misaligned_example.csv"],
    ["released", "misaligned", "llama3_misaligned_example.csv"],
  ];
  for (const f of needed) {
    if (!existsSync(join(shared, "data", ...f)))
      throw new Error(`missing ${f.join("/")} (set VALENS_SHARED_DIR)`);
  }
  const load = loadavg()[0];
  const result = spawnSync(process.execPath, [child, shared], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, VALENS_TF_BACKEND: process.env.VALENS_TF_BACKEND ?? "wasm" },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`predictor-transfer bench failed: ${result.stderr}`);
  const r = JSON.parse(result.stdout.trim().split("\n").pop());
  console.log(`  backend: ${r.backend}; load average at start ${load.toFixed(1)} on 2 cores`);

  console.log("\n  Leave one model out (trained on the other two; baselines fitted on them only)");
  console.log(
    `  ${pad("left out", 24)}${pad("kind (by validation AP)", 26)}   AP   ${HONEST.map((b) => pad(b, 20)).join("")}best baseline   ratio`,
  );
  const ratios = [];
  const missed = [];
  for (const m of r.lomo) {
    const chosen = m[m.chosen].report;
    const b = chosen.baselines;
    const best = Object.entries(b).reduce((x, y) => ((y[1].ap ?? 0) > (x[1].ap ?? 0) ? y : x));
    const ratio = chosen.ap / best[1].ap;
    ratios.push(ratio);
    if (ratio <= 1)
      missed.push(`${m.target}: AP ${f3(chosen.ap)} vs ${best[0]} ${f3(best[1].ap)} (${ratio.toFixed(3)}x)`);
    const kinds = `${m.chosen} (val ${f3(m.logistic.validationAp)} / ${f3(m.network.validationAp)})`;
    console.log(
      `  ${pad(m.target, 24)}${pad(kinds, 26)} ${f3(chosen.ap)}  ${HONEST.map((n) => pad(f3(b[n]?.ap), 20)).join("")}${pad(`${best[0]} ${f3(best[1].ap)}`, 14)} ${ratio.toFixed(3)}x`,
    );
    const other = m.chosen === "logistic" ? "network" : "logistic";
    console.log(
      `  ${pad("", 24)}${pad(`(${other}, not chosen)`, 26)} ${f3(m[other].report.ap)}   training ${(m.logistic.ms / 1000).toFixed(1)} s logistic, ${(m.network.ms / 1000).toFixed(1)} s network`,
    );
  }
  const avg = mean(ratios);
  console.log(
    `  -> above the best honest baseline on ${ratios.filter((x) => x > 1).length}/${ratios.length} left-out models (target: all); mean ratio ${avg.toFixed(3)}x (target >= 1.10): ${avg >= 1.1 && missed.length === 0 ? "met" : "MISSED"}`,
  );
  for (const line of missed) console.log(`     MISSED on ${line}`);

  console.log(
    `\n  Expected misaligned share on the left-out model: zero-shot, and recalibrated on a uniform 5% sample (${r.lomo[0].recalibrated.length} seeds); beside it, the sample's own share`,
  );
  let recalMissed = 0;
  for (const m of r.lomo) {
    const shares = m.recalibrated.map((x) => x.share);
    const errors = shares.map((s) => Math.abs(s - m.truth) / m.truth);
    const sampleErrors = m.recalibrated.map((x) => Math.abs(x.observed - m.truth) / m.truth);
    const meanError = Math.abs(mean(shares) - m.truth) / m.truth;
    if (meanError > 0.2) recalMissed++;
    const within = (xs) => xs.filter((e) => e <= 0.2).length / xs.length;
    console.log(
      `  ${pad(m.target, 24)} truth ${(100 * m.truth).toFixed(1)}%  zero-shot ${(100 * m.zeroShotShare).toFixed(1)}%  recalibrated ${(100 * mean(shares)).toFixed(1)}% (sd ${(100 * sd(shares)).toFixed(1)}; ${m.recalibrated[0].items} items, ${m.recalibrated[0].method})`,
    );
    console.log(
      `  ${pad("", 24)} error of the mean ${(100 * meanError).toFixed(1)}%; per seed: median ${(100 * quantile(errors, 0.5)).toFixed(1)}%, 90th percentile ${(100 * quantile(errors, 0.9)).toFixed(1)}%, worst ${(100 * Math.max(...errors)).toFixed(1)}%, within 20% on ${(100 * within(errors)).toFixed(0)}% of seeds (the sample's own share: ${(100 * within(sampleErrors)).toFixed(0)}%, 90th percentile ${(100 * quantile(sampleErrors, 0.9)).toFixed(1)}%)`,
    );
  }
  console.log(
    `  -> expected share after recalibration within 20% of the truth (mean over seeds): ${recalMissed === 0 ? "met" : `MISSED on ${recalMissed} model(s)`}; per seed, see "within 20%" above`,
  );

  console.log(
    `\n  Claude alone, ${r.claude.length} seeded scenario-group splits (20% of items each), logistic kind`,
  );
  const names = Object.keys(r.claude[0].report.baselines);
  const rows = [
    ["predictor", (c) => c.report.ap],
    ...names.map((n) => [`baseline: ${n}`, (c) => c.report.baselines[n].ap]),
  ];
  for (const [label, pick] of rows) {
    const aps = r.claude.map(pick);
    console.log(
      `  ${pad(label, 36)} AP mean ${f3(mean(aps))}  sd ${f3(sd(aps))}  [${aps.map(f3).join(" ")}]`,
    );
  }
  const ours = r.claude.map((c) => c.report.ap);
  const text = r.claude.map((c) => c.report.baselines["stance-flip-lr-text"].ap);
  const wins = ours.filter((a, i) => a > text[i]).length;
  console.log(
    `  -> mean AP ${f3(mean(ours))} vs stance-flip-lr-text ${f3(mean(text))} (${(mean(ours) / mean(text)).toFixed(3)}x, wins ${wins}/${ours.length}): ${mean(ours) > mean(text) ? "met" : "MISSED"}`,
  );

  const seconds = r.all.ms / 1000;
  console.log(
    `\n  Training on all three models (${r.all.examples.train} items, logistic): ${seconds.toFixed(1)} s wall, ${(r.all.cpuMs / 1000).toFixed(1)} s CPU, load average ${loadavg()[0].toFixed(1)} on 2 cores (target < 90 s wall): ${seconds < 90 ? "met" : "MISSED"}`,
  );

  console.log(
    "\n  Choice task, study-full split (train VIA rows < 7,000; test every answered row after), 95% bootstrap intervals",
  );
  console.log(`  ${pad("features", 28)}  n      F1 ${pad("", 18)}  AP ${pad("", 18)}  polarity-rule F1`);
  for (const a of r.ablation) {
    const rep = a.report;
    const rule = rep.baselines["polarity-rule"];
    console.log(
      `  ${pad(["action", ...a.features].join("+"), 28)}  ${rep.n}  ${f3(rep.f1)} ${pad(ci(rep.intervals?.predictor.f1), 18)}  ${f3(rep.ap)} ${pad(ci(rep.intervals?.predictor.ap), 18)}  ${f3(rule.f1)} ${ci(rep.intervals?.baselines["polarity-rule"]?.f1)}`,
    );
  }
  console.log(`  peak RSS ${(r.peakRssBytes / 1e6).toFixed(0)} MB`);

  return [
    { metric: "transfer: mean AP ratio to best baseline", value: avg, unit: "x", digits: 3 },
    { metric: "transfer: training on three models", value: seconds, unit: "s", target: 90, digits: 1 },
  ];
}
