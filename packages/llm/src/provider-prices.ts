import type { Price } from "./config.js";

/** A provider's list prices, USD per 1M tokens, with the date and page they were read from. */
export interface PriceTable {
  /** The day the figures were taken from `source` (prices change: override them in the config). */
  asOf: string;
  source: string;
  prices: Readonly<Record<string, Price>>;
}

/**
 * List prices of the presets whose price pages could be read, dated. Providers without a table
 * (groq, together, mistral, fireworks, local servers) have no built-in price: their cost is
 * shown as unknown until `prices` in valens.config.json names it. Config prices always win.
 */
export const PROVIDER_PRICES: Readonly<Record<string, PriceTable>> = {
  anthropic: {
    asOf: "2026-03-21",
    source: "https://docs.anthropic.com/en/docs/about-claude/pricing",
    // The 4.5 models' figures from a dated summary of that page (deploybase.ai, 2026-03-21).
    prices: {
      "claude-opus-4-5": { input: 5, output: 25 },
      "claude-opus-4-1": { input: 15, output: 75 },
      "claude-opus-4": { input: 15, output: 75 },
      "claude-sonnet-4-5": { input: 3, output: 15 },
      "claude-sonnet-4": { input: 3, output: 15 },
      "claude-3-7-sonnet": { input: 3, output: 15 },
      "claude-haiku-4-5": { input: 1, output: 5 },
      "claude-3-5-haiku": { input: 0.8, output: 4 },
      "claude-3-haiku": { input: 0.25, output: 1.25 },
    },
  },
  gemini: {
    asOf: "2026-03-01",
    source: "https://ai.google.dev/gemini-api/docs/pricing",
    prices: {
      // Standard tier, prompts up to 200k tokens (valens' prompts are far shorter).
      "gemini-2.5-pro": { input: 1.25, output: 10 },
      "gemini-2.5-flash": { input: 0.3, output: 2.5 },
      "gemini-2.5-flash-lite": { input: 0.1, output: 0.4 },
    },
  },
  deepseek: {
    asOf: "2025-09-05",
    source: "https://api-docs.deepseek.com/quick_start/pricing",
    prices: {
      // Cache-miss input price: every valens prompt is new to the provider's cache.
      "deepseek-chat": { input: 0.56, output: 1.68 },
      "deepseek-reasoner": { input: 0.56, output: 1.68 },
    },
  },
};
