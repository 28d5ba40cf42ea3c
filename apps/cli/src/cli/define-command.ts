import type { Command } from "commander";
import type { z } from "zod";
import { addOptions, helpText } from "./commander-options.js";
import type { CommandSpec, HelpSpec, OptionSpec } from "./option-spec.js";
import { parseCommandLine } from "./parse-command-line.js";

/**
 * A command: its spec (data), a typed `run` without commander, and a printer of its result.
 * `exitCode` turns a result into a non-zero exit without an error (e.g. problems found).
 */
export interface CommandDefinition<S extends z.ZodType, R> {
  spec: CommandSpec<S>;
  run: (options: z.infer<S>) => Promise<R> | R;
  print?: (result: R, options: z.infer<S>) => void;
  exitCode?: (result: R, options: z.infer<S>) => number | undefined;
}

/** Adds a command generated from its definition to `parent`. */
export function addCommand<S extends z.ZodType, R>(
  parent: Command,
  definition: CommandDefinition<S, R>,
): Command {
  const { spec } = definition;
  const command = parent.command(spec.name).description(spec.description);
  for (const argument of spec.arguments ?? []) command.argument(argument.name, argument.description);
  addOptions(command, spec.options);
  command.addHelpText("after", helpText(spec.help));
  command.action(async (...params: unknown[]) => {
    const self = params.at(-1) as Command;
    const options = parseCommandLine(spec, self.processedArgs, self.optsWithGlobals());
    const result = await definition.run(options);
    definition.print?.(result, options);
    const code = definition.exitCode?.(result, options);
    if (code !== undefined) process.exitCode = code;
  });
  return command;
}

/** A command grouping subcommands (`valens dataset ...`), with options they share. */
export interface GroupSpec {
  name: string;
  description: string;
  options?: readonly OptionSpec[];
  help: HelpSpec;
}

export function addGroup(parent: Command, spec: GroupSpec): Command {
  const group = parent.command(spec.name).description(spec.description);
  addOptions(group, spec.options ?? []);
  return group.addHelpText("after", helpText(spec.help));
}
