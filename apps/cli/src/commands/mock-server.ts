import type { Command } from "commander";
import { addCommand } from "../cli/define-command.js";
import { mockServerSpec } from "./mock-server/options.js";
import { runMockServer } from "./mock-server/run.js";

export function registerMockServer(program: Command): void {
  addCommand(program, { spec: mockServerSpec, run: runMockServer });
}
