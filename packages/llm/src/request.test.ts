import { describe, expect, it } from "vitest";
import { buildRequestBody, canonicalJson, requestKey } from "./request.js";

const job = { id: "a", messages: [{ role: "user" as const, content: "hi" }], meta: null };

describe("request keys", () => {
  it("differ by sample, sampling parameter, model and base URL, and ignore key order", () => {
    const body = buildRequestBody({ ...job, params: { temperature: 0.2, seed: 1 } }, "m", {});
    const base = requestKey("http://x/v1", body, 0);
    expect(requestKey("http://x/v1/", body, 0)).toBe(base);
    expect(requestKey("http://x/v1", body, 1)).not.toBe(base);
    expect(requestKey("http://y/v1", body, 0)).not.toBe(base);
    expect(requestKey("http://x/v1", { ...body, seed: 2 }, 0)).not.toBe(base);
    expect(requestKey("http://x/v1", { ...body, model: "n" }, 0)).not.toBe(base);
    const reordered = JSON.parse(
      canonicalJson({ seed: 1, temperature: 0.2, messages: body.messages, model: "m" }),
    );
    expect(requestKey("http://x/v1", reordered, 0)).toBe(base);
  });

  it("fills temperature and max tokens from model settings unless the job sets them", () => {
    expect(buildRequestBody(job, "m", { temperature: 0.7, maxTokens: 50 })).toMatchObject({
      temperature: 0.7,
      max_tokens: 50,
    });
    expect(
      buildRequestBody({ ...job, params: { temperature: 0 } }, "m", { temperature: 0.7 }).temperature,
    ).toBe(0);
  });
});
