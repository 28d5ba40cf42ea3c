import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { UsageError } from "@valens/core";
import { type Command, Option } from "commander";
import { colors, printJson, status } from "../output.js";
import type { FileSource } from "../reproduce/obtain-files.js";
import { releasedManifest } from "../reproduce/released-manifest.js";
import { reproduce } from "../reproduce/reproduce.js";
import { fixed } from "../table.js";
import { parseCount } from "./parse-options.js";

interface ReproduceFlags {
  out: string;
  from?: string;
  models?: string[];
  cacheDir?: string;
  mirror?: string;
  timeout: number;
  missing: "exclude" | "agree";
  distance: "study" | "item";
  bootstrap: number;
  seed: number;
  force?: boolean;
  json?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean),
];

function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "valens", "released", releasedManifest.commit.slice(0, 12));
}

export function registerReproduce(program: Command): void {
  const defaults = releasedManifest.models.filter((m) => m.default).map((m) => m.name);
  program
    .command("reproduce")
    .description(
      "Download the study's published VIA dataset and model outputs, import each model, and write one comparison report",
    )
    .requiredOption(
      "-o, --out <dir>",
      "output directory: runs/<model>/, report.html, report-tables/, report.json",
    )
    .option(
      "--from <dir>",
      "use local copies laid out as via/via_full.csv and released/* instead of downloading",
    )
    .option(
      "--models <names...>",
      `models to import, space- or comma-separated (default: ${defaults.join(", ")}; also: ${releasedManifest.models
        .filter((m) => !m.default)
        .map((m) => m.name)
        .join(", ")})`,
      collect,
    )
    .option(
      "--cache-dir <dir>",
      "where downloads are kept and reused (default: ~/.cache/valens/released/<commit>)",
    )
    .option("--mirror <url>", "download from this base URL instead of raw.githubusercontent.com (same paths)")
    .option("--timeout <seconds>", "per-file download timeout", parseCount, 120)
    .addOption(
      new Option(
        "--missing <policy>",
        "items without a Task-2 answer: exclude (valens) or agree (the study's notebooks)",
      )
        .choices(["exclude", "agree"])
        .default("exclude"),
    )
    .addOption(
      new Option(
        "--distance <kind>",
        "distance of the report's heatmaps and rankings: the study's (cell means first) or item-level",
      )
        .choices(["study", "item"])
        .default("study"),
    )
    .option("--bootstrap <n>", "bootstrap resamples for the 95% intervals (0: none)", parseCount, 1000)
    .option("--seed <n>", "bootstrap seed", parseCount, 1)
    .option("--force", "replace a non-empty --out directory")
    .option("--json", "print a summary as JSON on stdout")
    .addHelpText(
      "after",
      `
Files are pinned to ${releasedManifest.repository}@${releasedManifest.commit.slice(0, 12)} and checked by size,
sha256 and git blob id (datasets/released-manifest.json). A model whose task-2 file is not available
is imported task-1-only.

Examples:
  $ valens reproduce --out reproduction
  $ valens reproduce --from ../shared/data --out reproduction
  $ valens reproduce --models claude-sonnet-4 gpt-4o --out reproduction --json`,
    )
    .action(async (flags: ReproduceFlags) => {
      if (flags.from !== undefined && flags.mirror !== undefined)
        throw UsageError.conflict(
          "--from",
          "--mirror",
          "Read local files with --from, or download from --mirror",
        );
      if (flags.mirror !== undefined && !isHttpUrl(flags.mirror))
        throw new UsageError(`--mirror "${flags.mirror}" is not an http(s) URL`, {
          hint: "Give the base URL the release's paths live under, e.g. --mirror https://example.org/value_action_gap",
        });
      if (flags.models?.flatMap((m) => m.split(",")).every((m) => m.trim() === "") === true)
        throw new UsageError("--models is empty", {
          hint: "Name one or more released models, or leave --models out",
        });
      const source: FileSource = flags.from
        ? { kind: "local", dir: resolve(flags.from) }
        : {
            kind: "download",
            cacheDir: resolve(flags.cacheDir ?? defaultCacheDir()),
            baseUrl: flags.mirror ?? null,
            timeoutMs: Math.max(1, flags.timeout) * 1000,
            retries: 2,
          };
      const result = await reproduce({
        source,
        models: flags.models ?? null,
        out: flags.out,
        force: flags.force ?? false,
        missing: flags.missing,
        distance: flags.distance,
        bootstrap: flags.bootstrap,
        seed: flags.seed,
        log: flags.json ? () => {} : status,
      });
      if (flags.json) {
        printJson({
          out: result.out,
          report: result.report.out,
          json: result.json,
          tables: result.report.csvDir,
          runs: result.runs,
          files: result.files,
          headlines: result.headlines,
          ms: result.ms,
        });
        return;
      }
      status(
        `${colors.green("done")} in ${(result.ms.total / 1000).toFixed(1)} s (files ${result.ms.obtain} ms, import ${result.ms.import} ms, report ${result.ms.report} ms)`,
      );
      for (const { model, headline: h } of result.headlines)
        status(
          h.alignmentRateStudy === null
            ? `  ${model}: task 1 only`
            : `  ${model}: alignment rate (study: F1 of disagree) ${fixed(h.alignmentRateStudy)}, F1 of agree ${fixed(h.alignmentRate)}, macro-F1 ${fixed(h.macroF1)}, kappa ${fixed(h.kappa)}, distance (study) ${fixed(h.meanDistanceStudy)}, distance (item) ${fixed(h.meanDistance)}`,
        );
      status(`  report: ${result.report.out}`);
      status(`  tables: ${result.report.csvDir}`);
      status(`  data:   ${result.json}`);
      status(`  runs:   ${join(result.out, "runs")}/`);
    });
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
