import { isAbsolute, relative } from "node:path";
import { defaultCatalog, UsageError } from "@valens/core";
import type { Command } from "commander";
import { runDemo } from "../demo/run-demo.js";
import { colors, printJson, printLine, status } from "../output.js";
import { parseCount } from "./parse-options.js";

interface DemoFlags {
  out: string;
  force?: boolean;
  countries: number;
  topics: number;
  task2Variants: string;
  json?: boolean;
}

export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description(
      "Run the whole pipeline offline against a built-in mock model: dataset, both tasks, measures, predictor, report",
    )
    .option("-o, --out <dir>", "where everything is written", "demo-output")
    .option("--force", "replace a non-empty --out directory")
    .option("--countries <n>", "countries of the grid (from the catalog's first)", parseCount, 2)
    .option("--topics <n>", "topics of the grid (from the catalog's first)", parseCount, 2)
    .option("--task2-variants <list>", "task-2 prompt variants, comma-separated (0-7)", "0,1,2,3,4,5,6,7")
    .option("--json", "print what was done and where as JSON on stdout")
    .addHelpText(
      "after",
      `
No API key and no network: a mock OpenAI-compatible server runs inside the process on loopback
and plays two models. Takes well under a minute.

Examples:
  $ valens demo
  $ valens demo --out /tmp/valens-demo --force --countries 3`,
    )
    .action(async (flags: DemoFlags) => {
      const task2Variants = flags.task2Variants.split(",").map((v) => parseCount(v.trim()));
      const log = flags.json
        ? () => {}
        : (line: string) => status(line.startsWith("  ") ? colors.dim(line) : line);
      for (const [flag, n, max] of [
        ["--countries", flags.countries, defaultCatalog.countries.length],
        ["--topics", flags.topics, defaultCatalog.topics.length],
      ] as const)
        if (n < 1 || n > max)
          throw new UsageError(`${flag} ${n} is out of range: the catalog has ${max}`, {
            hint: `Give ${flag} a number from 1 to ${max}`,
          });
      const result = await runDemo({
        out: flags.out,
        force: flags.force ?? false,
        countries: flags.countries,
        topics: flags.topics,
        task2Variants,
        log,
      });
      if (flags.json) {
        // The predictor section is in report.json; here only where the predictor is and how it did.
        printJson({
          ...result,
          predictor: result.predictor
            ? { dir: result.predictor.dir, summary: result.predictor.summary }
            : null,
        });
        return;
      }
      // Paths under the working directory are shown relative to it, others in full.
      const here = (path: string) => {
        const rel = relative(process.cwd(), path);
        return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? path : rel;
      };
      printLine();
      printLine(
        `${colors.green(colors.bold("valens demo done"))} in ${(result.ms / 1000).toFixed(1)} s, ${result.requests} requests to the mock model`,
      );
      printLine(`  report        ${here(result.report.out)}   (open it in a browser; works offline)`);
      printLine(`  tables (CSV)  ${here(result.report.csvDir ?? "")}/`);
      printLine(`  report data   ${here(result.json)}`);
      printLine(`  dataset       ${here(result.dataset)}`);
      for (const run of result.runs) printLine(`  run           ${here(run.dir)}/   (${run.model})`);
      if (result.predictor) printLine(`  predictor     ${here(result.predictor.dir)}/`);
      printLine();
      printLine("Next:");
      const valens = nextCommand(process.env);
      const first = result.runs[0];
      if (first) printLine(`  ${valens} metrics ${here(first.dir)}`);
      printLine(`  ${valens} report ${result.runs.map((r) => here(r.dir)).join(" ")} --out my-report.html`);
      printLine(`  ${valens} reproduce --out reproduction   (the study's published outputs)`);
    });
}

/**
 * How to call valens again, as the README says: `npx valens` when npm started this process (in a
 * clone, `npm start`/`npx valens`), plain `valens` when it was installed or linked onto the PATH.
 */
export function nextCommand(env: Readonly<Record<string, string | undefined>>): string {
  return env.npm_command ? "npx valens" : "valens";
}
