import { describe, expect, it } from "vitest";
import { countChatTokens, countTextTokens, encodingFor } from "./tokens.js";

describe("token counting", () => {
  it("picks the encoding of the model family", () => {
    expect(encodingFor("gpt-4o-mini")).toBe("o200k_base");
    expect(encodingFor("gpt-3.5-turbo")).toBe("cl100k_base");
    expect(encodingFor("llama3.1")).toBe("cl100k_base");
  });

  it("counts tokens with the real BPE ranks", () => {
    // Reference counts from OpenAI's tokenizer for these encodings.
    expect(countTextTokens("hello world", "gpt-4o")).toBe(2);
    expect(countTextTokens("hello world", "gpt-3.5-turbo")).toBe(2);
    expect(countTextTokens("", "gpt-4o")).toBe(0);
  });

  it("adds OpenAI's per-message framing", () => {
    const messages = [{ role: "user" as const, content: "hello world" }];
    expect(countChatTokens(messages, "gpt-4o")).toBe(3 + 3 + 2 + 1);
  });
});
