import type { Command } from "commander";
import { addCommand } from "../cli/define-command.js";
import { checkSpec } from "./check/options.js";
import { printCheck, runCheck } from "./check/run.js";

export function registerCheck(program: Command): void {
  addCommand(program, { spec: checkSpec, run: runCheck, print: printCheck });
}
