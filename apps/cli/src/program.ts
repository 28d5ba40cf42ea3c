import { VALENS_VERSION } from "@valens/core";
import { Command } from "commander";
import { commands } from "./commands/index.js";

export function createProgram(): Command {
  const program = new Command("valens")
    .description("Measure and forecast the value-action gap of large language models.")
    .version(VALENS_VERSION, "-V, --version", "print the valens version")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}
