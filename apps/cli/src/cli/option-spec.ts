import type { z } from "zod";

/**
 * What a bad value says, and when. `commander`: while the command line is parsed, as commander's
 * "argument ... is invalid" usage line; `input` / `usage`: a valens InputError / UsageError (with
 * its hint) before the command runs. `{flag}` and `{value}` in a message are replaced.
 */
export interface Failure {
  as: "commander" | "input" | "usage";
  /** One text for every failure, or one per way a number can fail. */
  message: string | { notNumber: string; notWhole?: string; outOfRange: string };
  hint?: string;
}

/** A whole number within [min, max]; `bare` is its value when the flag is given without one. */
export interface IntRule {
  type: "int";
  min?: number;
  max?: number;
  bare?: number;
  fail: Failure;
}

/** A finite number within [min, max], or strictly above / below a bound. */
export interface NumberRule {
  type: "number";
  min?: number;
  max?: number;
  above?: number;
  below?: number;
  fail: Failure;
}

/** Comma-separated names: trimmed, empty entries dropped; each read by `item` when given. */
interface ListRule {
  type: "list";
  item?: IntRule | NumberRule;
}

/** One of a few words, checked by valens (commander's own check is OptionSpec.choices). */
interface ChoiceRule {
  type: "choice";
  choices: readonly string[];
  fail: Failure;
}

export type ValueRule = IntRule | NumberRule | ListRule | ChoiceRule;

/** One command-line option as data: commander's option and its help line are generated from it. */
export interface OptionSpec {
  flags: string;
  description: string;
  default?: string | number | boolean;
  /** How the option's text becomes a value (parse-value.ts); without one it stays text. */
  value?: ValueRule;
  /** Values commander accepts (its own error and help line "(choices: ...)"). */
  choices?: readonly string[];
  /** Commander refuses the command line without it. */
  mandatory?: boolean;
  /** May be given several times; the values are collected in order. */
  repeat?: boolean;
  /** Checked by valens: a UsageError with this text when the option is absent. */
  missing?: { message: string; hint?: string };
}

export interface ArgumentSpec {
  /** As commander spells it: <name>, [name], <name...>. */
  name: string;
  description?: string;
  /** The key of the argument's value in the parsed options. */
  key: string;
}

/** The text after the options in a command's help: notes, then its examples. */
export interface HelpSpec {
  notes?: string;
  examples: readonly string[];
}

/** A command as data: name, arguments, options, help, and the zod schema of what they parse to. */
export interface CommandSpec<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  arguments?: readonly ArgumentSpec[];
  options: readonly OptionSpec[];
  /** Options declared by the parent command (e.g. `cache --store`) that this one reads. */
  parentOptions?: readonly OptionSpec[];
  help: HelpSpec;
  schema: S;
}
