import {
  type ModelClient,
  RUN_FORMAT_VERSION,
  type RunContents,
  type RunManifest,
  runTiming,
  type TaskSummary,
  VALENS_VERSION,
} from "@valens/core";
import type { EvalPlan } from "./plan.js";
import type { EvalOutcome } from "./run-eval.js";

export interface EvalRunInfo {
  client: Pick<ModelClient, "ref" | "model" | "baseUrl">;
  dataset?: { path: string; sha256: string; records: number; name?: string };
  startedAt: Date;
  finishedAt: Date;
  /** Everything else that shaped the answers (templates, sampling, filters, ...). */
  parameters: Record<string, unknown>;
}

function summarise(variants: readonly number[], records: readonly { parseStatus: string }[]): TaskSummary {
  const count = (status: string) => records.filter((r) => r.parseStatus === status).length;
  return {
    variants: [...variants],
    records: records.length,
    clean: count("clean"),
    repaired: count("repaired"),
    failed: count("failed"),
  };
}

/** The run directory's contents for a live evaluation. */
export function buildEvalRun(plan: EvalPlan, outcome: EvalOutcome, info: EvalRunInfo): RunContents {
  const { input } = plan;
  const notes: string[] = [];
  for (const u of plan.unpairable) notes.push(`unpairable item ${u.item}: ${u.reason}`);
  if (plan.duplicates > 0) notes.push(`${plan.duplicates} repeated dataset records ignored (first one kept)`);
  for (const f of outcome.failedRequests) notes.push(`request failed, no answer: ${f.id}: ${f.error}`);
  const unparsed = [...outcome.task1, ...outcome.task2].filter((r) => r.parseStatus === "failed").length;
  if (unparsed > 0)
    notes.push(`${unparsed} answers could not be parsed (kept raw; retry with --retry-unparsed)`);
  if (outcome.retried > 0) notes.push(`${outcome.retried} fresh samples asked for unparsable answers`);

  const manifest: RunManifest = {
    kind: "valens-run",
    formatVersion: RUN_FORMAT_VERSION,
    valensVersion: VALENS_VERSION,
    createdAt: info.finishedAt.toISOString(),
    model: {
      name: info.client.model,
      ref: info.client.ref,
      baseUrl: info.client.baseUrl,
      served: outcome.summary.servedModels,
      systemFingerprints: outcome.summary.systemFingerprints,
    },
    source: {
      type: "live",
      files: info.dataset ? { dataset: { path: info.dataset.path, sha256: info.dataset.sha256 } } : {},
    },
    ...(info.dataset
      ? {
          dataset: {
            sha256: info.dataset.sha256,
            records: info.dataset.records,
            ...(info.dataset.name ? { name: info.dataset.name } : {}),
          },
        }
      : {}),
    tasks: {
      task1: input.tasks.task1 ? summarise(input.variants.task1, outcome.task1) : null,
      task2: input.tasks.task2 ? summarise(input.variants.task2, outcome.task2) : null,
    },
    parameters: {
      ...info.parameters,
      scenarios: plan.scenarios.length,
      items: plan.items.length,
      values: plan.values.length,
      unpairableItems: plan.unpairable.length,
      failedRequests: outcome.failedRequests.length,
    },
    timing: runTiming(info.startedAt, info.finishedAt),
    usage: {
      requests: outcome.summary.requests,
      cacheHits: outcome.summary.cacheHits,
      promptTokens: outcome.summary.usage.promptTokens,
      completionTokens: outcome.summary.usage.completionTokens,
      costUsd: outcome.summary.costUsd,
    },
    notes,
  };
  return { manifest, actions: plan.actions, task1: outcome.task1, task2: outcome.task2 };
}
