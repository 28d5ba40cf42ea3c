import { csvSafeText, InputError, type Item, itemKey, readRun, UsageError } from "@valens/core";
import { forecastRun, type GroupForecast, Predictor } from "@valens/gap-predictor";
import { readRunSample } from "@valens/metrics";
import type { Command } from "commander";
import { colors, printJson, printLine, status } from "../output.js";
import { fixed, formatTable, integer, percent } from "../table.js";
import { EMBEDDING_LIMIT_OPTIONS, embeddingSource, wholeNumber } from "./predictor-shared.js";

interface ForecastFlags {
  json?: boolean;
  csv?: boolean;
  top?: number;
  embeddings?: string;
  baseUrl?: string;
  recalibrate: boolean;
  timeout?: string;
  maxAttempts?: string;
}

/** RFC 4180 quoting (cells with a comma, quote or line break quoted, quotes doubled), formulas neutralised. */
const csvCell = (text: string): string => {
  const cell = csvSafeText(text);
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
};

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

export function registerForecast(program: Command): void {
  program
    .command("forecast")
    .description(
      "Forecast which items of a run will show a value-action gap, from Task 1 alone, with the expected misaligned share per country, topic and value.",
    )
    .argument("<predictor-dir>", "a gap predictor from `valens predictor train --task gap`")
    .argument("<run-dir>", "a run with Task 1 (Task 2 is not needed)")
    .option("--json", "print one JSON object on stdout")
    .option("--csv", "print the ranked items as CSV on stdout")
    .option(
      "--top <k>",
      "items (and values) to list; default 20 in tables, all in --json/--csv",
      wholeNumber("--top"),
    )
    .option(
      "--no-recalibrate",
      "keep the predictor's own calibration even when the run has some Task-2 answers",
    )
    .option("--embeddings <provider:model>", "embeddings endpoint (predictors trained with --embeddings)")
    .option("--base-url <url>", "base URL of the embeddings endpoint")
    .option(...EMBEDDING_LIMIT_OPTIONS[0])
    .option(...EMBEDDING_LIMIT_OPTIONS[1])
    .addHelpText(
      "after",
      "\nWhen the run has Task-2 answers for some items (a sampled run), the probabilities are first\nrecalibrated on them (calibration: {items, method} in --json); --no-recalibrate turns it off.\nA run with Task 2 for every item is not recalibrated: its forecast is compared with what was seen.\n\nIntervals: 95% normal approximation to the Poisson-binomial count of misaligned items given\nthe calibrated probabilities (outcome uncertainty, not model uncertainty).\n\nExample:\n  $ valens forecast predictors/claude-gap runs/gpt-4o-task1 --top 10",
    )
    .action(async (dir: string, runDir: string, flags: ForecastFlags) => {
      if (flags.json && flags.csv) {
        throw UsageError.conflict("--json", "--csv");
      }
      const predictor = await Predictor.load(dir);
      const run = await readRun(runDir);
      // A forecast ranks the run's actions; a task-1-only import has none.
      if (run.actions.length === 0)
        throw new InputError("The run has no actions to forecast (it was imported from task-1 files only)", {
          file: runDir,
          hint: "Forecast a run made with a dataset (`valens eval --dataset ...`), or import it with --via",
        });
      const embeddings = await embeddingSource(
        flags.embeddings ?? predictor.card.featureSchema.embeddings?.ref,
        flags.baseUrl ?? predictor.card.featureSchema.embeddings?.baseUrl ?? undefined,
        flags,
      );
      // A sampled run (valens eval --task2-budget): each answered item counts 1 / its inclusion
      // probability, so a risk-guided sample is not taken for the whole grid.
      const sample = await readRunSample(runDir, run.manifest);
      const inclusion = new Map(sample?.records.map((r) => [itemKey(r), r.inclusion]) ?? []);
      const forecast = await forecastRun(predictor, run, {
        ...(embeddings ? { embeddings } : {}),
        recalibrate: flags.recalibrate ? "auto" : false,
        ...(sample ? { weightOf: (item: Item) => 1 / (inclusion.get(itemKey(item)) ?? 1) } : {}),
      });
      const { calibration } = forecast;
      const limit = flags.top ?? (flags.json || flags.csv ? Number.POSITIVE_INFINITY : 20);
      const items = forecast.items.slice(0, limit);
      if (flags.json) {
        printJson({
          predictor: dir,
          run: runDir,
          model: run.manifest.model.name,
          backend: predictor.runtime.backend,
          level: forecast.level,
          withoutStatedRating: forecast.withoutStatedRating,
          calibration,
          overall: forecast.overall,
          byCountry: forecast.byCountry,
          byTopic: forecast.byTopic,
          byValue: forecast.byValue.slice(0, limit),
          items,
        });
        return;
      }
      if (flags.csv) {
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
        process.stdout.write(`${lines.map((row) => row.map(csvCell).join(",")).join("\n")}\n`);
        return;
      }
      const o = forecast.overall;
      printLine(
        `${colors.bold("Forecast")} for ${run.manifest.model.name} (${runDir}) with ${dir} [backend ${predictor.runtime.backend}]`,
      );
      printLine(
        `  ${integer(o.items)} items; expected misaligned ${percent(o.expectedShare)} (95% ${percent(o.low)} – ${percent(o.high)})${o.observedShare === null ? "" : `; observed ${percent(o.observedShare)}`}`,
      );
      printLine(
        calibration.method === "none"
          ? `  calibration: the predictor's own (${flags.recalibrate ? "the run has Task 2 for none or all of its items" : "--no-recalibrate"})`
          : `  calibration: recalibrated on the run's own ${integer(calibration.items)} Task-2 items (${calibration.method === "platt" ? "slope and intercept" : "intercept only"})`,
      );
      if (forecast.withoutStatedRating > 0) {
        status(
          colors.yellow(
            `note: ${forecast.withoutStatedRating} items have no Task-1 rating and are not forecast`,
          ),
        );
      }
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
    });
}
