import { ValensError } from "@valens/core";
import { CommanderError } from "commander";
import { ExitCode, exitCodeFor } from "./exit-codes.js";
import { colors } from "./output.js";
import { createProgram } from "./program.js";

/** Runs the valens command and returns its exit code; never throws. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const program = await createProgram(argv);
    await program.parseAsync([...argv]);
    return typeof process.exitCode === "number" ? process.exitCode : ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit with 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.input;
    }
    if (ValensError.isInstance(error)) {
      process.stderr.write(`${colors.red("valens: error:")} ${error.format()}\n`);
      return exitCodeFor(error);
    }
    process.stderr.write(`${colors.red("valens: internal error (please report it):")}\n`);
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return ExitCode.internal;
  }
}
