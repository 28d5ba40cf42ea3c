import { setMaxListeners } from "node:events";
import { basename } from "node:path";
import { writeRun } from "@valens/core";
import { ProviderError } from "@valens/llm";
import { writeSampleFile } from "@valens/metrics";
import { buildEvalRun, type EvalJobMeta, runEval } from "@valens/tasks";
import { toRunOptions } from "../../model-options.js";
import { status } from "../../output.js";
import { onStopSignal } from "../../signals.js";
import type { ModelRun } from "./run.js";
import { runSampledEval } from "./sample.js";
import type { EvalSetup } from "./setup.js";

export interface RunSummaryRow {
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

type Outcome = Awaited<ReturnType<typeof runEval>>;
type Sampled = Awaited<ReturnType<typeof runSampledEval>>;

/** Asks the model, stopping (answers kept) on Ctrl-C or SIGTERM; sampled when --task2-budget. */
async function ask(
  run: ModelRun,
  setup: EvalSetup,
  retryUnparsed: number,
): Promise<{ outcome: Outcome; sampled: Sampled | null }> {
  const controller = new AbortController();
  // The client listens on the signal once per request in flight.
  setMaxListeners(0, controller.signal);
  const removeSignal = onStopSignal((signal) => {
    status(`valens: ${signal} received: stopping; every answer received so far is kept`);
    controller.abort();
  });
  try {
    const evalOptions = {
      catalog: setup.catalog,
      retryUnparsed,
      runOptions: toRunOptions<EvalJobMeta>(run.options, { signal: controller.signal }),
    };
    if (setup.sample) {
      const sampled = await runSampledEval(run.client, setup.plan, setup.sample, evalOptions, run.out);
      return { outcome: sampled.outcome, sampled };
    }
    return { outcome: await runEval(run.client, setup.plan, evalOptions), sampled: null };
  } finally {
    removeSignal();
  }
}

function datasetRecord(dataset: EvalSetup["dataset"]) {
  if (!dataset) return {};
  const { file, sha256, actions } = dataset;
  return { dataset: { path: file, sha256, records: actions.length, name: basename(file) } };
}

function summaryRow(
  run: ModelRun,
  contents: ReturnType<typeof buildEvalRun>,
  outcome: Outcome,
  sampled: Sampled | null,
  startedAt: Date,
): RunSummaryRow {
  const t1 = contents.manifest.tasks.task1;
  const t2 = contents.manifest.tasks.task2;
  const fmt = (t: typeof t1) => (t ? `${t.records} (${t.failed} unparsed)` : "-");
  const sample = sampled?.manifest;
  return {
    model: run.ref,
    out: run.out,
    requests: outcome.summary.requests,
    cacheHits: outcome.summary.cacheHits,
    task1: fmt(t1),
    task2: fmt(t2),
    failedRequests: outcome.failedRequests.length,
    seconds: Math.round((Date.now() - startedAt.getTime()) / 100) / 10,
    ...(sample
      ? {
          task2Sample: {
            design: sample.design,
            items: sample.items,
            expectedItems: sample.expectedItems,
            drawn: sample.drawn,
          },
        }
      : {}),
  };
}

/** One model's run: asked, written to its run directory, summarised. */
export async function runOne(
  run: ModelRun,
  setup: EvalSetup,
  parameters: Record<string, unknown>,
  retryUnparsed: number,
): Promise<RunSummaryRow> {
  const startedAt = new Date();
  const { outcome, sampled } = await ask(run, setup, retryUnparsed);
  const contents = buildEvalRun(setup.plan, outcome, {
    client: run.client,
    ...datasetRecord(setup.dataset),
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
  return summaryRow(run, contents, outcome, sampled, startedAt);
}
