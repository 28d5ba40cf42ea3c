import type { Command } from "commander";
import { addCommand } from "../cli/define-command.js";
import { metricsSpec } from "./metrics/options.js";
import { printMetrics } from "./metrics/print.js";
import { runMetrics } from "./metrics/run.js";

export function registerMetrics(program: Command): void {
  addCommand(program, { spec: metricsSpec, run: runMetrics, print: printMetrics });
}
