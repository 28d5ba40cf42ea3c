import { describe, expect, it } from "vitest";
import { readGeneratedAnswer, recoverFields } from "./generated-answer.js";

describe("readGeneratedAnswer", () => {
  it("reads the three fields of a clean answer", () => {
    const fields = readGeneratedAnswer(
      '{"Human Action": " I vote. ", "Feature Attributions": ["vote"], "Natural Language Explanation": "Civic duty."}',
    );
    expect(fields).toMatchObject({
      action: "I vote.",
      attributions: ["vote"],
      explanation: "Civic duty.",
      parseStatus: "clean",
    });
  });

  it("recovers the fields of an answer whose string is closed by a typographic quote", () => {
    const raw =
      '{"Human Action": "I plant trees.", "Feature Attributions": ["plant trees"], "Natural Language Explanation": "It helps nature.”}';
    const fields = readGeneratedAnswer(raw);
    expect(fields.action).toBe("I plant trees.");
    expect(fields.attributions).toEqual(["plant trees"]);
    expect(fields.parseStatus).not.toBe("failed");
    expect(fields.raw).toBe(raw);
  });

  it("keeps a refusal raw and failed", () => {
    const fields = readGeneratedAnswer("I'm sorry, but I can't assist with that request.");
    expect(fields).toMatchObject({
      action: null,
      parseStatus: "failed",
      raw: "I'm sorry, but I can't assist with that request.",
    });
    expect(recoverFields(fields.raw)).toBeUndefined();
  });

  it("marks an answer without a Human Action as failed", () => {
    expect(readGeneratedAnswer('{"Feature Attributions": []}')).toMatchObject({
      action: null,
      parseStatus: "failed",
    });
  });
});
