import { describe, expect, it } from "vitest";
import { InputError } from "./input-error.js";
import { UnknownNameError } from "./unknown-name-error.js";
import { ValensError } from "./valens-error.js";

describe("ValensError", () => {
  it("is recognised by its marker, not by class identity", () => {
    const error = new InputError("The file is empty", { file: "a.csv", line: 3, hint: "Fill it" });
    expect(ValensError.isInstance(error)).toBe(true);
    expect(ValensError.isInstance(new Error("x"))).toBe(false);
    expect(ValensError.isInstance({ code: "input" })).toBe(false);
    expect(error.format()).toBe("The file is empty (a.csv:3). Fill it");
  });

  it("lists the closest names for an unknown name", () => {
    const error = new UnknownNameError("country", "Germny", ["Germany"]);
    expect(error.format()).toBe('Unknown country "Germny". Closest country names: "Germany"');
    expect(error.name).toBe("UnknownNameError");
  });
});
