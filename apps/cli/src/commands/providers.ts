import type { Command } from "commander";
import { addCommand } from "../cli/define-command.js";
import { providersSpec } from "./providers/options.js";
import { printProviders, runProviders } from "./providers/run.js";

export function registerProviders(program: Command): void {
  addCommand(program, { spec: providersSpec, run: runProviders, print: printProviders });
}
