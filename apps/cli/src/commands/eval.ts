import type { Command } from "commander";
import { addCommand } from "../cli/define-command.js";
import { ExitCode } from "../exit-codes.js";
import { evalSpec } from "./eval/options.js";
import { printEval } from "./eval/print.js";
import { runEvalCommand } from "./eval/run.js";

export function registerEval(program: Command): void {
  addCommand(program, {
    spec: evalSpec,
    run: runEvalCommand,
    print: printEval,
    // Requests without an answer after retries: the run is kept, and a rerun asks only for those.
    exitCode: (result) => (result.failedRequests > 0 ? ExitCode.provider : undefined),
  });
}
