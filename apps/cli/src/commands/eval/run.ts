import { join, resolve } from "node:path";
import { acquireLock, InputError, type Lock, lockFileFor } from "@valens/core";
import { checkReachable, createModelClient, type ModelClient } from "@valens/llm";
import { templatesHash } from "@valens/tasks";
import { gridFilters } from "../../grid-options.js";
import { formatPlan } from "../../model/plan-format.js";
import { type ModelCliOptions, toClientOptions, toRunOptions } from "../../model-options.js";
import { status } from "../../output.js";
import { checkRunOutput } from "../../run-output.js";
import type { EvalOptions } from "./options.js";
import { type RunSummaryRow, runOne } from "./run-one.js";
import { type EvalSetup, prepareEval } from "./setup.js";

/** "openai:gpt-4o-mini" -> "openai-gpt-4o-mini": the sub-directory of a model in a multi-model run. */
const modelSlug = (ref: string): string => ref.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "");

export interface ModelRun {
  ref: string;
  client: ModelClient;
  out: string;
  options: ModelCliOptions;
}

/** Every run's summary, or null for a dry run; and how many requests got no answer. */
export interface EvalResult {
  summaries: RunSummaryRow[] | null;
  failedRequests: number;
}

/** Files eval reads, which --out must not replace. */
const evalInputs = (options: EvalOptions): string[] =>
  [options.dataset, options.templates, options.catalog].filter((f): f is string => f !== undefined);

/** One client per --model, each with its checked output directory, added to `runs` as created. */
async function createRuns(options: EvalOptions, runs: ModelRun[]): Promise<void> {
  const { model: refs, ...flags } = options;
  for (const ref of refs) {
    const modelOptions: ModelCliOptions = { ...flags, model: ref };
    // A dry run writes nothing, so it needs no --out and no check of one.
    const base = options.out ?? "(dry run)";
    const out = refs.length > 1 ? join(base, modelSlug(ref)) : base;
    if (!options.dryRun) await checkRunOutput(out, ref, options.force === true, evalInputs(options));
    runs.push({
      ref,
      client: createModelClient(ref, toClientOptions(modelOptions)),
      out,
      options: modelOptions,
    });
  }
  if (new Set(runs.map((r) => r.out)).size !== runs.length)
    throw new InputError("Two --model values name the same model", { hint: "Give each model once" });
}

/** Prints the plan and each model's estimate; returns the runs with requests to send. */
async function announcePlan(setup: EvalSetup, runs: readonly ModelRun[]): Promise<ModelRun[]> {
  const { plan } = setup;
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
  return toSend;
}

/** Two processes on one run directory or store would buy every answer twice. */
async function lockRuns(runs: readonly ModelRun[], wait: boolean, locks: Lock[]): Promise<void> {
  const command = `valens ${process.argv.slice(2).join(" ")}`.slice(0, 200);
  for (const run of runs) {
    locks.push(await acquireLock(resolve(run.out), { what: `The run directory ${run.out}`, command, wait }));
    const storePath = run.client.storePath;
    if (storePath === undefined) continue;
    const store = resolve(storePath);
    if (!locks.some((l) => l.file === lockFileFor(store)))
      locks.push(await acquireLock(store, { what: `The response store ${storePath}`, command, wait }));
  }
}

/** The parameters every run's manifest records. */
function runParameters(options: EvalOptions, setup: EvalSetup): Record<string, unknown> {
  const { tasks, variants, templates } = setup;
  return {
    tasks: Object.entries(tasks)
      .filter(([, on]) => on)
      .map(([t]) => t),
    variants,
    filters: gridFilters(options),
    limit: options.limit ?? null,
    temperature: options.temperature ?? null,
    maxTokens: options.maxTokens ?? null,
    retryUnparsed: options.retryUnparsed,
    templates: options.templates ?? "built-in",
    templatesHash: {
      task1: templatesHash(templates, "task1", variants.task1),
      task2: templatesHash(templates, "task2", variants.task2),
    },
    catalog: options.catalog ?? "built-in",
  };
}

/** `valens eval`: every check that can fail without a request happens before the first one is sent. */
export async function runEvalCommand(options: EvalOptions): Promise<EvalResult> {
  const setup = await prepareEval(options);
  const runs: ModelRun[] = [];
  const locks: Lock[] = [];
  try {
    await createRuns(options, runs);
    const toSend = await announcePlan(setup, runs);
    if (options.dryRun) return { summaries: null, failedRequests: 0 };
    await lockRuns(runs, options.wait === true, locks);
    // A dead host fails here in seconds, before any run directory exists.
    for (const run of toSend) await checkReachable(run.client.baseUrl);
    const parameters = runParameters(options, setup);
    const summaries: RunSummaryRow[] = [];
    for (const run of runs) summaries.push(await runOne(run, setup, parameters, options.retryUnparsed));
    return { summaries, failedRequests: summaries.reduce((n, s) => n + s.failedRequests, 0) };
  } finally {
    for (const run of runs) await run.client.close();
    for (const lock of locks) lock.release();
  }
}
