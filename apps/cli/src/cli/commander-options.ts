import { type Command, Option } from "commander";
import type { HelpSpec, OptionSpec } from "./option-spec.js";
import { flagName, type ParsedValue, parseValue } from "./parse-value.js";

/** The commander Option of a spec; rules failing "as commander" are checked while parsing. */
function commanderOption(spec: OptionSpec): Option {
  const option = new Option(spec.flags, spec.description);
  if (spec.choices) option.choices(spec.choices);
  const rule = spec.value;
  const parse =
    rule !== undefined && rule.type !== "list" && "fail" in rule && rule.fail.as === "commander"
      ? (text: string): ParsedValue => parseValue(rule, flagName(spec.flags), text)
      : undefined;
  if (spec.repeat) {
    option.argParser((text: string, previous: unknown) => [
      ...(Array.isArray(previous) ? previous : []),
      parse ? parse(text) : text,
    ]);
  } else if (parse) option.argParser(parse);
  if (spec.default !== undefined) option.default(spec.default);
  if (spec.mandatory) option.makeOptionMandatory();
  return option;
}

export function addOptions(command: Command, specs: readonly OptionSpec[]): Command {
  for (const spec of specs) command.addOption(commanderOption(spec));
  return command;
}

/** The help text after the options: notes, then "Example:" or "Examples:" and the command lines. */
export function helpText(help: HelpSpec): string {
  const heading = help.examples.length === 1 ? "Example:" : "Examples:";
  const notes = help.notes === undefined ? "" : `\n${help.notes}\n`;
  return `${notes}\n${heading}\n${help.examples.map((line) => `  $ ${line}`).join("\n")}`;
}
