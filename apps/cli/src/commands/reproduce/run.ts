import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { UsageError } from "@valens/core";
import { colors, printJson, status } from "../../output.js";
import type { FileSource } from "../../reproduce/obtain-files.js";
import { releasedManifest } from "../../reproduce/released-manifest.js";
import { reproduce } from "../../reproduce/reproduce.js";
import { fixed } from "../../table.js";
import type { ReproduceOptions } from "./options.js";

type Reproduction = Awaited<ReturnType<typeof reproduce>>;

function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "valens", "released", releasedManifest.commit.slice(0, 12));
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** Local copies (--from) or downloads (--mirror or the release itself), never both. */
function sourceOf(options: ReproduceOptions): FileSource {
  if (options.from !== undefined && options.mirror !== undefined)
    throw UsageError.conflict(
      "--from",
      "--mirror",
      "Read local files with --from, or download from --mirror",
    );
  if (options.mirror !== undefined && !isHttpUrl(options.mirror))
    throw new UsageError(`--mirror "${options.mirror}" is not an http(s) URL`, {
      hint: "Give the base URL the release's paths live under, e.g. --mirror https://example.org/value_action_gap",
    });
  if (options.from) return { kind: "local", dir: resolve(options.from) };
  return {
    kind: "download",
    cacheDir: resolve(options.cacheDir ?? defaultCacheDir()),
    baseUrl: options.mirror ?? null,
    timeoutMs: Math.max(1, options.timeout) * 1000,
    retries: 2,
  };
}

export function runReproduce(options: ReproduceOptions): Promise<Reproduction> {
  const source = sourceOf(options);
  if (options.models?.length === 0)
    throw new UsageError("--models is empty", {
      hint: "Name one or more released models, or leave --models out",
    });
  return reproduce({
    source,
    models: options.models ?? null,
    out: options.out,
    force: options.force ?? false,
    missing: options.missing,
    distance: options.distance,
    bootstrap: options.bootstrap,
    seed: options.seed,
    log: options.json ? () => {} : status,
  });
}

type Headline = Reproduction["headlines"][number]["headline"];

const headlineLine = (model: string, h: Headline): string =>
  h.alignmentRateStudy === null
    ? `  ${model}: task 1 only`
    : `  ${model}: alignment rate (study: F1 of disagree) ${fixed(h.alignmentRateStudy)}, F1 of agree ${fixed(h.alignmentRate)}, macro-F1 ${fixed(h.macroF1)}, kappa ${fixed(h.kappa)}, distance (study) ${fixed(h.meanDistanceStudy)}, distance (item) ${fixed(h.meanDistance)}`;

export function printReproduce(result: Reproduction, options: ReproduceOptions): void {
  if (options.json) {
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
  for (const { model, headline } of result.headlines) status(headlineLine(model, headline));
  status(`  report: ${result.report.out}`);
  status(`  tables: ${result.report.csvDir}`);
  status(`  data:   ${result.json}`);
  status(`  runs:   ${join(result.out, "runs")}/`);
}
