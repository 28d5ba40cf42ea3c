import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describeZodIssue, InputError } from "@valens/core";
import { parseDocument } from "yaml";
import { z } from "zod";

/** USD per 1M tokens. Batch prices default to half the normal ones (OpenAI's Batch API discount). */
export const priceSchema = z.strictObject({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  batchInput: z.number().nonnegative().optional(),
  batchOutput: z.number().nonnegative().optional(),
});
export type Price = z.infer<typeof priceSchema>;

const positiveInt = z.number().int().positive();

/** Limits and defaults for one model (or for all, under "defaults"). */
export const modelSettingsSchema = z.strictObject({
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: positiveInt.optional(),
  concurrency: positiveInt.optional(),
  rpm: z.number().positive().optional(),
  tpm: z.number().positive().optional(),
  price: priceSchema.optional(),
  /** Expected answer length for --dry-run when no answers are cached yet. */
  expectedOutputTokens: positiveInt.optional(),
  /** Typical latency used for --dry-run duration estimates. */
  latencyMs: z.number().positive().optional(),
  timeoutMs: positiveInt.optional(),
  maxAttempts: positiveInt.optional(),
});
export type ModelSettings = z.infer<typeof modelSettingsSchema>;

const endpointSchema = z.strictObject({
  baseUrl: z.url(),
  apiKeyEnv: z.string().min(1).optional(),
  keyRequired: z.boolean().default(false),
  batch: z.boolean().default(false),
  headers: z.record(z.string(), z.string()).default({}),
});

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Named OpenAI-compatible endpoints, usable as "<name>:<model>". */
  endpoints: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i), endpointSchema).optional(),
  defaults: modelSettingsSchema.optional(),
  /** Per-model settings keyed by "provider:model" or bare model name. */
  models: z.record(z.string(), modelSettingsSchema).optional(),
  /** Price overrides keyed by model name (USD per 1M tokens). */
  prices: z.record(z.string(), priceSchema).optional(),
});
export type ValensConfig = z.infer<typeof configSchema>;

export const CONFIG_FILE_NAMES = ["valens.config.json", "valens.config.yaml", "valens.config.yml"] as const;

/** Settings for one model: defaults, then bare model name, then full ref (most specific wins). */
export function settingsFor(config: ValensConfig | undefined, ref: string, model: string): ModelSettings {
  return {
    ...config?.defaults,
    ...config?.models?.[model],
    ...config?.models?.[ref],
  };
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split("\n").length;
}

/** Validates an already parsed config object (e.g. from a caller). */
export function parseConfig(value: unknown, file = "config"): ValensConfig {
  const result = configSchema.safeParse(value ?? {});
  if (!result.success) {
    throw new InputError(`Invalid config at ${describeZodIssue(result.error, "(top level)")}`, {
      file,
      hint: "See the @valens/llm README for the config format",
    });
  }
  return result.data;
}

/**
 * Loads a config file. Without a path, looks for valens.config.json / .yaml / .yml in `cwd`
 * and returns an empty config when there is none.
 */
export function loadConfig(path?: string, cwd = process.cwd()): ValensConfig {
  let file: string | undefined;
  if (path !== undefined) {
    file = resolve(cwd, path);
    if (!existsSync(file)) {
      throw new InputError(`Config file not found: ${path}`, { hint: "Check the --config path" });
    }
  } else {
    file = CONFIG_FILE_NAMES.map((name) => resolve(cwd, name)).find((candidate) => existsSync(candidate));
    if (file === undefined) return {};
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === "EISDIR"
        ? "--config names a directory, not a config file"
        : `Cannot read the config file (${code ?? "error"})`,
      { file, hint: "Give --config the path of a valens.config.json or .yaml file" },
    );
  }
  let value: unknown;
  if (file.endsWith(".json")) {
    try {
      value = JSON.parse(text);
    } catch (error) {
      const match = /position (\d+)/.exec(String(error));
      throw new InputError(`Config file is not valid JSON: ${(error as Error).message}`, {
        file,
        ...(match ? { line: lineOf(text, Number(match[1])) } : {}),
      });
    }
  } else {
    const doc = parseDocument(text);
    const first = doc.errors[0];
    if (first !== undefined) {
      throw new InputError(`Config file is not valid YAML: ${first.message.split("\n")[0]}`, {
        file,
        ...(first.linePos ? { line: first.linePos[0].line } : {}),
      });
    }
    value = doc.toJS();
  }
  return parseConfig(value, file);
}
