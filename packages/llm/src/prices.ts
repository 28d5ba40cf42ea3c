import type { TokenUsage } from "@valens/core";
import type { Price, ValensConfig } from "./config.js";
import { PRESET_PROVIDERS } from "./provider-presets.js";
import { PROVIDER_PRICES } from "./provider-prices.js";

/**
 * OpenAI list prices, USD per 1M tokens (standard tier). Data, not code: override or extend
 * them with "prices" in valens.config.json. Batch API prices are half of these.
 */
export const DEFAULT_PRICES: Readonly<Record<string, Price>> = {
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4o-2024-11-20": { input: 2.5, output: 10 },
  "gpt-4o-2024-08-06": { input: 2.5, output: 10 },
  "gpt-4o-2024-05-13": { input: 5, output: 15 },
  "gpt-4.1": { input: 2, output: 8 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4 },
  "gpt-4-turbo": { input: 10, output: 30 },
  "gpt-4": { input: 30, output: 60 },
  "gpt-3.5-turbo": { input: 0.5, output: 1.5 },
  "gpt-5": { input: 1.25, output: 10 },
  "gpt-5-mini": { input: 0.25, output: 2 },
  "gpt-5-nano": { input: 0.05, output: 0.4 },
  o1: { input: 15, output: 60 },
  "o1-mini": { input: 1.1, output: 4.4 },
  o3: { input: 2, output: 8 },
  "o3-mini": { input: 1.1, output: 4.4 },
  "o4-mini": { input: 1.1, output: 4.4 },
  "text-embedding-3-small": { input: 0.02, output: 0 },
  "text-embedding-3-large": { input: 0.13, output: 0 },
};

/** A model's price in a table: its exact name, else its family (longest matching prefix). */
function lookUp(table: Readonly<Record<string, Price>>, model: string): Price | null {
  const exact = table[model];
  if (exact) return exact;
  // Dated snapshots ("gpt-4o-mini-2024-07-18", "claude-sonnet-4-20250514") cost what their family costs.
  const family = Object.keys(table)
    .filter((name) => model.startsWith(`${name}-`))
    .sort((a, b) => b.length - a.length)[0];
  return family === undefined ? null : (table[family] ?? null);
}

/**
 * The price of a model: per-model config, then config "prices" ("provider:model", then
 * "model"), then the provider's dated table (provider-prices.ts), then OpenAI's list prices for
 * providers without a table of their own.
 */
export function priceFor(
  model: string,
  config?: ValensConfig,
  override?: Price,
  provider?: string,
): Price | null {
  if (override) return override;
  const fromConfig =
    (provider ? config?.prices?.[`${provider}:${model}`] : undefined) ?? config?.prices?.[model];
  if (fromConfig) return fromConfig;
  const table = provider === undefined ? undefined : PROVIDER_PRICES[provider];
  if (table) return lookUp(table.prices, model);
  // The presets are other companies' APIs: OpenAI's prices say nothing about them.
  if (provider !== undefined && provider in PRESET_PROVIDERS) return null;
  return lookUp(DEFAULT_PRICES, model);
}

export function costOf(usage: TokenUsage, price: Price | null, batch = false): number | null {
  if (price === null) return null;
  const input = batch ? (price.batchInput ?? price.input / 2) : price.input;
  const output = batch ? (price.batchOutput ?? price.output / 2) : price.output;
  return (usage.promptTokens * input + usage.completionTokens * output) / 1_000_000;
}
