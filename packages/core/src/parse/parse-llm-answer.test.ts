import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseLlmAnswer } from "./parse-llm-answer.js";

describe("parseLlmAnswer", () => {
  it("reads strict, fenced, Python-dict and cut-off answers", () => {
    expect(parseLlmAnswer('{"a": 1}')).toMatchObject({ ok: true, status: "clean", value: { a: 1 } });
    expect(parseLlmAnswer('Sure:\n```json\n{"a": "x"}\n```')).toMatchObject({
      status: "clean",
      value: { a: "x" },
    });
    expect(parseLlmAnswer("{'action': 'Option 2'}")).toMatchObject({
      status: "repaired",
      value: { action: "Option 2" },
    });
    const cut = parseLlmAnswer('{"Human Action": "I vote", "Feature Attributions": ["vote"');
    expect(cut).toMatchObject({
      ok: true,
      status: "repaired",
      note: "answer cut off before its closing brace",
    });
  });

  it("does not take a fence inside a JSON string for a code fence (regression)", () => {
    // Found by the property test below: the "```" key was read as a fence opening.
    expect(parseLlmAnswer('Answer: {"```":{}}')).toMatchObject({
      ok: true,
      status: "clean",
      value: { "```": {} },
    });
    expect(parseLlmAnswer('Sure:\n  ```json\n{"a": "```"}\n```')).toMatchObject({
      status: "clean",
      value: { a: "```" },
    });
  });

  it("fails with the raw text kept when there is no object", () => {
    const raw = "I'm sorry, but I can't assist with that.";
    expect(parseLlmAnswer(raw)).toEqual({
      ok: false,
      status: "failed",
      reason: "no JSON object in the answer",
      raw,
    });
    expect(parseLlmAnswer("[1, 2]")).toMatchObject({ ok: false, status: "failed" });
  });

  it("never throws and always returns a typed result (property)", () => {
    const jsonish = fc.oneof(
      fc.string(),
      fc.json().map((j) => `text before ${j} after`),
      fc.json().map((j) => `\`\`\`json\n${j}`),
      fc.json().map((j) => j.slice(0, Math.floor(j.length / 2))),
      fc.stringMatching(/^[{}[\]"':,\\ a-z0-9\n`]*$/),
    );
    fc.assert(
      fc.property(jsonish, (raw) => {
        const result = parseLlmAnswer(raw);
        expect(result.raw).toBe(raw);
        if (result.ok) {
          expect(["clean", "repaired"]).toContain(result.status);
          expect(typeof result.value).toBe("object");
          expect(Array.isArray(result.value)).toBe(false);
        } else {
          expect(result.status).toBe("failed");
          expect(result.reason.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("reads any JSON object exactly, wherever it sits in the text (property)", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.constantFrom("", "Answer: ", "```json\n"),
        (obj, prefix) => {
          const result = parseLlmAnswer(
            `${prefix}${JSON.stringify(obj)}${prefix.startsWith("```") ? "\n```" : ""}`,
          );
          expect(result).toMatchObject({ ok: true, status: "clean" });
          if (result.ok) expect(result.value).toEqual(JSON.parse(JSON.stringify(obj)));
        },
      ),
      { numRuns: 500 },
    );
  });
});
