import { setMaxListeners } from "node:events";
import { basename, join, resolve } from "node:path";
import { acquireLock, InputError, type Lock, lockFileFor, UsageError, writeRun } from "@valens/core";
import { type LoadedDataset, loadDataset } from "@valens/dataset-gen";
import {
  checkReachable,
  createModelClient,
  formatPlan,
  MODEL_OPTION_SPECS,
  type ModelClient,
  type ModelCliOptions,
  ProviderError,
  parseModelCliOptions,
  toClientOptions,
  toRunOptions,
} from "@valens/llm";
import { writeSampleFile } from "@valens/metrics";
import {
  buildEvalRun,
  type EvalJobMeta,
  type EvalPlan,
  loadTemplates,
  parseVariantSpec,
  planEval,
  runEval,
  templatesHash,
} from "@valens/tasks";
import type { Command } from "commander";
import { ExitCode } from "../exit-codes.js";
import {
  addGridOptions,
  checkRunOutput,
  gridFilters,
  loadCatalog,
  parseLimit,
  samplingFlags,
} from "../grid-options.js";
import { printJson, printLine, status } from "../output.js";
import { onStopSignal } from "../signals.js";
import { addSampleOptions, readSampleSettings, runSampledEval, type SampleSettings } from "./eval-sample.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** "openai:gpt-4o-mini" -> "openai-gpt-4o-mini": the sub-directory of a model in a multi-model run. */
export const modelSlug = (ref: string): string =>
  ref.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "");

function parseTasks(spec: string): { task1: boolean; task2: boolean } {
  const parts = spec.split(",").map((s) => s.trim());
  if (parts.length === 0 || parts.some((p) => p !== "1" && p !== "2"))
    throw new InputError(`--tasks "${spec}" is not a task list`, { hint: 'Use "1", "2" or "1,2"' });
  return { task1: parts.includes("1"), task2: parts.includes("2") };
}

interface ModelRun {
  ref: string;
  client: ModelClient;
  out: string;
  options: ModelCliOptions;
}

export function registerEval(program: Command): void {
  const command = program
    .command("eval")
    .description("Run Task 1 (stated values) and Task 2 (chosen actions) against one or more models")
    .requiredOption("-m, --model <provider:model>", "model to evaluate; repeat for several models", collect)
    .option("--tasks <list>", "tasks to run: 1, 2 or 1,2", "1,2")
    .option(
      "--variants <spec>",
      "prompt variants of both tasks, e.g. 5, 0-7 or 1,3,5 (default: task 1 0-7, task 2 5)",
    )
    .option("--task1-variants <spec>", "Task 1 variants (default 0-7)")
    .option("--task2-variants <spec>", "Task 2 variants (default 5, the study's)")
    .option(
      "--dataset <file or run>",
      "actions to evaluate: the VIA CSV, a dataset JSONL or a run directory",
    );
  addGridOptions(command);
  addSampleOptions(command);
  for (const spec of MODEL_OPTION_SPECS)
    if (!spec.flags.includes("--model")) command.option(spec.flags, spec.description);
  command
    .option("--temperature <t>", "sampling temperature", "0.2")
    .option("--max-tokens <n>", "most tokens per answer")
    .option("--templates <file>", "prompt templates (JSON/YAML) replacing the built-in wording per variant")
    .option("--retry-unparsed [rounds]", "ask unparsable answers again with a fresh sample (default 1 round)")
    .option("--force", "replace an output directory that holds something else")
    .option("--json", "print the summary as JSON")
    .option("--wait", "wait for another valens process using the same run directory or store to finish")
    .option(
      "-o, --out <run-dir>",
      "run directory to write (one sub-directory per model with several); not needed with --dry-run",
    )
    .addHelpText(
      "after",
      `
With several --model, each model's run goes to <out>/<provider-model>/ and all share one plan.
Re-running the same command resumes: answers already received come from the response store.

Example:
  $ valens dataset download --to data
  $ valens eval --model openai:gpt-4o-mini --dataset data/via.jsonl --countries "United States" --out runs/mini
  $ valens metrics runs/mini
  $ valens eval --model openai:gpt-4o-mini --dataset data/via.jsonl --task2-budget 10% --guide predictors/others --out runs/mini-sampled`,
    )
    .action(async (raw: Record<string, unknown>) => {
      await evalAction(raw);
    });
}

async function evalAction(raw: Record<string, unknown>): Promise<void> {
  const refs = raw.model as string[];
  const modelOptions = refs.map((model) => parseModelCliOptions({ ...raw, model }));
  const tasks = parseTasks(String(raw.tasks));
  // Variants of a task that does not run would be silently ignored: a contradiction, not a choice.
  if (!tasks.task2 && typeof raw.task2Variants === "string")
    throw UsageError.conflict(
      `--tasks ${String(raw.tasks)}`,
      "--task2-variants",
      "Add 2 to --tasks, or drop --task2-variants",
    );
  if (!tasks.task1 && typeof raw.task1Variants === "string")
    throw UsageError.conflict(
      `--tasks ${String(raw.tasks)}`,
      "--task1-variants",
      "Add 1 to --tasks, or drop --task1-variants",
    );
  const both = typeof raw.variants === "string" ? parseVariantSpec(raw.variants) : undefined;
  const variants = {
    task1:
      typeof raw.task1Variants === "string"
        ? parseVariantSpec(raw.task1Variants, "--task1-variants")
        : (both ?? parseVariantSpec("0-7")),
    task2:
      typeof raw.task2Variants === "string"
        ? parseVariantSpec(raw.task2Variants, "--task2-variants")
        : (both ?? [5]),
  };
  const { temperature, maxTokens, retryUnparsed } = samplingFlags(raw);
  const dryRun = modelOptions[0]?.dryRun === true;
  if (typeof raw.out !== "string" && !dryRun)
    throw new InputError("--out is missing: eval needs a run directory to write", {
      hint: "Pass --out runs/<name>, or --dry-run to see the requests, tokens and cost without writing anything",
    });
  const catalog = await loadCatalog(raw.catalog);
  const templates = await loadTemplates(typeof raw.templates === "string" ? raw.templates : undefined);

  let dataset: LoadedDataset | undefined;
  if (typeof raw.dataset === "string") dataset = await loadDataset(raw.dataset);
  else if (tasks.task2) {
    throw new InputError("Task 2 needs a dataset: --dataset is missing", {
      hint: "Run `valens dataset download --to data` first, then pass --dataset data/via.jsonl",
    });
  }
  const params = {
    ...(temperature === undefined ? {} : { temperature }),
    ...(maxTokens === undefined ? {} : { max_tokens: maxTokens }),
  };
  const plan = planEval({
    catalog,
    ...(dataset ? { actions: dataset.actions, datasetSource: dataset.file } : {}),
    tasks,
    variants,
    filters: gridFilters(raw),
    ...(raw.limit === undefined ? {} : { limit: parseLimit(raw.limit) }),
    templates,
    params: { task1: params, task2: params },
  });

  // Every check that can fail without a request happens before the first one is sent.
  const force = raw.force === true;
  const sample = await readSampleSettings(
    raw,
    tasks,
    plan,
    modelOptions.map((o) => o.model),
  );
  const runs: ModelRun[] = [];
  const locks: Lock[] = [];
  try {
    for (const [index, options] of modelOptions.entries()) {
      // A dry run writes nothing, so it needs no --out and no check of one.
      const base = typeof raw.out === "string" ? raw.out : "(dry run)";
      const out = refs.length > 1 ? join(base, modelSlug(options.model)) : base;
      if (!dryRun) await checkRunOutput(out, options.model, force, evalInputs(raw));
      const client = createModelClient(options.model, toClientOptions(options));
      runs.push({ ref: refs[index] as string, client, out, options });
    }
    if (new Set(runs.map((r) => r.out)).size !== runs.length)
      throw new InputError("Two --model values name the same model", { hint: "Give each model once" });

    status(
      `plan: ${plan.jobs.length} requests per model (${plan.scenarios.length} scenarios, ${plan.items.length} items${plan.unpairable.length ? `, ${plan.unpairable.length} unpairable items skipped and reported` : ""})`,
    );
    for (const u of plan.unpairable.slice(0, 5)) status(`  unpairable: ${u.item}: ${u.reason}`);
    if (plan.unpairable.length > 5)
      status(`  ... ${plan.unpairable.length - 5} more (listed in the run's manifest notes)`);
    const toSend: ModelRun[] = [];
    for (const run of runs) {
      const estimate = await run.client.plan(plan.jobs, toRunOptions(run.options));
      for (const line of formatPlan(run.ref, estimate)) status(line);
      if (estimate.requestsToSend > 0) toSend.push(run);
    }
    if (dryRun) return;
    // Two processes on one run directory or store would buy every answer twice.
    const command = `valens ${process.argv.slice(2).join(" ")}`.slice(0, 200);
    for (const run of runs) {
      locks.push(
        await acquireLock(resolve(run.out), {
          what: `The run directory ${run.out}`,
          command,
          wait: raw.wait === true,
        }),
      );
      const storePath = run.client.storePath;
      if (storePath === undefined) continue;
      const store = resolve(storePath);
      if (!locks.some((l) => l.file === lockFileFor(store)))
        locks.push(
          await acquireLock(store, {
            what: `The response store ${storePath}`,
            command,
            wait: raw.wait === true,
          }),
        );
    }
    // A dead host fails here in seconds, before any run directory exists.
    for (const run of toSend) await checkReachable(run.client.baseUrl);

    const summaries = [];
    const parameters = {
      tasks: Object.entries(tasks)
        .filter(([, on]) => on)
        .map(([t]) => t),
      variants,
      filters: gridFilters(raw),
      limit: raw.limit === undefined ? null : parseLimit(raw.limit),
      temperature: temperature ?? null,
      maxTokens: maxTokens ?? null,
      retryUnparsed,
      templates: typeof raw.templates === "string" ? raw.templates : "built-in",
      templatesHash: {
        task1: templatesHash(templates, "task1", variants.task1),
        task2: templatesHash(templates, "task2", variants.task2),
      },
      catalog: typeof raw.catalog === "string" ? raw.catalog : "built-in",
    };
    let failedRequests = 0;
    for (const run of runs) {
      const summary = await runOne(run, plan, dataset, parameters, retryUnparsed, catalog, sample);
      failedRequests += summary.failedRequests;
      summaries.push(summary);
    }
    if (raw.json === true) printJson(summaries);
    else printSummaryTable(summaries);
    if (failedRequests > 0) {
      status(
        `valens: ${failedRequests} request(s) got no answer after retries (listed in the manifests' notes); rerun the same command to ask only for those`,
      );
      process.exitCode = ExitCode.provider;
    }
  } finally {
    for (const run of runs) await run.client.close();
    for (const lock of locks) lock.release();
  }
}

/** Files eval reads, which --out must not replace. */
const evalInputs = (raw: Record<string, unknown>): string[] =>
  [raw.dataset, raw.templates, raw.catalog].filter((f): f is string => typeof f === "string");

interface RunSummaryRow {
  model: string;
  out: string;
  requests: number;
  cacheHits: number;
  task1: string;
  task2: string;
  failedRequests: number;
  seconds: number;
  /** A sampled run (--task2-budget): the design and how many of the grid's items were drawn. */
  task2Sample?: { design: string; items: number; expectedItems: number; drawn: number };
}

async function runOne(
  run: ModelRun,
  plan: EvalPlan,
  dataset: LoadedDataset | undefined,
  parameters: Record<string, unknown>,
  retryUnparsed: number,
  catalog: Awaited<ReturnType<typeof loadCatalog>>,
  sample: SampleSettings | null = null,
): Promise<RunSummaryRow> {
  const startedAt = new Date();
  const controller = new AbortController();
  // The client listens on the signal once per request in flight.
  setMaxListeners(0, controller.signal);
  const removeSignal = onStopSignal((signal) => {
    status(`valens: ${signal} received: stopping; every answer received so far is kept`);
    controller.abort();
  });
  let outcome: Awaited<ReturnType<typeof runEval>>;
  let sampled: Awaited<ReturnType<typeof runSampledEval>> | null = null;
  try {
    const evalOptions = {
      catalog,
      retryUnparsed,
      runOptions: toRunOptions<EvalJobMeta>(run.options, { signal: controller.signal }),
    };
    if (sample) sampled = await runSampledEval(run.client, plan, sample, evalOptions, run.out);
    outcome = sampled ? sampled.outcome : await runEval(run.client, plan, evalOptions);
  } finally {
    removeSignal();
  }
  const contents = buildEvalRun(plan, outcome, {
    client: run.client,
    ...(dataset
      ? {
          dataset: {
            path: dataset.file,
            sha256: dataset.sha256,
            records: dataset.actions.length,
            name: basename(dataset.file),
          },
        }
      : {}),
    startedAt,
    finishedAt: new Date(),
    parameters: sampled ? { ...parameters, task2Sample: sampled.manifest } : parameters,
  });
  if (sampled) contents.manifest.notes.push(sampled.note);
  const answered =
    (contents.manifest.tasks.task1?.records ?? 0) + (contents.manifest.tasks.task2?.records ?? 0);
  if (answered === 0 && outcome.failedRequests.length > 0) {
    // An empty run would only be refused by `valens metrics`; keep whatever was there before.
    throw new ProviderError(
      `No answer came from ${run.client.baseUrl} for ${run.ref} (${outcome.failedRequests.length} request(s) failed; last: ${outcome.failedRequests.at(-1)?.error ?? "unknown"}); nothing was written to ${run.out}`,
      undefined,
      { hint: "Check the endpoint, model name and key, then rerun the same command" },
    );
  }
  const records = sampled?.records;
  await writeRun(run.out, contents, {
    force: true,
    ...(records ? { extra: (dir: string) => writeSampleFile(dir, records) } : {}),
  });
  const t1 = contents.manifest.tasks.task1;
  const t2 = contents.manifest.tasks.task2;
  const fmt = (t: typeof t1) => (t ? `${t.records} (${t.failed} unparsed)` : "-");
  return {
    model: run.ref,
    out: run.out,
    requests: outcome.summary.requests,
    cacheHits: outcome.summary.cacheHits,
    task1: fmt(t1),
    task2: fmt(t2),
    failedRequests: outcome.failedRequests.length,
    seconds: Math.round((Date.now() - startedAt.getTime()) / 100) / 10,
    ...(sampled
      ? {
          task2Sample: {
            design: sampled.manifest.design,
            items: sampled.manifest.items,
            expectedItems: sampled.manifest.expectedItems,
            drawn: sampled.manifest.drawn,
          },
        }
      : {}),
  };
}

function printSummaryTable(rows: readonly RunSummaryRow[]): void {
  const header = [
    "model",
    "requests",
    "cache hits",
    "task 1 records",
    "task 2 records",
    "failed",
    "seconds",
    "run directory",
  ];
  const table = [
    header,
    ...rows.map((r) => [
      r.model,
      String(r.requests),
      String(r.cacheHits),
      r.task1,
      r.task2,
      String(r.failedRequests),
      String(r.seconds),
      r.out,
    ]),
  ];
  const widths = header.map((_, i) => Math.max(...table.map((row) => (row[i] ?? "").length)));
  for (const row of table)
    printLine(
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    );
}
