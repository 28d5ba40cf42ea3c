import type { Command } from "commander";
import { addCommand, addGroup } from "../cli/define-command.js";
import { importGroup, releasedSpec, tableSpec } from "./import/options.js";
import { printReleased, runReleased } from "./import/released.js";
import { printTable, runTable } from "./import/table.js";

export function registerImport(program: Command): void {
  const command = addGroup(program, importGroup);
  addCommand(command, { spec: releasedSpec, run: runReleased, print: printReleased });
  addCommand(command, { spec: tableSpec, run: runTable, print: printTable });
}
