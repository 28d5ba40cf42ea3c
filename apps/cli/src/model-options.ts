import { addModelOptionsTo, type ModelCliOptions, parseModelCliOptions } from "@valens/llm";
import type { Command } from "commander";

/**
 * The model flags (--model, --base-url, --config, --concurrency, --rpm, --tpm, --no-cache,
 * --refresh, --batch, --dry-run, --max-cost, --progress), registered identically by every
 * command that calls a model. Their specs and zod schema live in @valens/llm.
 */
export function withModelOptions(command: Command): Command {
  return addModelOptionsTo(command);
}

export function modelOptionsOf(command: Command): ModelCliOptions {
  return parseModelCliOptions(command.opts());
}
