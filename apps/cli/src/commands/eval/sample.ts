import { InputError, itemKey, type LoadedRun, type Task1Record } from "@valens/core";
import {
  DEFAULT_ESTIMATOR,
  DEFAULT_RISK_FLOOR,
  parseBudget,
  type SampleDesign,
  type SampleManifest,
  type SampleRecord,
  sampleDesignSchema,
} from "@valens/metrics";
import {
  addSummaries,
  buildEvalRun,
  drawTask2Sample,
  type EvalOutcome,
  type EvalPlan,
  emptySummary,
  type RunEvalOptions,
  runEval,
  sampleGrid,
  task1Part,
  task2PartFor,
} from "@valens/tasks";
import { z } from "zod";
import type { OptionSpec } from "../../cli/option-spec.js";
import { status } from "../../output.js";
import { embeddingSource } from "../predictor-shared.js";

type GapPredictor = import("@valens/gap-predictor").Predictor;

/** --task2-budget and its companions, checked before any request is sent. */
export interface SampleSettings {
  budget: string;
  design: SampleDesign;
  seed: number;
  guide: { dir: string; predictor: GapPredictor; forced: boolean } | null;
}

/** The sampling flags of `valens eval`. */
export const SAMPLE_OPTION_SPECS: readonly OptionSpec[] = [
  {
    flags: "--task2-budget <n|p%>",
    description: "run Task 1 in full, then Task 2 on a sample of this many items (or percent of the grid)",
  },
  {
    flags: "--guide <predictor-dir>",
    description: "gap predictor whose forecast guides the sample (risk design)",
  },
  {
    flags: "--design <design>",
    description: "sample design: risk (needs --guide; default with one) or uniform",
    value: {
      type: "choice",
      choices: sampleDesignSchema.options,
      fail: { as: "input", message: '{flag} "{value}" is not a sample design', hint: "Use risk or uniform" },
    },
  },
  {
    flags: "--sample-seed <n>",
    description: "seed of the sample's permanent random numbers (default 1)",
    value: {
      type: "int",
      min: 0,
      fail: { as: "input", message: '{flag} must be a whole number >= 0, not "{value}"' },
    },
  },
  { flags: "--force-guide", description: "use a --guide trained on the evaluated model itself" },
];

export const sampleOptionsSchema = z.object({
  task2Budget: z.string().optional(),
  guide: z.string().optional(),
  design: sampleDesignSchema.optional(),
  sampleSeed: z.number().optional(),
  forceGuide: z.boolean().optional(),
});
type SampleOptions = z.infer<typeof sampleOptionsSchema>;

/** Model names compared loosely: provider prefix, case, punctuation and a date suffix ignored. */
export const sameModelName = (a: string, b: string): boolean => {
  const norm = (s: string) =>
    s
      .replace(/^[a-z0-9-]+:/i, "")
      .toLowerCase()
      .replace(/-\d{8}$/, "")
      .replace(/[^a-z0-9]+/g, "");
  return norm(a) === norm(b);
};

const SAMPLE_ONLY = {
  guide: "--guide",
  design: "--design",
  sampleSeed: "--sample-seed",
  forceGuide: "--force-guide",
} as const;

/** The sample needs both tasks: Task 2 is drawn from Task 1's answers. */
function checkTasks(tasks: { task1: boolean; task2: boolean }): void {
  if (!tasks.task1)
    throw new InputError(
      "--task2-budget needs Task 1 in the same run: the sample is drawn from its answers",
      {
        hint: "Use --tasks 1,2 (the default) with --task2-budget",
      },
    );
  if (!tasks.task2)
    throw new InputError("--task2-budget sets how many items Task 2 runs on, but --tasks leaves Task 2 out", {
      hint: "Use --tasks 1,2 (the default)",
    });
}

/** The --guide predictor: a gap predictor, not trained on an evaluated model unless forced. */
async function loadGuide(
  dir: string,
  models: readonly string[],
  forced: boolean,
): Promise<SampleSettings["guide"]> {
  const { Predictor } = await import("@valens/gap-predictor");
  const predictor = await Predictor.load(dir);
  if (predictor.task !== "gap")
    throw new InputError(
      `--guide ${dir} is a ${predictor.task} predictor; a guide must forecast gaps (--task gap)`,
      { file: dir, hint: "Train one with `valens predictor train <runs...> --task gap --out <dir>`" },
    );
  const trained = predictor.card.training.runs.map((r) => r.model);
  const own = trained.find((t) => models.some((m) => sameModelName(t, m)));
  if (own !== undefined && !forced)
    throw new InputError(
      `--guide ${dir} was trained on ${own} itself; its forecast would not show how it does on an unseen model`,
      {
        file: dir,
        hint: "Use a guide trained on other models, or pass --force-guide to use it anyway",
      },
    );
  return { dir, predictor, forced };
}

/** Reads the sampling flags; null without --task2-budget. */
export async function readSampleSettings(
  options: SampleOptions,
  tasks: { task1: boolean; task2: boolean },
  plan: EvalPlan,
  models: readonly string[],
): Promise<SampleSettings | null> {
  const budget = options.task2Budget;
  if (budget === undefined) {
    for (const [key, flag] of Object.entries(SAMPLE_ONLY))
      if (options[key as keyof typeof SAMPLE_ONLY] !== undefined)
        throw new InputError(`${flag} only applies with --task2-budget`, {
          hint: "Add --task2-budget <n|p%>, or drop the flag",
        });
    return null;
  }
  checkTasks(tasks);
  // Checked against the planned items now, and against the items Task 1 rated once it has run.
  parseBudget(budget, plan.items.length);
  const design = options.design ?? (options.guide === undefined ? "uniform" : "risk");
  const seed = options.sampleSeed ?? 1;
  const forced = options.forceGuide === true;
  const guide = options.guide === undefined ? null : await loadGuide(options.guide, models, forced);
  if (design === "risk" && guide === null)
    throw new InputError("--design risk needs a --guide <predictor-dir> to forecast each item's risk", {
      hint: "Pass --guide, or use --design uniform",
    });
  return { budget, design, seed, guide };
}

export interface SampledOutcome {
  outcome: EvalOutcome;
  records: SampleRecord[];
  manifest: SampleManifest;
  note: string;
}

/**
 * Task 1 in full; the guide's forecast from it (risk design); the sample drawn; Task 2 on the
 * drawn items. Re-running with a larger budget draws a superset, and the response store answers
 * the items already bought.
 */
export async function runSampledEval(
  client: Parameters<typeof runEval>[0],
  plan: EvalPlan,
  settings: SampleSettings,
  options: RunEvalOptions,
  out: string,
): Promise<SampledOutcome> {
  const first = await runEval(client, task1Part(plan), options);
  const grid = sampleGrid(plan, first.task1);
  if (grid.length === 0)
    throw new InputError(
      "Task 1 rated none of the planned items, so no Task-2 sample can be drawn (Task 1 is missing)",
      {
        file: out,
        hint: "Check the Task-1 answers: rerun without --task2-budget to keep them, then `valens metrics` shows coverage",
      },
    );
  const budget = parseBudget(settings.budget, grid.length);
  const forecast = settings.guide ? await forecastOf(settings.guide, plan, first.task1, out) : undefined;
  const records = drawTask2Sample({
    plan,
    task1: first.task1,
    design: settings.design,
    budget,
    seed: settings.seed,
    ...(forecast ? { forecast } : {}),
  });
  const drawn = records.filter((r) => r.drawn).length;
  status(
    `task 2 sample: ${drawn} of ${grid.length} items drawn (${settings.design} design, ${budget.toFixed(1)} expected, seed ${settings.seed})`,
  );
  const second = await runEval(client, task2PartFor(plan, records), options);
  const outcome: EvalOutcome = {
    task1: first.task1,
    task2: second.task2,
    failedRequests: [...first.failedRequests, ...second.failedRequests],
    retried: first.retried + second.retried,
    summary: addSummaries(first.summary, second.summary),
  };
  const manifest: SampleManifest = {
    file: "task2-sample.jsonl",
    design: settings.design,
    estimator: DEFAULT_ESTIMATOR,
    budget: settings.budget,
    expectedItems: budget,
    items: grid.length,
    drawn,
    seed: settings.seed,
    floor: settings.design === "risk" ? DEFAULT_RISK_FLOOR : null,
    guide: settings.guide
      ? {
          dir: settings.guide.dir,
          trainedOn: settings.guide.predictor.card.training.runs.map((r) => r.model),
          formatVersion: settings.guide.predictor.card.formatVersion,
          forced: settings.guide.forced,
        }
      : null,
  };
  const note = `Task 2 ran on a sample: ${drawn} of ${grid.length} items drawn (${settings.design} design, budget ${settings.budget}); valens metrics estimates the whole grid from it (task2-sample.jsonl)`;
  return { outcome, records, manifest, note };
}

async function forecastOf(
  guide: NonNullable<SampleSettings["guide"]>,
  plan: EvalPlan,
  task1: readonly Task1Record[],
  out: string,
): Promise<Map<string, number>> {
  const { forecastRun } = await import("@valens/gap-predictor");
  const contents = buildEvalRun(
    task1Part(plan),
    { task1: [...task1], task2: [], failedRequests: [], retried: 0, summary: emptySummary() },
    {
      client: { ref: "", model: "guide-input", baseUrl: "" },
      startedAt: new Date(0),
      finishedAt: new Date(0),
      parameters: {},
    },
  );
  const run: LoadedRun = { ...contents, dir: out };
  const embeddings = await embeddingSource(
    guide.predictor.card.featureSchema.embeddings?.ref,
    guide.predictor.card.featureSchema.embeddings?.baseUrl ?? undefined,
  );
  // The guide's own probabilities set the design (the run has no Task 2 yet to recalibrate on).
  const forecast = await forecastRun(guide.predictor, run, {
    recalibrate: false,
    ...(embeddings ? { embeddings } : {}),
  });
  return new Map(forecast.items.map((i) => [itemKey(i), i.probability]));
}
