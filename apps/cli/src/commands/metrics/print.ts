import type { MetricsReport } from "@valens/metrics";
import { printJson, printLine } from "../../output.js";
import type { MetricsOptions } from "./options.js";
import { renderReport } from "./render.js";

export function printMetrics(report: MetricsReport, options: MetricsOptions): void {
  if (options.json) printJson({ run: options.dir, ...report });
  else printLine(renderReport(options.dir, report, options.top));
}
