import type {
  Catalog,
  ChatJob,
  ChatResult,
  ModelClient,
  RunOptions,
  RunSummary,
  Task1Record,
  Task2Record,
} from "@valens/core";
import type { EvalJobMeta, Task1JobMeta, Task2JobMeta } from "./job-meta.js";
import { task1JobId, task2JobId } from "./job-meta.js";
import type { EvalPlan } from "./plan.js";
import { task1Record } from "./task1.js";
import { task2Record } from "./task2.js";

export interface FailedRequest {
  id: string;
  error: string;
}

export interface EvalOutcome {
  task1: Task1Record[];
  task2: Task2Record[];
  /** Requests that got no answer after the client's retries; their records are absent. */
  failedRequests: FailedRequest[];
  /** Fresh samples asked for unparsable answers (--retry-unparsed). */
  retried: number;
  summary: RunSummary;
}

export interface RunEvalOptions {
  runOptions?: Omit<RunOptions<EvalJobMeta>, "onResult">;
  /** Rounds of fresh samples for answers that could not be parsed (0 = none). */
  retryUnparsed?: number;
  onResult?: (result: ChatResult<EvalJobMeta>) => void;
  /** Resolves value names in Task-1 answers. */
  catalog: Catalog;
}

/**
 * Runs the plan's jobs through the client and maps every answer to its record. Unparsable
 * answers stay in the records (raw kept, parseStatus "failed"); with `retryUnparsed`, each gets
 * a fresh sample (a new sample index, so not the cached answer) and both records are kept.
 */
export async function runEval(
  client: ModelClient,
  plan: EvalPlan,
  options: RunEvalOptions,
): Promise<EvalOutcome> {
  const task1: Task1Record[] = [];
  const task2: Task2Record[] = [];
  const failedRequests: FailedRequest[] = [];
  let summary: RunSummary | undefined;
  let retried = 0;
  let jobs: readonly ChatJob<EvalJobMeta>[] = plan.jobs;
  const rounds = options.retryUnparsed ?? 0;

  for (let round = 0; jobs.length > 0; round++) {
    const { results, summary: roundSummary } = await client.run(jobs, {
      ...options.runOptions,
      ...(options.onResult ? { onResult: options.onResult } : {}),
    });
    summary = summary ? addSummaries(summary, roundSummary) : roundSummary;
    const retry: ChatJob<EvalJobMeta>[] = [];
    for (const result of results) {
      if (!result.ok) {
        failedRequests.push({ id: result.job.id, error: result.error });
        continue;
      }
      const meta = result.job.meta;
      const record =
        meta.task === 1 ? task1Record(meta, result.text, options.catalog) : task2Record(meta, result.text);
      if (result.job.meta.task === 1) task1.push(record as Task1Record);
      else task2.push(record as Task2Record);
      if (record.parseStatus === "failed" && round < rounds) retry.push(nextSample(result.job));
    }
    retried += retry.length;
    jobs = retry;
    if (options.runOptions?.signal?.aborted) break;
  }
  return {
    task1,
    task2,
    failedRequests,
    retried,
    summary: summary ?? emptySummary(),
  };
}

function nextSample(job: ChatJob<EvalJobMeta>): ChatJob<EvalJobMeta> {
  const sample = job.meta.sample + 1;
  if (job.meta.task === 1) {
    const meta: Task1JobMeta = { ...job.meta, sample };
    return { ...job, id: task1JobId(meta), sample, meta };
  }
  const meta: Task2JobMeta = { ...job.meta, sample };
  return { ...job, id: task2JobId(meta), sample, meta };
}

export function addSummaries(a: RunSummary, b: RunSummary): RunSummary {
  return {
    requests: a.requests + b.requests,
    cacheHits: a.cacheHits + b.cacheHits,
    failures: a.failures + b.failures,
    usage: {
      promptTokens: a.usage.promptTokens + b.usage.promptTokens,
      completionTokens: a.usage.completionTokens + b.usage.completionTokens,
    },
    costUsd: a.costUsd === null || b.costUsd === null ? (a.costUsd ?? b.costUsd) : a.costUsd + b.costUsd,
    servedModels: [...new Set([...a.servedModels, ...b.servedModels])],
    systemFingerprints: [...new Set([...a.systemFingerprints, ...b.systemFingerprints])],
    durationMs: a.durationMs + b.durationMs,
  };
}

export const emptySummary = (): RunSummary => ({
  requests: 0,
  cacheHits: 0,
  failures: 0,
  usage: { promptTokens: 0, completionTokens: 0 },
  costUsd: null,
  servedModels: [],
  systemFingerprints: [],
  durationMs: 0,
});
