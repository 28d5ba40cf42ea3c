import { UsageError } from "@valens/core";
import { Option } from "commander";
import type { z } from "zod";
import type { CommandSpec, OptionSpec } from "./option-spec.js";
import { flagName, parseValue } from "./parse-value.js";

/** commander's key of an option: "--max-tokens <n>" -> "maxTokens", "--no-cache" -> "cache". */
export const optionKey = (spec: OptionSpec): string => new Option(spec.flags).attributeName();

/** One option's value: its text parsed by its rule (unless commander already did), or checked absent. */
function optionValue(spec: OptionSpec, raw: unknown): unknown {
  const rule = spec.value;
  const absent = raw === undefined || raw === "" || (Array.isArray(raw) && raw.includes(""));
  if (absent && spec.missing) throw new UsageError(spec.missing.message, { hint: spec.missing.hint });
  if (raw === undefined) return undefined;
  if (rule === undefined || ("fail" in rule && rule.fail.as === "commander")) return raw;
  if (raw === true && rule.type === "int" && rule.bare !== undefined) return rule.bare;
  const flag = flagName(spec.flags);
  if (Array.isArray(raw)) {
    // A repeated or variadic option: each value read alone; lists of lists become one list.
    const values = raw.map((text) => parseValue(rule, flag, String(text)));
    return rule.type === "list" ? values.flat() : values;
  }
  return typeof raw === "string" ? parseValue(rule, flag, raw) : raw;
}

/**
 * The typed options of a command: positional arguments by their keys, every option parsed by
 * the one option parser, the whole checked by the command's zod schema.
 */
export function parseCommandLine<S extends z.ZodType>(
  spec: CommandSpec<S>,
  args: readonly unknown[],
  raw: Record<string, unknown>,
): z.infer<S> {
  const values: Record<string, unknown> = {};
  for (const [index, argument] of (spec.arguments ?? []).entries()) values[argument.key] = args[index];
  const options = [...(spec.parentOptions ?? []), ...spec.options];
  for (const option of options) {
    const key = optionKey(option);
    const value = optionValue(option, raw[key]);
    if (value !== undefined) values[key] = value;
  }
  const result = spec.schema.safeParse(values);
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = issue?.path[0];
    const option = typeof key === "string" ? options.find((o) => optionKey(o) === key) : undefined;
    throw new UsageError(
      `${option ? `${flagName(option.flags)}: ` : ""}${issue?.message ?? "invalid options"}`,
      {
        hint: "Run with --help for the options",
      },
    );
  }
  return result.data;
}
