import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeZodIssue, firstZodIssue } from "./zod-issue.js";

const schema = z.object({ models: z.array(z.object({ value: z.number() })), name: z.string() });
const failure = (value: unknown) => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error("expected a failure");
  return result.error;
};

describe("describeZodIssue", () => {
  it("names the first issue's dotted path and zod's message, on one line", () => {
    const error = failure({ models: [{ value: 1 }, { value: "x" }], name: 3 });
    expect(describeZodIssue(error)).toBe("models.1.value: Invalid input: expected number, received string");
    expect(firstZodIssue(error)).toEqual({
      path: "models.1.value",
      message: "Invalid input: expected number, received string",
    });
  });

  it("names the value itself with the given root", () => {
    const error = failure(5);
    expect(describeZodIssue(error, "(record)")).toBe(
      "(record): Invalid input: expected object, received number",
    );
    expect(firstZodIssue(error).path).toBe("(root)");
  });
});
