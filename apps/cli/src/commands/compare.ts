import type { Command } from "commander";
import { addCommand } from "../cli/define-command.js";
import { compareSpec } from "./compare/options.js";
import { printCompare, runCompare } from "./compare/run.js";

export function registerCompare(program: Command): void {
  addCommand(program, { spec: compareSpec, run: runCompare, print: printCompare });
}
