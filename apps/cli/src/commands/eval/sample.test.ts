import { describe, expect, it } from "vitest";
import { sameModelName } from "./sample.js";

describe("sameModelName (a guide trained on the evaluated model is refused)", () => {
  it("ignores the provider prefix, case, punctuation and a date suffix", () => {
    expect(sameModelName("claude-sonnet-4", "anthropic:claude-sonnet-4-20250514")).toBe(true);
    expect(sameModelName("Llama-3.3-70B-Instruct", "together:llama-3.3-70b-instruct")).toBe(true);
    expect(sameModelName("mock-a", "openai:mock-a")).toBe(true);
  });
  it("keeps different models apart, including one whose name extends the other's", () => {
    expect(sameModelName("gpt-4o", "openai:gpt-4o-mini")).toBe(false);
    expect(sameModelName("gemma-2-9b-it", "openai:gpt-4o")).toBe(false);
  });
});
