import type { Command } from "commander";
import { addCommand, addGroup } from "../cli/define-command.js";
import { ExitCode } from "../exit-codes.js";
import { printDownload, runDownload } from "./dataset/download.js";
import { printGenerate, runGenerate } from "./dataset/generate.js";
import { datasetGroup, downloadSpec, generateSpec, validateSpec } from "./dataset/options.js";
import { printValidate, runValidate } from "./dataset/validate.js";

export function registerDataset(program: Command): void {
  const dataset = addGroup(program, datasetGroup);
  addCommand(dataset, { spec: downloadSpec, run: runDownload, print: printDownload });
  addCommand(dataset, {
    spec: generateSpec,
    run: runGenerate,
    print: printGenerate,
    exitCode: ({ written }) => (written && written.failedRequests > 0 ? ExitCode.provider : undefined),
  });
  addCommand(dataset, {
    spec: validateSpec,
    run: runValidate,
    print: printValidate,
    // Problems found are a failed check, whatever the output format.
    exitCode: (report) => (report.valid < report.records ? ExitCode.input : undefined),
  });
}
