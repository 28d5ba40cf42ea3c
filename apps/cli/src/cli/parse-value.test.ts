import { InputError, UsageError } from "@valens/core";
import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import type { Failure } from "./option-spec.js";
import { flagName, parseList, parseValue } from "./parse-value.js";

const input: Failure = { as: "input", message: '{flag} must be between 0 and 2, not "{value}"' };

describe("parseValue, the one option parser", () => {
  it("reads numbers the same way everywhere (spaces, decimals, exponents)", () => {
    const rule = { type: "number", min: 0, max: 2, fail: input } as const;
    expect(parseValue(rule, "--t", "0.2")).toBe(0.2);
    expect(parseValue(rule, "--t", " 1 ")).toBe(1);
    expect(parseValue(rule, "--t", "1e0")).toBe(1);
    expect(parseValue(rule, "--t", ".5")).toBe(0.5);
  });

  it("refuses what is not a decimal number, and numbers out of range, naming the flag", () => {
    const rule = { type: "number", min: 0, max: 2, fail: input } as const;
    for (const text of ["", "abc", "0x10", "Infinity", "1,5", "3", "-0.1"]) {
      expect(() => parseValue(rule, "--temperature", text)).toThrow(InputError);
      expect(() => parseValue(rule, "--temperature", text)).toThrow(
        `--temperature must be between 0 and 2, not "${text}"`,
      );
    }
  });

  it("honours exclusive bounds", () => {
    const rule = { type: "number", above: 0, below: 1, fail: input } as const;
    expect(parseValue(rule, "--f", "0.5")).toBe(0.5);
    expect(() => parseValue(rule, "--f", "0")).toThrow(InputError);
    expect(() => parseValue(rule, "--f", "1")).toThrow(InputError);
  });

  it("says which way a whole number failed when the rule has one text per failure", () => {
    const rule = {
      type: "int",
      min: 1,
      fail: {
        as: "usage",
        message: {
          notNumber: "{flag} must be a number",
          notWhole: "{flag} must be a whole number",
          outOfRange: "{flag} must be positive",
        },
        hint: "Run with --help",
      },
    } as const;
    expect(parseValue(rule, "--n", "3")).toBe(3);
    expect(() => parseValue(rule, "--n", "soon")).toThrow("--n must be a number");
    expect(() => parseValue(rule, "--n", "1.5")).toThrow("--n must be a whole number");
    expect(() => parseValue(rule, "--n", "0")).toThrow("--n must be positive");
    expect(() => parseValue(rule, "--n", "0")).toThrow(UsageError);
    expect(() => parseValue(rule, "--n", "9007199254740993")).toThrow("--n must be a whole number");
  });

  it("raises commander's usage error for rules checked while parsing", () => {
    const rule = {
      type: "int",
      min: 0,
      fail: { as: "commander", message: 'expected >= 0, got "{value}"' },
    } as const;
    expect(() => parseValue(rule, "--top", "-1")).toThrow(InvalidArgumentError);
    expect(() => parseValue(rule, "--top", "-1")).toThrow('expected >= 0, got "-1"');
  });

  it("reads lists and choices", () => {
    expect(parseList(" India, ,Egypt ,")).toEqual(["India", "Egypt"]);
    expect(parseValue({ type: "list" }, "--x", "a,b")).toEqual(["a", "b"]);
    const choice = {
      type: "choice",
      choices: ["a", "b"],
      fail: { as: "input", message: "{flag} {value}" },
    } as const;
    expect(parseValue(choice, "--c", "b")).toBe("b");
    expect(() => parseValue(choice, "--c", "z")).toThrow("--c z");
  });

  it("finds the long flag of a spec's flags", () => {
    expect(flagName("-o, --out <file>")).toBe("--out");
    expect(flagName("--no-cache")).toBe("--no-cache");
    expect(flagName("--retry-unparsed [rounds]")).toBe("--retry-unparsed");
  });
});
