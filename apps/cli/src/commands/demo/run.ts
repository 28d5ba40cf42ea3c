import { isAbsolute, relative } from "node:path";
import { defaultCatalog, UsageError } from "@valens/core";
import { runDemo } from "../../demo/run-demo.js";
import { colors, printJson, printLine, status } from "../../output.js";
import type { DemoOptions } from "./options.js";

type DemoResult = Awaited<ReturnType<typeof runDemo>>;

export function runDemoCommand(options: DemoOptions): Promise<DemoResult> {
  const log = options.json
    ? () => {}
    : (line: string) => status(line.startsWith("  ") ? colors.dim(line) : line);
  for (const [flag, n, max] of [
    ["--countries", options.countries, defaultCatalog.countries.length],
    ["--topics", options.topics, defaultCatalog.topics.length],
  ] as const)
    if (n < 1 || n > max)
      throw new UsageError(`${flag} ${n} is out of range: the catalog has ${max}`, {
        hint: `Give ${flag} a number from 1 to ${max}`,
      });
  return runDemo({
    out: options.out,
    force: options.force ?? false,
    countries: options.countries,
    topics: options.topics,
    task2Variants: options.task2Variants,
    log,
  });
}

/**
 * How to call valens again, as the README says: `npx valens` when npm started this process (in a
 * clone, `npm start`/`npx valens`), plain `valens` when it was installed or linked onto the PATH.
 */
export function nextCommand(env: Readonly<Record<string, string | undefined>>): string {
  return env.npm_command ? "npx valens" : "valens";
}

/** Paths under the working directory are shown relative to it, others in full. */
const here = (path: string) => {
  const rel = relative(process.cwd(), path);
  return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? path : rel;
};

export function printDemo(result: DemoResult, options: DemoOptions): void {
  if (options.json) {
    // The predictor section is in report.json; here only where the predictor is and how it did.
    const { predictor } = result;
    printJson({
      ...result,
      predictor: predictor ? { dir: predictor.dir, summary: predictor.summary } : null,
    });
    return;
  }
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
}
