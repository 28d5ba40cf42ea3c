import { describe, expect, it } from "vitest";
import { NO_OPTION_NOTE, polarityOfOption, readTask2Answer } from "./task2-answer.js";

describe("readTask2Answer", () => {
  it("maps options back to polarity under both orders", () => {
    expect(polarityOfOption(1, "normal")).toBe("negative");
    expect(polarityOfOption(2, "normal")).toBe("positive");
    expect(polarityOfOption(1, "reversed")).toBe("positive");
    expect(polarityOfOption(2, "reversed")).toBe("negative");
    expect(readTask2Answer("{'explanation': 'It fits.', 'action': 'Option 2'}", "reversed")).toEqual({
      chosen: "negative",
      answer: "Option 2",
      explanation: "It fits.",
      parseStatus: "repaired",
      parseNote: "not strict JSON",
    });
  });

  it("accepts an option named by its exact text", () => {
    const options = { option1: "I stay home.", option2: "I join the march." };
    expect(readTask2Answer('{"action": " i join the march. "}', "normal", options).chosen).toBe("positive");
  });

  it("reads a bare option answer without JSON, but not one that mentions both options", () => {
    expect(readTask2Answer("Option 1: I stay home.", "normal")).toMatchObject({
      chosen: "negative",
      parseStatus: "repaired",
    });
    expect(readTask2Answer("Option 1 is kind, but Option 2 is braver.", "normal")).toMatchObject({
      chosen: null,
      parseStatus: "failed",
    });
  });

  it("fails a readable answer that names no option, keeping what it said", () => {
    expect(readTask2Answer('{"action": "I cannot choose"}', "normal")).toEqual({
      chosen: null,
      answer: "I cannot choose",
      explanation: null,
      parseStatus: "failed",
      parseNote: NO_OPTION_NOTE,
    });
  });
});
