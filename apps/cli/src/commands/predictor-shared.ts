import { InputError } from "@valens/core";
import type { BinaryMetrics, EmbeddingSource, EvaluationReport } from "@valens/gap-predictor";
import { z } from "zod";
import type { ArgumentSpec, NumberRule, OptionSpec } from "../cli/option-spec.js";
import { formatTable, integer } from "../table.js";

const cell = (n: number | null | undefined) => (n === null || n === undefined ? "–" : n.toFixed(3));

/** Predictor and baselines side by side, one row each. */
export function metricsTable(report: EvaluationReport): string {
  const row = (name: string, m: BinaryMetrics) => [
    name,
    cell(m.auroc),
    cell(m.ap),
    cell(m.f1),
    cell(m.precision),
    cell(m.recall),
    cell(m.accuracy),
    cell(m.brier),
    cell(m.ece),
  ];
  return formatTable(
    ["", "AUROC", "AP", "F1", "precision", "recall", "accuracy", "Brier", "ECE"],
    [
      row("predictor", report),
      ...Object.entries(report.baselines).map(([name, m]) => row(`baseline: ${name}`, m)),
    ],
  );
}

/** The 95% bootstrap intervals of a report, one row per scorer (empty without intervals). */
export function intervalsTable(report: EvaluationReport): string {
  const intervals = report.intervals;
  if (!intervals) return "";
  const span = (ci: [number, number] | undefined) => (ci ? `${cell(ci[0])} – ${cell(ci[1])}` : "–");
  const row = (name: string, cis: Record<string, [number, number]>) => [
    name,
    span(cis.auroc),
    span(cis.ap),
    span(cis.f1),
    span(cis.brier),
  ];
  return `95% bootstrap intervals (${integer(intervals.resamples)} resamples of the examples)\n${formatTable(
    ["", "AUROC", "AP", "F1", "Brier"],
    [
      row("predictor", intervals.predictor),
      ...Object.entries(intervals.baselines).map(([name, cis]) => row(`baseline: ${name}`, cis)),
    ],
  )}`;
}

export function reportSummary(report: EvaluationReport): string {
  const what = report.task === "gap" ? "items, misaligned" : "actions, chosen";
  return `${integer(report.n)} ${what} ${integer(report.positives)}`;
}

/**
 * Sentence embeddings through @valens/llm's ModelClient (cached like every model answer).
 * Looked up at run time so this command works in builds where the client is not present.
 */
export async function embeddingSource(
  ref: string | undefined,
  baseUrl: string | undefined,
  limits: { timeout?: number | undefined; maxAttempts?: number | undefined } = {},
): Promise<EmbeddingSource | undefined> {
  const { maxAttempts } = limits;
  const timeoutMs = limits.timeout === undefined ? undefined : Math.round(limits.timeout * 1000);
  if (ref === undefined) {
    if (baseUrl !== undefined)
      throw new InputError("--base-url is only used with --embeddings <provider:model>");
    return undefined;
  }
  const llm = (await import("@valens/llm")) as Record<string, unknown>;
  const create = llm.createModelClient as
    | ((
        ref: string,
        options: { baseUrl?: string; timeoutMs?: number; maxAttempts?: number },
      ) => EmbeddingSource & { close(): Promise<void> })
    | undefined;
  if (typeof create !== "function") {
    throw new InputError(
      "Sentence embeddings need the model client of @valens/llm, which this build does not include",
      {
        hint: "Train without --embeddings, or upgrade valens",
      },
    );
  }
  return create(ref, {
    ...(baseUrl === undefined ? {} : { baseUrl }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
  });
}

/** The flags of commands whose only model call is for sentence embeddings. */
export const EMBEDDING_OPTION_SPECS = (embeddings: string): readonly OptionSpec[] => [
  { flags: "--embeddings <provider:model>", description: embeddings },
  { flags: "--base-url <url>", description: "base URL of the embeddings endpoint" },
  {
    flags: "--timeout <s>",
    description: "seconds to wait for one embeddings answer (default 60; config key timeoutMs)",
    value: {
      type: "number",
      above: 0,
      fail: { as: "usage", message: '{flag} must be a positive number of seconds, got "{value}"' },
    },
  },
  {
    flags: "--max-attempts <n>",
    description: "attempts per embeddings request (default 8; config key maxAttempts)",
    value: {
      type: "int",
      min: 1,
      fail: { as: "usage", message: '{flag} must be a whole number >= 1, got "{value}"' },
    },
  },
];

export const embeddingOptionsSchema = z.object({
  embeddings: z.string().optional(),
  baseUrl: z.string().optional(),
  timeout: z.number().optional(),
  maxAttempts: z.number().optional(),
});

/** The run directories `predictor train` and `predictor repeat` read. */
export const RUN_DIRS_ARGUMENT: ArgumentSpec = {
  name: "<run-dir...>",
  description: "run directories (from `valens eval` or `valens import released`)",
  key: "dirs",
};

/** The options `predictor train` and `predictor repeat` declare alike. */
export const TASK_OPTION: OptionSpec = {
  flags: "--task <task>",
  description: "gap: will the action contradict the stated stance (per item); choice: is this action chosen",
  choices: ["gap", "choice"],
  mandatory: true,
};

export const FEATURES_OPTION: OptionSpec = {
  flags: "--features <list>",
  description: "text features: action plus any of attributions, explanation",
  value: { type: "list" },
  default: "action,attributions,explanation",
};

export const KIND_OPTION: OptionSpec = {
  flags: "--kind <kind>",
  description:
    "network: the TensorFlow.js model; logistic: a stance-flip logistic regression on the same features (gap task); auto: train both and keep the one with the higher AP on the validation split of the training items (the network for the choice task)",
  choices: ["network", "logistic", "auto"],
  default: "network",
};

/** `--group-fraction`: the share of the items held-out groups hold, strictly between 0 and 1. */
export const GROUP_FRACTION: NumberRule = {
  type: "number",
  above: 0,
  below: 1,
  fail: { as: "commander", message: "{flag} must be a number between 0 and 1." },
};
