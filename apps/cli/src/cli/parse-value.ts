import { InputError, UsageError } from "@valens/core";
import { InvalidArgumentError } from "commander";
import type { Failure, IntRule, NumberRule, ValueRule } from "./option-spec.js";

/**
 * The one option parser: every number, whole number, list and choice of every command is read
 * here, so "5", " 5 " and "5.0" mean the same everywhere and a bad value always names its flag.
 */
export type ParsedValue = number | string | string[] | number[];

type FailureKind = "notNumber" | "notWhole" | "outOfRange";

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The long flag of an option's flags: "-o, --out <file>" -> "--out". */
export function flagName(flags: string): string {
  return flags.match(/--[\w-]+/)?.[0] ?? flags;
}

function failureText(fail: Failure, kind: FailureKind, flag: string, text: string): string {
  const template =
    typeof fail.message === "string"
      ? fail.message
      : kind === "notWhole"
        ? (fail.message.notWhole ?? fail.message.notNumber)
        : fail.message[kind];
  return template.replaceAll("{flag}", flag).replaceAll("{value}", text);
}

/** The error a failure raises, in the channel its rule names. */
function failure(fail: Failure, kind: FailureKind, flag: string, text: string): Error {
  const message = failureText(fail, kind, flag, text);
  if (fail.as === "commander") return new InvalidArgumentError(message);
  const options = fail.hint === undefined ? {} : { hint: fail.hint };
  return fail.as === "usage" ? new UsageError(message, options) : new InputError(message, options);
}

function inRange(rule: IntRule | NumberRule, n: number): boolean {
  if (rule.min !== undefined && n < rule.min) return false;
  if (rule.max !== undefined && n > rule.max) return false;
  if (rule.type === "number") {
    if (rule.above !== undefined && n <= rule.above) return false;
    if (rule.below !== undefined && n >= rule.below) return false;
  }
  return true;
}

function parseNumber(rule: IntRule | NumberRule, flag: string, text: string): number {
  const trimmed = text.trim();
  const n = DECIMAL.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isFinite(n)) throw failure(rule.fail, "notNumber", flag, text);
  if (rule.type === "int" && !Number.isSafeInteger(n)) throw failure(rule.fail, "notWhole", flag, text);
  if (!inRange(rule, n)) throw failure(rule.fail, "outOfRange", flag, text);
  return n;
}

/** Comma-separated names, trimmed, empty entries dropped. */
export function parseList(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Parses one option's text by its rule; throws the rule's error naming the flag. */
export function parseValue(rule: ValueRule, flag: string, text: string): ParsedValue {
  switch (rule.type) {
    case "int":
    case "number":
      return parseNumber(rule, flag, text);
    case "list": {
      const { item } = rule;
      const names = parseList(text);
      return item ? names.map((name) => parseNumber(item, flag, name)) : names;
    }
    case "choice":
      if (!rule.choices.includes(text)) throw failure(rule.fail, "outOfRange", flag, text);
      return text;
  }
}
