// Issue 12 (risk-guided evaluation): replays full runs as ground truth and measures how well a
// sampled Task 2 estimates the misaligned share, leaving one model out at a time (Claude from
// its task-2 log; Gemma and Llama reconstructed from the authors' misaligned-item lists). The
// guide for a left-out model is trained once on the other models only and reused for every
// repetition; the design (risk floor 0.2) and estimator (regression) are the library's
// defaults, fixed before this bench was first run, so nothing is tuned on a left-out model.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const name = "sampling";
export const description =
  "sampled Task 2: 95% interval coverage and half-width of the misaligned share, risk vs uniform design, leave-one-model-out";

const root = fileURLToPath(new URL("../../", import.meta.url));
const shared = process.env.VALENS_SHARED_DIR ?? join(root, "../shared");
const data = (...parts) => join(shared, "data", ...parts);

const BUDGETS = [0.05, 0.1, 0.2];
const REPETITIONS = 200;
// The alignment rates' bootstrap intervals are costlier: fewer repetitions, at 10% only.
const RATE_REPETITIONS = 200;
const RATE_RESAMPLES = 400;
const MODELS = [
  { name: "claude-sonnet-4", t1: "claude-sonnet-4_t1.csv", t2Log: "claude-sonnet-4_t2_log.jsonl" },
  { name: "gemma-2-9b-it", t1: "gemma-2-9b-it_t1.csv", misaligned: "gemma_misaligned_example.csv" },
  {
    name: "llama-3.3-70b-instruct",
    t1: "llama-3.3-70b-instruct_t1.csv",
    misaligned: "llama3_misaligned_example.csv",
  },
];
// Design x estimator: the risk design with the prediction-powered (regression) estimator, and
// uniform sampling at the same budget, both with its sample mean and with the same estimator.
const CONFIGS = [
  { id: "risk", design: "risk", estimator: "regression", label: "risk design, regression (PPI) estimator" },
  { id: "uniform-mean", design: "uniform", estimator: "hajek", label: "uniform, sample mean (Hajek/HT)" },
  {
    id: "uniform-ppi",
    design: "uniform",
    estimator: "regression",
    label: "uniform, regression (PPI) estimator",
  },
];

const f3 = (x) => (x === null || x === undefined || Number.isNaN(x) ? "  –  " : x.toFixed(3));
const pad = (s, n) => String(s).padEnd(n);
const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;

export async function run() {
  for (const m of MODELS)
    for (const file of [m.t1, m.t2Log ?? join("misaligned", m.misaligned)])
      if (!existsSync(data("released", file)))
        throw new Error(`missing released/${file} (set VALENS_SHARED_DIR)`);
  process.env.VALENS_TF_BACKEND ??= "wasm";
  const { readRun, writeRun, itemKey } = await import("@valens/core");
  const { importReleased } = await import("@valens/importers");
  const metrics = await import("@valens/metrics");
  const { applyRecalibration, averagePrecision, forecastRun, recalibrate, trainPredictor } = await import(
    "@valens/gap-predictor"
  );
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), "valens-bench-sampling-"));
  try {
    const runs = [];
    for (const m of MODELS) {
      const imported = await importReleased({
        via: data("via", "via_full.csv"),
        t1: data("released", m.t1),
        ...(m.t2Log ? { t2Log: data("released", m.t2Log) } : {}),
        ...(m.misaligned ? { misaligned: data("released", "misaligned", m.misaligned) } : {}),
        model: m.name,
      });
      await writeRun(join(dir, m.name), imported.run);
      runs.push(await readRun(join(dir, m.name)));
    }

    const results = [];
    for (const [index, model] of MODELS.entries()) {
      const target = runs[index];
      const others = runs.filter((_, i) => i !== index);
      const t0 = performance.now();
      const trained = await trainPredictor({
        runs: others,
        task: "gap",
        features: ["attributions", "explanation"],
        split: { kind: "holdout", countries: [], topics: [] },
        seed: 1,
      });
      const trainSeconds = (performance.now() - t0) / 1000;
      // The guide's own probabilities: forecastRun would otherwise recalibrate them on the
      // left-out run's Task-2 answers, which here are the ground truth.
      const forecast = await forecastRun(trained.predictor, target, { recalibrate: false });
      // Ground truth: every item of the left-out model with both stances known.
      const truth = new Map(
        metrics
          .itemAlignments(target)
          .filter((i) => i.comparable)
          .map((i) => [itemKey(i), i]),
      );
      const population = forecast.items.filter((f) => truth.has(itemKey(f)));
      const keys = population.map((f) => itemKey(f));
      const p = population.map((f) => f.probability);
      const y = keys.map((k) => truth.get(k).misaligned);
      const statedAgree = keys.map((k) => truth.get(k).statedStance === "agree");
      const n = population.length;
      const trueShare = y.filter(Boolean).length / n;
      const forecastShare = mean(p);
      const ap = averagePrecision(
        p,
        y.map((v) => (v ? 1 : 0)),
      );

      // Domains the metrics report: the two kinds, each country and each topic.
      const domains = [
        { kind: "kind", name: "agree-disagree", member: statedAgree.map((a) => a) },
        { kind: "kind", name: "disagree-agree", member: statedAgree.map((a) => !a) },
      ];
      for (const kind of ["country", "topic"])
        for (const g of new Set(population.map((f) => f[kind])))
          domains.push({ kind, name: g, member: population.map((f) => f[kind] === g) });
      for (const d of domains) {
        let items = 0;
        let positives = 0;
        for (let i = 0; i < n; i++)
          if (d.member[i]) {
            items++;
            if (y[i]) positives++;
          }
        d.truth = positives / items;
      }
      const domainAcc = Object.fromEntries(
        BUDGETS.map((b) => [b, { kind: [0, 0], country: [0, 0], topic: [0, 0] }]),
      );
      // The alignment rates (both definitions) of the whole grid, and their bootstrap intervals at 10%.
      const sampledItems = population.map((f, i) => ({
        country: f.country,
        topic: f.topic,
        value: f.value,
        statedAgree: statedAgree[i],
        forecast: p[i],
        inclusion: 1,
        drawn: true,
        outcome: y[i],
      }));
      const fullRates = metrics.estimateSampledRun(sampledItems, {
        design: "uniform",
        resamples: 0,
      }).alignmentRate;
      const rateAcc = { study: [0, 0], agreeF1: [0, 0], reps: 0 };
      const pis = {};
      for (const b of BUDGETS)
        for (const c of CONFIGS)
          pis[`${c.id}@${b}`] = metrics.inclusionProbabilities({
            design: c.design,
            items: n,
            budget: b * n,
            forecasts: p,
          });
      const acc = {};
      for (const b of BUDGETS)
        for (const c of CONFIGS) acc[`${c.id}@${b}`] = { covered: 0, half: 0, drawn: 0 };
      const recalibrated = [];
      const plattShares = [];
      for (let rep = 1; rep <= REPETITIONS; rep++) {
        // Fresh permanent random numbers per repetition: an independent Poisson sample each time.
        const u = keys.map((k) => metrics.permanentRandomNumber(rep, k));
        for (const b of BUDGETS) {
          for (const c of CONFIGS) {
            const pi = pis[`${c.id}@${b}`];
            const outcome = new Array(n);
            let drawn = 0;
            for (let i = 0; i < n; i++) {
              const take = u[i] < pi[i];
              outcome[i] = take ? y[i] : null;
              if (take) drawn++;
            }
            const frame = { forecast: p, statedAgree, inclusion: pi, outcome };
            const fitted = metrics.fitEstimator(frame, c.estimator);
            const share = metrics.shareOf(metrics.estimateTotal(fitted));
            const a = acc[`${c.id}@${b}`];
            if (share.ci95[0] <= trueShare && trueShare <= share.ci95[1]) a.covered++;
            a.half += (share.ci95[1] - share.ci95[0]) / 2;
            a.drawn += drawn;
            if (c.id === "risk" && b === 0.05) {
              recalibrated.push(mean(fitted.prediction));
              // valens forecast's recalibration (weighted Platt, weights 1/pi) on the same sample.
              const picked = [];
              for (let i = 0; i < n; i++) if (outcome[i] !== null) picked.push(i);
              const platt = recalibrate(
                picked.map((i) => p[i]),
                picked.map((i) => (y[i] ? 1 : 0)),
                picked.map((i) => 1 / pi[i]),
              );
              plattShares.push(mean(applyRecalibration(platt, p)));
            }
            if (c.id === "risk") {
              for (const d of domains) {
                const e = metrics.shareOf(metrics.estimateTotal(fitted, (i) => d.member[i]));
                const cell = domainAcc[b][d.kind];
                cell[0]++;
                const covered = e.ci95[0] <= d.truth && d.truth <= e.ci95[1];
                if (covered) cell[1]++;
                d.covered ??= {};
                d.covered[b] = (d.covered[b] ?? 0) + (covered ? 1 : 0);
              }
              if (b === 0.1 && rep <= RATE_REPETITIONS) {
                const est = metrics.estimateSampledRun(
                  sampledItems.map((item, i) => ({
                    ...item,
                    inclusion: pi[i],
                    drawn: outcome[i] !== null,
                    outcome: outcome[i],
                  })),
                  { design: "risk", resamples: RATE_RESAMPLES, seed: rep },
                ).alignmentRate;
                rateAcc.reps++;
                for (const key of ["study", "agreeF1"]) {
                  const [lo, hi] = est[key].ci95;
                  const truthRate = fullRates[key].estimate;
                  if (lo <= truthRate && truthRate <= hi) rateAcc[key][0]++;
                  rateAcc[key][1] += (hi - lo) / 2;
                }
              }
            }
          }
        }
      }
      const rows = {};
      for (const [k, a] of Object.entries(acc))
        rows[k] = {
          coverage: a.covered / REPETITIONS,
          halfWidth: a.half / REPETITIONS,
          drawn: a.drawn / REPETITIONS,
        };
      const recal = mean(recalibrated);
      const platt = mean(plattShares);
      const domainCoverage = Object.fromEntries(
        BUDGETS.map((b) => [
          b,
          Object.fromEntries(Object.entries(domainAcc[b]).map(([k, [count, hit]]) => [k, hit / count])),
        ]),
      );
      // The worst single domain of each kind: a mean over domains can hide one that under-covers.
      const worstDomain = Object.fromEntries(
        BUDGETS.map((b) => [
          b,
          Object.fromEntries(
            ["kind", "country", "topic"].map((k) => [
              k,
              Math.min(
                ...domains.filter((d) => d.kind === k).map((d) => (d.covered?.[b] ?? 0) / REPETITIONS),
              ),
            ]),
          ),
        ]),
      );
      results.push({
        domainCoverage,
        worstDomain,
        rates: {
          reps: rateAcc.reps,
          study: {
            truth: fullRates.study.estimate,
            coverage: rateAcc.study[0] / rateAcc.reps,
            halfWidth: rateAcc.study[1] / rateAcc.reps,
          },
          agreeF1: {
            truth: fullRates.agreeF1.estimate,
            coverage: rateAcc.agreeF1[0] / rateAcc.reps,
            halfWidth: rateAcc.agreeF1[1] / rateAcc.reps,
          },
        },
        model: model.name,
        trainedOn: others.map((r) => r.manifest.model.name),
        trainSeconds,
        items: n,
        trueShare,
        forecastShare,
        ap,
        baseRateAp: trueShare,
        rows,
        recalibratedShare: recal,
        recalibratedRelativeError: Math.abs(recal - trueShare) / trueShare,
        recalibratedMeanAbsRelativeError: mean(recalibrated.map((r) => Math.abs(r - trueShare) / trueShare)),
        plattShare: platt,
        plattRelativeError: Math.abs(platt - trueShare) / trueShare,
        plattMeanAbsRelativeError: mean(plattShares.map((r) => Math.abs(r - trueShare) / trueShare)),
      });
    }

    // ---- figures ----
    console.log(
      `  ${REPETITIONS} seeded Poisson samples per budget; guides trained on the other two models only (WASM backend)`,
    );
    for (const r of results) {
      console.log(
        `\n  left out ${r.model}: ${r.items} items, true misaligned share ${f3(r.trueShare)}; guide trained on ${r.trainedOn.join(" + ")} in ${r.trainSeconds.toFixed(0)} s`,
      );
      console.log(
        `    guide's zero-shot forecast: expected share ${f3(r.forecastShare)} (ratio to truth ${(r.forecastShare / r.trueShare).toFixed(2)}), AP ${f3(r.ap)} (base rate ${f3(r.baseRateAp)})`,
      );
      console.log(
        `    ${pad("budget", 8)}${pad("design / estimator", 42)}${pad("drawn", 8)}${pad("coverage", 10)}${pad("half-width", 12)}ratio vs uniform mean / vs uniform PPI`,
      );
      for (const b of BUDGETS) {
        const uMean = r.rows[`uniform-mean@${b}`];
        const uPpi = r.rows[`uniform-ppi@${b}`];
        for (const c of CONFIGS) {
          const row = r.rows[`${c.id}@${b}`];
          const ratios =
            c.id === "uniform-mean"
              ? ""
              : `${(row.halfWidth / uMean.halfWidth).toFixed(2)} / ${(row.halfWidth / uPpi.halfWidth).toFixed(2)}`;
          console.log(
            `    ${pad(`${b * 100}%`, 8)}${pad(c.label, 42)}${pad(row.drawn.toFixed(0), 8)}${pad(f3(row.coverage), 10)}${pad(f3(row.halfWidth), 12)}${ratios}`,
          );
        }
      }
      console.log(
        `    risk design, domain intervals (mean coverage over domains, worst domain in brackets): ${BUDGETS.map((b) => `${b * 100}%: kinds ${f3(r.domainCoverage[b].kind)} [${f3(r.worstDomain[b].kind)}], countries ${f3(r.domainCoverage[b].country)} [${f3(r.worstDomain[b].country)}], topics ${f3(r.domainCoverage[b].topic)} [${f3(r.worstDomain[b].topic)}]`).join("; ")}`,
      );
      console.log(
        `    risk design 10%, alignment rates (second-order estimate, normal interval from a generalised bootstrap, ${RATE_RESAMPLES} resamples, ${r.rates.reps} samples): study ${f3(r.rates.study.truth)} coverage ${f3(r.rates.study.coverage)} half-width ${f3(r.rates.study.halfWidth)}; F1 of agree ${f3(r.rates.agreeF1.truth)} coverage ${f3(r.rates.agreeF1.coverage)} half-width ${f3(r.rates.agreeF1.halfWidth)}`,
      );
      console.log(
        `    recalibrated on a 5% risk sample (regression estimator's linear recalibration): expected share ${f3(r.recalibratedShare)} vs truth ${f3(r.trueShare)} (relative error of the mean ${(100 * r.recalibratedRelativeError).toFixed(1)}%, mean per-sample ${(100 * r.recalibratedMeanAbsRelativeError).toFixed(1)}%)`,
      );
      console.log(
        `    valens forecast's weighted Platt recalibration on the same 5% samples: expected share ${f3(r.plattShare)} (relative error of the mean ${(100 * r.plattRelativeError).toFixed(1)}%, mean per-sample ${(100 * r.plattMeanAbsRelativeError).toFixed(1)}%)`,
      );
    }
    const avg = (pick) => mean(results.map(pick));
    console.log("\n  averaged over the three left-out models:");
    for (const b of BUDGETS) {
      const cov = (id) => avg((r) => r.rows[`${id}@${b}`].coverage);
      const hw = (id) => avg((r) => r.rows[`${id}@${b}`].halfWidth);
      console.log(
        `    ${pad(`${b * 100}%`, 6)} coverage risk ${f3(cov("risk"))}, uniform mean ${f3(cov("uniform-mean"))}, uniform PPI ${f3(cov("uniform-ppi"))}; half-width risk ${f3(hw("risk"))}, uniform mean ${f3(hw("uniform-mean"))} (ratio ${(hw("risk") / hw("uniform-mean")).toFixed(2)}), uniform PPI ${f3(hw("uniform-ppi"))} (ratio ${(hw("risk") / hw("uniform-ppi")).toFixed(2)})`,
      );
    }
    console.log(
      `  Monte Carlo standard error of a coverage near 0.95 over ${REPETITIONS} repetitions: ${Math.sqrt((0.95 * 0.05) / REPETITIONS).toFixed(3)}`,
    );
    console.log(`  total ${((performance.now() - started) / 1000).toFixed(0)} s\n`);

    const figures = [];
    for (const b of BUDGETS) {
      const worst = Math.min(...results.map((r) => r.rows[`risk@${b}`].coverage));
      const who = results.find((r) => r.rows[`risk@${b}`].coverage === worst).model;
      figures.push({
        metric: `risk design ${b * 100}%: 1 - coverage, worst model (${who})`,
        value: 1 - worst,
        unit: "",
        target: 0.08,
        digits: 3,
        note: `coverage ${worst.toFixed(3)}, target >= 0.92`,
      });
    }
    for (const r of results)
      for (const key of ["study", "agreeF1"])
        figures.push({
          metric: `alignment rate (${key === "study" ? "study" : "F1 of agree"}) 10%: 1 - coverage, ${r.model}`,
          value: 1 - r.rates[key].coverage,
          unit: "",
          target: 0.08,
          digits: 3,
          note: `coverage ${r.rates[key].coverage.toFixed(3)} over ${r.rates.reps} samples, target >= 0.92; half-width ${r.rates[key].halfWidth.toFixed(3)}`,
        });
    for (const r of results) {
      const risk = r.rows["risk@0.1"].halfWidth;
      figures.push({
        metric: `10% half-width ratio vs uniform mean, ${r.model}`,
        value: risk / r.rows["uniform-mean@0.1"].halfWidth,
        unit: "x",
        target: 0.75,
        digits: 2,
        note: `vs uniform PPI ${(risk / r.rows["uniform-ppi@0.1"].halfWidth).toFixed(2)}`,
      });
    }
    for (const r of results)
      figures.push({
        metric: `recalibrated share (5% sample) relative error, ${r.model}`,
        value: r.recalibratedRelativeError,
        unit: "",
        target: 0.2,
        digits: 3,
        note: `${r.recalibratedShare.toFixed(3)} vs ${r.trueShare.toFixed(3)}; mean per-sample ${r.recalibratedMeanAbsRelativeError.toFixed(3)}`,
      });
    for (const r of results)
      figures.push({
        metric: `forecast Platt-recalibrated on 5% sample, relative error, ${r.model}`,
        value: r.plattRelativeError,
        unit: "",
        target: 0.2,
        digits: 3,
        note: `${r.plattShare.toFixed(3)} vs ${r.trueShare.toFixed(3)}; mean per-sample ${r.plattMeanAbsRelativeError.toFixed(3)}`,
      });
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
