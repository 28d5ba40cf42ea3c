import type { Command } from "commander";
import { addCommand } from "../cli/define-command.js";
import { forecastSpec } from "./forecast/options.js";
import { printForecast } from "./forecast/print.js";
import { runForecast } from "./forecast/run.js";

export function registerForecast(program: Command): void {
  addCommand(program, { spec: forecastSpec, run: runForecast, print: printForecast });
}
