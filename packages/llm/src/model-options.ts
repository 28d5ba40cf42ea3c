import { type RunOptions, type RunPlan, UsageError } from "@valens/core";
import { z } from "zod";
import type { CreateModelClientOptions } from "./client.js";
import { formatCost, formatDuration } from "./progress.js";

/**
 * The model flags every command that calls a model registers (`valens eval`, `valens dataset
 * generate`, ...), as plain data so @valens/llm needs no commander. Register them with
 * `addModelOptionsTo(command)` and read them back with `parseModelCliOptions(command.opts())`.
 */
export interface ModelOptionSpec {
  flags: string;
  description: string;
}

export const MODEL_OPTION_SPECS: readonly ModelOptionSpec[] = [
  {
    flags: "-m, --model <provider:model>",
    description: "model to call, e.g. openai:gpt-4o-mini, ollama:llama3.1, vllm:<name>",
  },
  { flags: "--base-url <url>", description: "OpenAI-compatible endpoint, overriding the provider's" },
  {
    flags: "--config <path>",
    description: "valens config file (default: valens.config.json/.yaml in the current directory)",
  },
  { flags: "--concurrency <n>", description: "most requests in flight at once" },
  { flags: "--rpm <n>", description: "requests per minute limit" },
  { flags: "--tpm <n>", description: "tokens per minute limit" },
  { flags: "--no-cache", description: "neither read nor write the response store" },
  { flags: "--refresh", description: "ask again even when answers are cached, replacing them" },
  {
    flags: "--batch",
    description: "use the provider's Batch API (half price, up to 24 h); resumes after restarts",
  },
  { flags: "--dry-run", description: "print requests, tokens, cost and duration, send nothing" },
  { flags: "--max-cost <usd>", description: "stop before spending more than this many US dollars" },
  { flags: "--progress <mode>", description: "progress display: auto, bar, lines or off" },
  {
    flags: "--timeout <s>",
    description: "seconds to wait for one answer before retrying (default 60; config key timeoutMs)",
  },
  {
    flags: "--max-attempts <n>",
    description:
      "attempts per request, retries included (default 8, at most 3 timing out; config key maxAttempts)",
  },
];

/** Structural type of a commander Command (only what registration needs). */
export interface OptionTarget {
  option(flags: string, description: string): unknown;
}

export function addModelOptionsTo<T extends OptionTarget>(command: T): T {
  for (const spec of MODEL_OPTION_SPECS) command.option(spec.flags, spec.description);
  return command;
}

const count = (flag: string) =>
  z.coerce
    .number({ error: `${flag} must be a number` })
    .int(`${flag} must be a whole number`)
    .positive(`${flag} must be positive`);
const rate = (flag: string) =>
  z.coerce.number({ error: `${flag} must be a number` }).positive(`${flag} must be positive`);

export const modelCliOptionsSchema = z.object({
  model: z.string({ error: "--model is required (e.g. --model openai:gpt-4o-mini)" }).min(1),
  baseUrl: z.string().min(1).optional(),
  config: z.string().min(1).optional(),
  concurrency: count("--concurrency").optional(),
  rpm: rate("--rpm").optional(),
  tpm: rate("--tpm").optional(),
  // commander turns --no-cache into cache: false.
  cache: z.boolean().default(true),
  refresh: z.boolean().default(false),
  batch: z.boolean().default(false),
  dryRun: z.boolean().default(false),
  maxCost: rate("--max-cost").optional(),
  progress: z
    .enum(["auto", "bar", "lines", "off"], { error: "--progress must be auto, bar, lines or off" })
    .default("auto"),
  timeout: rate("--timeout").optional(),
  maxAttempts: count("--max-attempts").optional(),
});
export type ModelCliOptions = z.infer<typeof modelCliOptionsSchema>;

/** Validates the model flags of a parsed command; throws a UsageError naming the flag. */
export function parseModelCliOptions(raw: Record<string, unknown>): ModelCliOptions {
  const result = modelCliOptionsSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new UsageError(issue?.message ?? "Invalid model options", {
      hint: "Run with --help for the model options",
    });
  }
  return result.data;
}

export function toClientOptions(options: ModelCliOptions): CreateModelClientOptions {
  const out: CreateModelClientOptions = { progress: options.progress };
  if (options.baseUrl !== undefined) out.baseUrl = options.baseUrl;
  if (options.config !== undefined) out.config = options.config;
  if (options.concurrency !== undefined) out.concurrency = options.concurrency;
  if (options.rpm !== undefined) out.rpm = options.rpm;
  if (options.tpm !== undefined) out.tpm = options.tpm;
  if (options.timeout !== undefined) out.timeoutMs = Math.round(options.timeout * 1000);
  if (options.maxAttempts !== undefined) out.maxAttempts = options.maxAttempts;
  return out;
}

export function toRunOptions<M>(options: ModelCliOptions, extra: RunOptions<M> = {}): RunOptions<M> {
  const out: RunOptions<M> = {
    ...extra,
    noCache: !options.cache,
    refresh: options.refresh,
    batch: options.batch,
  };
  if (options.maxCost !== undefined) out.maxCostUsd = options.maxCost;
  return out;
}

/** The --dry-run report, one line per figure. */
export function formatPlan(
  ref: string,
  plan: RunPlan & { notes?: readonly string[]; pendingBatchRequests?: number },
): string[] {
  const lines = [
    `model:                 ${ref}`,
    `jobs:                  ${plan.jobs}`,
    `cache hits:            ${plan.cacheHits}`,
    `requests to send:      ${plan.requestsToSend}`,
  ];
  if (plan.pendingBatchRequests) lines.push(`in submitted batches:  ${plan.pendingBatchRequests}`);
  lines.push(
    `prompt tokens:         ${plan.promptTokens}`,
    `expected output:       ${plan.expectedCompletionTokens} tokens`,
    `cost (normal):         ${formatCost(plan.costUsd)}`,
    `cost (batch):          ${formatCost(plan.batchCostUsd)}`,
    `duration at limits:    ${formatDuration(plan.durationSeconds)}`,
  );
  for (const note of plan.notes ?? []) lines.push(`note: ${note}`);
  return lines;
}
