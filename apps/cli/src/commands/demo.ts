import type { Command } from "commander";
import { addCommand } from "../cli/define-command.js";
import { demoSpec } from "./demo/options.js";
import { printDemo, runDemoCommand } from "./demo/run.js";

export function registerDemo(program: Command): void {
  addCommand(program, { spec: demoSpec, run: runDemoCommand, print: printDemo });
}
