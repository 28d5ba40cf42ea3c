import { readRun } from "@valens/core";
import { actedNegative, actedTable, withOthers } from "./dist/data/context.js";
import { gapExamples } from "./dist/data/examples.js";
import { CONTEXT_NUMERIC, numericNamesFor, OTHERS_NUMERIC, othersShare } from "./dist/data/features.js";
import { buildLinearSpec } from "./dist/data/linear.js";
import { averagePrecision } from "./dist/evaluation/metrics.js";
import {
  fitStanceFlipLinear,
  fitStanceFlipLinearTuned,
  gapProbabilitiesLinear,
  stanceFlip,
} from "./dist/model/stance-flip-linear.js";

const runs = {};
for (const m of ["claude", "gemma", "llama"])
  runs[m] = gapExamples(await readRun("/tmp/tr/" + m)).filter((e) => e.label !== null);
const ap = (p, ex) =>
  averagePrecision(
    p,
    ex.map((e) => e.label),
  );
const t0 = performance.now();
for (const target of ["claude", "gemma", "llama"]) {
  const trainModels = Object.keys(runs).filter((m) => m !== target);
  let train = trainModels.flatMap((m) => runs[m]);
  const table = actedTable(train);
  train = withOthers(train, table);
  const test = withOthers(runs[target], table);
  // rule
  const rule = stanceFlip(
    test,
    test.map((e) => othersShare(e.others)),
  );
  // validation split: by model? use random 15%
  const idx = train.map((_, i) => i);
  const val = train.filter((_, i) => i % 7 === 0),
    fit = train.filter((_, i) => i % 7 !== 0);
  const res = { rule: ap(rule, test) };
  const base = numericNamesFor("gap");
  const configs = {
    ctx: [[...base, ...CONTEXT_NUMERIC], null, []],
    oth: [[...base, ...CONTEXT_NUMERIC, ...OTHERS_NUMERIC], null, []],
    othI: [
      [...base, ...CONTEXT_NUMERIC, ...OTHERS_NUMERIC],
      null,
      [
        ["others.logit", "stated.score"],
        ["others.logit", "stated.margin"],
        ["others.logit", "stated.spread"],
        ["stated.margin", "stated.margin"],
        ["stated.margin", "stated.spread"],
        ["others.logit", "context.rank"],
      ],
    ],
    othText: [
      [...base, ...CONTEXT_NUMERIC, ...OTHERS_NUMERIC],
      { buckets: 1 << 14, parts: ["action", "attributions", "explanation"] },
      [
        ["others.logit", "stated.score"],
        ["stated.margin", "stated.margin"],
      ],
    ],
  };
  for (const [name, [num, text, inter]] of Object.entries(configs)) {
    const spec = buildLinearSpec(train, num, { text, interactions: inter });
    const { model, validationAp } = fitStanceFlipLinearTuned(fit, val, spec);
    res[name] = ap(gapProbabilitiesLinear(model, test), test);
    res[name + "_l2"] = model.l2;
  }
  console.log(
    target,
    JSON.stringify(res, (k, v) => (typeof v === "number" ? Number(v.toFixed(4)) : v)),
    ((performance.now() - t0) / 1000).toFixed(1) + "s",
  );
}
