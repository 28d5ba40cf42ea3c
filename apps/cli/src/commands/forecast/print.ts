import { csvSafeText, formatCsvRecords } from "@valens/core";
import type { GroupForecast } from "@valens/gap-predictor";
import { colors, printJson, printLine, status } from "../../output.js";
import { fixed, formatTable, integer, percent } from "../../table.js";
import type { ForecastOptions } from "./options.js";
import type { ForecastResult } from "./run.js";

type Forecast = ForecastResult["forecast"];
type ForecastItem = Forecast["items"][number];

function groupTable(title: string, groups: readonly GroupForecast[], top: number): string {
  const shown = groups.slice(0, top);
  const observed = groups.some((g) => g.observedShare !== null);
  const header = [title, "items", "expected", "95% interval", ...(observed ? ["observed"] : [])];
  const rows = shown.map((g) => [
    g.group,
    integer(g.items),
    percent(g.expectedShare),
    `${percent(g.low)} – ${percent(g.high)}`,
    ...(observed ? [percent(g.observedShare)] : []),
  ]);
  const more =
    groups.length > shown.length ? `\n  (${groups.length - shown.length} more; --top to show them)` : "";
  return formatTable(header, rows) + more;
}

function printCsv(items: readonly ForecastItem[]): void {
  const lines = [
    ["rank", "country", "topic", "value", "probability", "stated_mean", "observed"],
    ...items.map((i) => [
      String(i.rank),
      i.country,
      i.topic,
      i.value,
      i.probability.toFixed(6),
      i.statedMean === null ? "" : i.statedMean.toFixed(4),
      i.observed === null ? "" : String(i.observed),
    ]),
  ];
  // Formulas neutralised, then quoted like every CSV valens writes.
  process.stdout.write(formatCsvRecords(lines.map((row) => row.map(csvSafeText))));
}

function calibrationLine(forecast: Forecast, recalibrate: boolean): string {
  const { calibration } = forecast;
  const why = !recalibrate
    ? "--no-recalibrate"
    : forecast.overall.observedShare === null
      ? "the run has no Task-2 answers"
      : "the run has Task 2 for every item: compared, not recalibrated";
  return calibration.method === "none"
    ? `  calibration: the predictor's own (${why})`
    : `  calibration: recalibrated on the run's own ${integer(calibration.items)} Task-2 items (${calibration.method === "platt" ? "slope and intercept" : "intercept only"})`;
}

/** Why a zero-shot level is not a measurement, and how to get one. */
function zeroShotNote(model: string, predictorDir: string): string {
  return `note: ${model} is not a model this predictor was trained on. A zero-shot forecast ranks items usefully, but its level can be off by a fifth or more, and the interval above counts outcome noise only. For a measured share, run Task 2 on a sample: valens eval ... --task2-budget 5% --guide ${predictorDir}`;
}

function printTables(
  result: ForecastResult,
  options: ForecastOptions,
  items: readonly ForecastItem[],
  limit: number,
) {
  const { forecast } = result;
  const o = forecast.overall;
  printLine(
    `${colors.bold("Forecast")} for ${result.model} (${options.runDir}) with ${options.dir} [backend ${result.backend}]`,
  );
  printLine(
    `  ${integer(o.items)} items; expected misaligned ${percent(o.expectedShare)} (95% ${percent(o.low)} – ${percent(o.high)})${o.observedShare === null ? "" : `; observed ${percent(o.observedShare)}`}`,
  );
  printLine(calibrationLine(forecast, options.recalibrate));
  if (result.unseenModel && forecast.calibration.method === "none" && o.observedShare === null)
    status(colors.yellow(zeroShotNote(result.model, options.dir)));
  if (forecast.withoutStatedRating > 0)
    status(
      colors.yellow(`note: ${forecast.withoutStatedRating} items have no Task-1 rating and are not forecast`),
    );
  printLine(`\n${colors.bold(`Most likely gaps (top ${items.length})`)}`);
  printLine(
    formatTable(
      ["rank", "country", "topic", "value", "p(gap)", "stated mean"],
      items.map((i) => [
        String(i.rank),
        i.country,
        i.topic,
        i.value,
        fixed(i.probability),
        fixed(i.statedMean, 2),
      ]),
    ),
  );
  const top = Number.isFinite(limit) ? limit : 20;
  printLine(`\n${groupTable("country", forecast.byCountry, Number.POSITIVE_INFINITY)}`);
  printLine(`\n${groupTable("topic", forecast.byTopic, Number.POSITIVE_INFINITY)}`);
  printLine(`\n${groupTable("value", forecast.byValue, top)}`);
}

export function printForecast(result: ForecastResult, options: ForecastOptions): void {
  const { forecast } = result;
  const limit = options.top ?? (options.json || options.csv ? Number.POSITIVE_INFINITY : 20);
  const items = forecast.items.slice(0, limit);
  if (options.json) {
    printJson({
      predictor: options.dir,
      run: options.runDir,
      model: result.model,
      unseenModel: result.unseenModel,
      backend: result.backend,
      level: forecast.level,
      withoutStatedRating: forecast.withoutStatedRating,
      calibration: forecast.calibration,
      overall: forecast.overall,
      byCountry: forecast.byCountry,
      byTopic: forecast.byTopic,
      byValue: forecast.byValue.slice(0, limit),
      items,
    });
  } else if (options.csv) printCsv(items);
  else printTables(result, options, items, limit);
}
