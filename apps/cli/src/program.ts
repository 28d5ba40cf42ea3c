import { VALENS_VERSION } from "@valens/core";
import { Command } from "commander";
import { commandLoaders } from "./commands/index.js";

/**
 * The valens program. Given the command line, only the invoked command's module is loaded;
 * without one (top-level help, an unknown command) all of them are, for help and suggestions.
 */
export async function createProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command("valens")
    .description("Measure and forecast the value-action gap of large language models.")
    .version(VALENS_VERSION, "-V, --version", "print the valens version")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .exitOverride()
    .addHelpText(
      "after",
      `
Exit codes: 0 success, 1 internal error (a bug), 2 bad input or usage, 3 the provider refused,
4 a budget stopped the run, 5 a download failed or did not verify, 6 the host could not be
reached, 7 the response store could not be written (answers kept in a journal), 130 interrupted
(SIGINT), 143 stopped by SIGTERM.
Colours only on a terminal; NO_COLOR turns them off, FORCE_COLOR=1 forces them.

Examples:
  $ valens demo                                   # the whole pipeline offline, under a minute
  $ valens reproduce --out reproduction           # the study's published outputs, one report
  $ valens eval --model openai:gpt-4o-mini --dataset data/via.jsonl --out runs/mini
  $ valens report runs/mini --out report.html`,
    );
  const invoked = argv.slice(2).find((arg) => !arg.startsWith("-"));
  const versionOnly = invoked === undefined && argv.some((arg) => arg === "-V" || arg === "--version");
  const names =
    invoked !== undefined && invoked in commandLoaders
      ? [invoked]
      : versionOnly
        ? []
        : Object.keys(commandLoaders);
  const registers = await Promise.all(names.map((name) => commandLoaders[name]?.() ?? Promise.reject(name)));
  for (const register of registers) register(program);
  return program;
}
