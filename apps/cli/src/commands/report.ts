import type { Command } from "commander";
import { addCommand } from "../cli/define-command.js";
import { reportSpec } from "./report/options.js";
import { printReport } from "./report/print.js";
import { runReport } from "./report/run.js";

export function registerReport(program: Command): void {
  addCommand(program, { spec: reportSpec, run: runReport, print: printReport });
}
