import { describe, expect, it } from "vitest";
import { parseConfig } from "./config.js";
import { costOf, priceFor } from "./prices.js";
import { PRESET_PROVIDERS } from "./provider-presets.js";
import { PROVIDER_PRICES } from "./provider-prices.js";

describe("dated provider price tables", () => {
  it("are dated, sourced and only for known presets", () => {
    for (const [provider, table] of Object.entries(PROVIDER_PRICES)) {
      expect(PRESET_PROVIDERS[provider], provider).toBeDefined();
      expect(table.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(table.source).toMatch(/^https:\/\//);
      for (const price of Object.values(table.prices)) expect(price.output).toBeGreaterThan(0);
    }
  });

  it("price a provider's models by name or family, dated snapshots included", () => {
    expect(priceFor("claude-sonnet-4-20250514", undefined, undefined, "anthropic")).toEqual({
      input: 3,
      output: 15,
    });
    expect(priceFor("claude-opus-4-1-20250805", undefined, undefined, "anthropic")).toEqual({
      input: 15,
      output: 75,
    });
    expect(priceFor("claude-haiku-4-5", undefined, undefined, "anthropic")).toEqual({ input: 1, output: 5 });
    expect(priceFor("gemini-2.5-flash", undefined, undefined, "gemini")).toEqual({ input: 0.3, output: 2.5 });
    expect(priceFor("deepseek-chat", undefined, undefined, "deepseek")).toEqual({
      input: 0.56,
      output: 1.68,
    });
    // A provider's table is its own: an OpenAI name on Anthropic has no price.
    expect(priceFor("gpt-4o-mini", undefined, undefined, "anthropic")).toBeNull();
    // Without a table, OpenAI's list prices as before; providers with none priced stay unknown.
    expect(priceFor("gpt-4o-mini", undefined, undefined, "openai")).toEqual({ input: 0.15, output: 0.6 });
    expect(priceFor("llama-3.3-70b-versatile", undefined, undefined, "groq")).toBeNull();
    expect(priceFor("gpt-4o-mini", undefined, undefined, "together")).toBeNull();
  });

  it("are overridden by the config's prices, per provider:model or per model", () => {
    const config = parseConfig({
      prices: {
        "groq:llama-3.3-70b-versatile": { input: 0.59, output: 0.79 },
        "claude-sonnet-4-5": { input: 2, output: 10 },
        "anthropic:claude-haiku-4-5": { input: 0.5, output: 2 },
      },
    });
    expect(priceFor("llama-3.3-70b-versatile", config, undefined, "groq")).toEqual({
      input: 0.59,
      output: 0.79,
    });
    expect(priceFor("claude-sonnet-4-5", config, undefined, "anthropic")).toEqual({ input: 2, output: 10 });
    expect(priceFor("claude-haiku-4-5", config, undefined, "anthropic")).toEqual({ input: 0.5, output: 2 });
    // The provider-qualified name applies only to that provider.
    expect(priceFor("llama-3.3-70b-versatile", config, undefined, "together")).toBeNull();
    const price = priceFor("claude-sonnet-4-20250514", config, undefined, "anthropic");
    expect(costOf({ promptTokens: 1_000_000, completionTokens: 100_000 }, price)).toBeCloseTo(3 + 1.5, 9);
  });
});
