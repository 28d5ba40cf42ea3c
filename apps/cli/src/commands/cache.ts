import type { Command } from "commander";
import { addCommand, addGroup } from "../cli/define-command.js";
import { cacheGroup, clearSpec, lsSpec, pruneSpec } from "./cache/options.js";
import { printLs, runClear, runLs, runPrune } from "./cache/run.js";

/** `valens cache ls|prune|clear`: the response store shared by every model call. */
export function registerCache(program: Command): void {
  const cache = addGroup(program, cacheGroup);
  addCommand(cache, { spec: lsSpec, run: runLs, print: printLs });
  addCommand(cache, { spec: pruneSpec, run: runPrune });
  addCommand(cache, { spec: clearSpec, run: runClear });
}
