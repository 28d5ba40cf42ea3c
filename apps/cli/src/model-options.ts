import type { CreateModelClientOptions, RunOptions } from "@valens/llm";
import { z } from "zod";
import type { Failure, OptionSpec } from "./cli/option-spec.js";
import { progressListener } from "./model/progress.js";

/** A bad model flag: a UsageError naming the flag, as every command that calls a model says it. */
const modelFlag = (message: Failure["message"]): Failure => ({
  as: "usage",
  message,
  hint: "Run with --help for the model options",
});
const count = modelFlag({
  notNumber: "{flag} must be a number",
  notWhole: "{flag} must be a whole number",
  outOfRange: "{flag} must be positive",
});
const rate = modelFlag({ notNumber: "{flag} must be a number", outOfRange: "{flag} must be positive" });

/** The --model flag: required, checked by valens so the message shows an example. */
export const MODEL_OPTION: OptionSpec = {
  flags: "-m, --model <provider:model>",
  description: "model to call, e.g. openai:gpt-4o-mini, ollama:llama3.1, vllm:<name>",
  missing: {
    message: "--model is required (e.g. --model openai:gpt-4o-mini)",
    hint: "Run with --help for the model options",
  },
};

/**
 * The model flags besides --model, registered identically by every command that calls a model
 * (`valens eval`, `valens dataset generate`).
 */
export const MODEL_OPTION_SPECS: readonly OptionSpec[] = [
  { flags: "--base-url <url>", description: "OpenAI-compatible endpoint, overriding the provider's" },
  {
    flags: "--config <path>",
    description: "valens config file (default: valens.config.json/.yaml in the current directory)",
  },
  {
    flags: "--concurrency <n>",
    description: "most requests in flight at once",
    value: { type: "int", min: 1, fail: count },
  },
  {
    flags: "--rpm <n>",
    description: "requests per minute limit",
    value: { type: "number", above: 0, fail: rate },
  },
  {
    flags: "--tpm <n>",
    description: "tokens per minute limit",
    value: { type: "number", above: 0, fail: rate },
  },
  { flags: "--no-cache", description: "neither read nor write the response store" },
  { flags: "--refresh", description: "ask again even when answers are cached, replacing them" },
  {
    flags: "--batch",
    description: "use the provider's Batch API (half price, up to 24 h); resumes after restarts",
  },
  { flags: "--dry-run", description: "print requests, tokens, cost and duration, send nothing" },
  {
    flags: "--max-cost <usd>",
    description: "stop before spending more than this many US dollars",
    value: { type: "number", above: 0, fail: rate },
  },
  {
    flags: "--progress <mode>",
    description: "progress display: auto, bar, lines or off",
    value: {
      type: "choice",
      choices: ["auto", "bar", "lines", "off"],
      fail: modelFlag("--progress must be auto, bar, lines or off"),
    },
  },
  {
    flags: "--timeout <s>",
    description: "seconds to wait for one answer before retrying (default 60; config key timeoutMs)",
    value: { type: "number", above: 0, fail: rate },
  },
  {
    flags: "--max-attempts <n>",
    description:
      "attempts per request, retries included (default 8, at most 3 timing out; config key maxAttempts)",
    value: { type: "int", min: 1, fail: count },
  },
];

/** What the model flags parse to (--model aside: eval takes several). */
export const modelFlagsSchema = z.object({
  baseUrl: z.string().min(1).optional(),
  config: z.string().min(1).optional(),
  concurrency: z.number().optional(),
  rpm: z.number().optional(),
  tpm: z.number().optional(),
  // commander turns --no-cache into cache: false.
  cache: z.boolean().default(true),
  refresh: z.boolean().default(false),
  batch: z.boolean().default(false),
  dryRun: z.boolean().default(false),
  maxCost: z.number().optional(),
  progress: z.enum(["auto", "bar", "lines", "off"]).default("auto"),
  timeout: z.number().optional(),
  maxAttempts: z.number().optional(),
});
type ModelFlags = z.infer<typeof modelFlagsSchema>;

/** The model flags of one model. */
export type ModelCliOptions = ModelFlags & { model: string };

export function toClientOptions(options: ModelCliOptions): CreateModelClientOptions {
  // The client reports progress as events; --progress chooses how they are drawn.
  const listener = progressListener(options.progress);
  const out: CreateModelClientOptions = listener ? { onProgress: listener } : {};
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
